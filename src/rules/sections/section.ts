/**
 * A top-level section of the configuration files besides `rules:` (teams, slas, scoring, …).
 * Each section owns its schema and merges its parts from every loaded file into one value,
 * reporting problems as positioned diagnostics. Register new sections in ./index.ts.
 */
import type { Diagnostic } from '../../io/diagnostics.js';

export interface Position {
  line: number;
  column: number;
}

/** One file's value for the section, with a way to point at any node inside it. */
export interface SectionPart {
  file: string;
  value: unknown;
  /** Position of the node at `path` below the section (or of the key `keyOf` in it). */
  locate(path: (string | number)[], keyOf?: string): Position;
}

/** What a section can see of the rules, for checks such as "this rule names an unknown team". */
export interface DeclaredRuleRef {
  id: string;
  file: string;
  line: number;
  column: number;
  team?: { name: string; line: number; column: number };
  /** The rule's own `sla:` name, if it pins one. */
  sla?: { name: string; line: number; column: number };
  /** `tolerance: sla` or an option set to `sla`: needs SLAs to exist. */
  usesSla: boolean;
}

export interface ConfigSection<T> {
  key: string;
  /** JSON Schema of the section's value; validated (all errors, with positions) before merge. */
  schema: Record<string, unknown>;
  /** The value when no file has the section. */
  empty: T;
  merge(parts: readonly SectionPart[], rules: readonly DeclaredRuleRef[]): { value: T; diagnostics: Diagnostic[] };
  /** Checks against other sections, once every section is merged (a route naming a team or a channel). */
  crossCheck?(value: T, sections: ReadonlyMap<string, unknown>, rules: readonly DeclaredRuleRef[]): Diagnostic[];
}

/** A merged section's value, typed by its section (the loader stores values by key). */
export function sectionValue<T>(sections: ReadonlyMap<string, unknown>, section: ConfigSection<T>): T {
  return (sections.get(section.key) as T | undefined) ?? section.empty;
}
