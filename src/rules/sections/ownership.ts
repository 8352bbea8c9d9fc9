/**
 * `ownership:` — which team owns the cases of rules that name no `team`, by rule, mode, carrier or
 * lane. Entries are tried in order (files in load order); the first whose fields all match wins, and
 * an entry with only `team` catches everything left.
 */
import picomatch from 'picomatch';
import { MODES } from '../../model/vocabulary.js';
import { closestName } from '../../model/suggest.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import { sectionValue, type ConfigSection, type Position } from './section.js';
import { teamsSection } from './teams.js';

export interface OwnershipEntry {
  team: string;
  /** Rule ids or globs (`arrival-*`). */
  rule?: string[];
  mode?: string[];
  carrier?: string[];
  /** Globs on ORIGIN>DESTINATION, like rule selectors. */
  lane?: string[];
  source: { file: string; team: Position; rule: Position };
}

const stringOrList = (items: Record<string, unknown>) => ({ oneOf: [items, { type: 'array', items, minItems: 1 }] });
const asList = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

type RawEntry = { team: string; rule?: string | string[]; mode?: string | string[]; carrier?: string | string[]; lane?: string | string[] };

export const ownershipSection: ConfigSection<OwnershipEntry[]> = {
  key: 'ownership',
  schema: {
    type: 'array',
    description: 'Default team for cases of rules without a team: the first entry whose fields all match.',
    items: {
      type: 'object',
      required: ['team'],
      properties: {
        team: { type: 'string' },
        rule: stringOrList({ type: 'string', description: 'Rule id or glob' }),
        mode: stringOrList({ type: 'string', enum: [...MODES] }),
        carrier: stringOrList({ type: 'string' }),
        lane: stringOrList({ type: 'string', description: 'Glob on ORIGIN>DESTINATION, e.g. CN*>US*' }),
      },
      additionalProperties: false,
    },
  },
  empty: [],
  merge(parts, rules) {
    const entries: OwnershipEntry[] = [];
    const diagnostics: Diagnostic[] = [];
    const ruleIds = rules.map((rule) => rule.id);
    for (const part of parts) {
      (part.value as RawEntry[]).forEach((raw, index) => {
        const entry: OwnershipEntry = {
          team: raw.team,
          rule: asList(raw.rule),
          mode: asList(raw.mode),
          carrier: asList(raw.carrier),
          lane: asList(raw.lane),
          source: { file: part.file, team: part.locate([index, 'team']), rule: part.locate([index, 'rule']) },
        };
        entries.push(entry);
        // Only checkable when the rules are loaded together with the ownership.
        if (ruleIds.length === 0) return;
        for (const pattern of entry.rule ?? []) {
          const matches = picomatch(pattern);
          const owned = rules.filter((rule) => matches(rule.id));
          if (owned.length === 0) {
            const near = closestName(pattern, ruleIds);
            diagnostics.push({
              file: part.file,
              ...entry.source.rule,
              severity: 'warning',
              code: 'unknown-rule',
              message: `ownership: rule "${pattern}" matches no rule${near ? `; did you mean "${near}"?` : ''}`,
            });
          } else if (owned.every((rule) => rule.team)) {
            diagnostics.push({
              file: part.file,
              ...entry.source.rule,
              severity: 'warning',
              code: 'ownership-unused',
              message: `ownership: every rule matching "${pattern}" names its own team, which wins over ownership`,
            });
          }
        }
      });
    }
    return { value: entries, diagnostics };
  },
  crossCheck(entries, sections) {
    // Without a teams section any team name goes, as for a rule's own `team`.
    const teams = sectionValue(sections, teamsSection);
    if (teams.size === 0) return [];
    const known = [...teams.keys()];
    return entries
      .filter((entry) => !teams.has(entry.team))
      .map((entry) => {
        const near = closestName(entry.team, known);
        return {
          file: entry.source.file,
          ...entry.source.team,
          severity: 'error' as const,
          code: 'unknown-team',
          message: `ownership: team "${entry.team}" is not defined${near ? `; did you mean "${near}"?` : ` (teams: ${known.join(', ')})`}`,
        };
      });
  },
};
