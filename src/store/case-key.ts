/**
 * A case key is `rule|subject|finding`, and the rule id and the subject (a shipment id, SKU@LOCATION, a
 * reference) may themselves hold `|`: the finding (a milestone, a document type, a pair) is what follows
 * the rule id and the subject, by their lengths, never by splitting on `|`.
 */

/** The finding of a case key whose rule and subject are known. */
export function findingOfCaseKey(caseKey: string, ruleId: string, subjectId: string): string {
  return caseKey.slice(ruleId.length + subjectId.length + 2);
}

/** The same in SQL, over a cases table aliased `alias`. */
export const findingOfCaseSql = (alias: string): string => `substr(${alias}.case_key, length(${alias}.rule_id) + length(${alias}.shipment_id) + 3)`;
