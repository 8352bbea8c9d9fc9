/** Every carrier code table, by the name readers resolve through and `--mapping` files override. */
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
