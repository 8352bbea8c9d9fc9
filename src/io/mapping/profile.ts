/**
 * What a `--mapping` file holds once loaded: per-partner code overrides for the EDI/DCSA code tables,
 * and mapping profiles that read a foreign CSV layout (a TMS or carrier export) as canonical records.
 */
import type { CodeMapping, CodeOverrides } from '../../model/codes/resolver.js';
import type { SourcePosition } from '../../model/records.js';

export const PROFILE_RECORDS = ['plans', 'events'] as const;
export type ProfileRecords = (typeof PROFILE_RECORDS)[number];

/** Encodings exports come in; ISO-8859-1 is read as windows-1252, its superset (as browsers do). */
export const PROFILE_ENCODINGS = ['utf-8', 'windows-1252', 'iso-8859-1'] as const;
export type ProfileEncoding = (typeof PROFILE_ENCODINGS)[number];

export interface MappingProfile {
  name: string;
  records: ProfileRecords;
  /** Globs (matched on the path, or the file name for globs without "/"); empty: chosen by header. */
  files: string[];
  delimiter: string;
  encoding: ProfileEncoding;
  decimalSeparator: '.' | ',';
  /** luxon format tokens, tried in order; empty means ISO 8601, as in canonical files. */
  dateFormats: string[];
  /** IANA zone the export writes its local times in; without it, the location's zone, else --tz. */
  zone?: string;
  /** canonical column → the source column(s) it is read from, as spelt in the profile; several are joined by a space. */
  columns: Record<string, string[]>;
  /** Source status value (lower-cased) → canonical status; absent when the export already uses canonical statuses. */
  statuses?: Record<string, CodeMapping>;
  /** canonical column → source value (lower-cased) → canonical value. */
  values: Record<string, Record<string, string>>;
  /** canonical column → the value every record gets (for columns the export does not have). */
  constants: Record<string, string>;
  /** Where the profile is declared, for messages. */
  source: SourcePosition;
}

export interface Mapping {
  codes: CodeOverrides;
  profiles: MappingProfile[];
  /** EDI sender id (upper-case) or "*" → IANA zone its envelope's date and time are written in. */
  senderZones: Readonly<Record<string, string>>;
}

export const EMPTY_MAPPING: Mapping = { codes: {}, profiles: [], senderZones: {} };
