/** Every carrier code table, by the name readers resolve through and `--mapping` files override. */
import type { CarrierEvent } from '../records.js';
import type { Milestone, Mode } from '../vocabulary.js';
import { DCSA_CODES } from './dcsa.js';
import { IFTSTA_STATUS_CODES } from './iftsta.js';
import type { CodeTable } from './resolver.js';
import { X12_214_CODES, X12_214_TABLE } from './x12-214.js';
import { X12_315_CODES, X12_315_TABLE } from './x12-315.js';

export const CODE_TABLES: Readonly<Record<string, CodeTable>> = {
  dcsa: DCSA_CODES,
  iftsta: IFTSTA_STATUS_CODES,
  [X12_214_TABLE]: X12_214_CODES,
  [X12_315_TABLE]: X12_315_CODES,
};

/**
 * The code table a stored event's code was read from, by the element the reader kept in `rawQualifier`
 * (AT701 / AT703: X12 214, B403: X12 315). Only the tables that have `alsoRecords` entries need to be
 * found again (test/model/codes-also-records.test.ts checks that each one is).
 */
export const TABLE_OF_QUALIFIER: Readonly<Record<string, string>> = {
  AT701: X12_214_TABLE,
  AT703: X12_214_TABLE,
  B403: X12_315_TABLE,
};

/**
 * The milestones an event's code also records on a shipment of `mode` (its table entry's `alsoRecords`),
 * looked up where the mode is known: the engine, with the plan. Only when the event still says what the
 * table says (a `--mapping` override that gives the code another status, or a 315 port call read as
 * in_transit, keeps the code's own meaning off) and only for actuals.
 */
export function alsoRecordedMilestones(
  event: Pick<CarrierEvent, 'status' | 'classifier' | 'rawCode' | 'rawQualifier' | 'unknownCode'>,
  mode: Mode,
): readonly Milestone[] {
  if (event.classifier !== 'actual' || event.unknownCode || !event.rawCode || !event.rawQualifier) return NONE;
  const table = TABLE_OF_QUALIFIER[event.rawQualifier];
  const mapping = table ? CODE_TABLES[table]?.[event.rawCode.trim().toUpperCase()] : undefined;
  if (!mapping || mapping.status !== event.status || (mapping.classifier ?? 'actual') !== 'actual') return NONE;
  return mapping.alsoRecords?.[mode] ?? NONE;
}

const NONE: readonly Milestone[] = [];
