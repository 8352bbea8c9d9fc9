/**
 * `teams:` — who owns cases. When any file defines teams, every rule's `team` must be one of them,
 * so a typo cannot route a case to nobody.
 */
import { closestName } from '../../model/suggest.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import type { ConfigSection } from './section.js';

export interface Team {
  name: string;
  description?: string;
  members: string[];
  /** Where people reach the team; notification channels are configured separately. */
  email?: string;
  source: { file: string; line: number };
}

export const teamsSection: ConfigSection<Map<string, Team>> = {
  key: 'teams',
  schema: {
    type: 'array',
    description: 'Teams that own cases.',
    items: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' },
        description: { type: 'string' },
        members: { type: 'array', items: { type: 'string' } },
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
      },
      additionalProperties: false,
    },
  },
  empty: new Map(),
  merge(parts, rules) {
    const teams = new Map<string, Team>();
    const diagnostics: Diagnostic[] = [];
    for (const part of parts) {
      (part.value as { name: string; description?: string; members?: string[]; email?: string }[]).forEach((raw, index) => {
        const at = part.locate([index, 'name']);
        const existing = teams.get(raw.name);
        if (existing) {
          diagnostics.push({
            file: part.file,
            ...at,
            severity: 'error',
            code: 'duplicate-team',
            message: `team "${raw.name}" is already defined at ${existing.source.file}:${existing.source.line}`,
          });
          return;
        }
        teams.set(raw.name, { ...raw, members: raw.members ?? [], source: { file: part.file, line: at.line } });
      });
    }
    if (teams.size > 0) {
      for (const rule of rules) {
        if (!rule.team || teams.has(rule.team.name)) continue;
        const near = closestName(rule.team.name, [...teams.keys()]);
        diagnostics.push({
          file: rule.file,
          line: rule.team.line,
          column: rule.team.column,
          severity: 'error',
          code: 'unknown-team',
          message: `rule "${rule.id}": team "${rule.team.name}" is not defined${near ? `; did you mean "${near}"?` : ` (teams: ${[...teams.keys()].join(', ')})`}`,
          ruleId: rule.id,
        });
      }
    }
    return { value: teams, diagnostics };
  },
};
