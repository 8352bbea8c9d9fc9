/**
 * `root_causes:` — the two-level taxonomy a resolved case is filed under (`carrier/capacity`), so
 * root-cause reports count like with like. Configuring it replaces the built-in taxonomy below.
 */
import type { Diagnostic, ProblemCode } from '../../io/diagnostics.js';
import type { ConfigSection } from './section.js';

/** Category → causes, as configured (or built in); a root cause is written `category/cause`. */
export type RootCauseTaxonomy = ReadonlyMap<string, readonly string[]>;

/** What a case can be filed under when no file configures `root_causes`. */
export const BUILT_IN_ROOT_CAUSES: RootCauseTaxonomy = new Map([
  ['carrier', ['capacity', 'equipment', 'missed_connection', 'schedule_change', 'breakdown', 'late_reporting']],
  ['customs', ['missing_documents', 'inspection', 'duties_unpaid', 'classification']],
  ['shipper', ['late_cargo', 'wrong_documents', 'booking_error']],
  ['consignee', ['not_available', 'refused']],
  ['port', ['congestion', 'strike', 'closure']],
  ['weather', ['storm', 'other']],
  ['data', ['wrong_plan', 'missing_event', 'wrong_event']],
]);

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export const rootCausesSection: ConfigSection<RootCauseTaxonomy> = {
  key: 'root_causes',
  schema: {
    type: 'object',
    description: 'Root-cause taxonomy: each category lists its causes; a case is filed under category/cause.',
    additionalProperties: { type: 'array', items: { type: 'string' }, minItems: 1 },
    minProperties: 1,
  },
  empty: BUILT_IN_ROOT_CAUSES,
  merge(parts) {
    const taxonomy = new Map<string, string[]>();
    const definedAt = new Map<string, string>();
    const diagnostics: Diagnostic[] = [];
    const error = (file: string, at: { line: number; column: number }, code: ProblemCode, message: string) =>
      diagnostics.push({ file, ...at, severity: 'error', code, message });
    for (const part of parts) {
      for (const [category, causes] of Object.entries(part.value as Record<string, string[]>)) {
        const at = part.locate([], category);
        if (!NAME.test(category)) {
          error(part.file, at, 'invalid-name', `root_causes: "${category}" is not a valid category name (letters, digits, "_", "-")`);
          continue;
        }
        const earlier = definedAt.get(category.toLowerCase());
        if (earlier) {
          error(part.file, at, 'duplicate-root-cause', `root_causes: category "${category}" is already defined at ${earlier}`);
          continue;
        }
        definedAt.set(category.toLowerCase(), `${part.file}:${at.line}`);
        const seen = new Set<string>();
        causes.forEach((cause, index) => {
          const causeAt = part.locate([category, index]);
          if (!NAME.test(cause)) {
            error(part.file, causeAt, 'invalid-name', `root_causes.${category}: "${cause}" is not a valid cause name (letters, digits, "_", "-")`);
          } else if (seen.has(cause.toLowerCase())) {
            error(part.file, causeAt, 'duplicate-root-cause', `root_causes.${category}: "${cause}" is listed twice`);
          }
          seen.add(cause.toLowerCase());
        });
        taxonomy.set(
          category,
          causes.filter((cause) => NAME.test(cause)),
        );
      }
    }
    return { value: taxonomy, diagnostics };
  },
};
