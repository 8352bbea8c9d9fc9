/**
 * `cases:` — the resolution workflow's rules. `require` names the fields a case must have to enter a
 * status; by default resolving needs a root cause and closing needs an outcome.
 */
import { CASE_STATUSES, type CaseStatus } from '../../model/case-lifecycle.js';
import type { Diagnostic } from '../../io/diagnostics.js';
import type { ConfigSection } from './section.js';

/** Case fields a status can require. */
export const REQUIRABLE_FIELDS = ['assignee', 'team', 'root_cause', 'outcome'] as const;
export type RequirableField = (typeof REQUIRABLE_FIELDS)[number];

export interface CaseWorkflow {
  /** Fields a case must have to be moved to a status; statuses not listed require nothing. */
  require: ReadonlyMap<CaseStatus, readonly RequirableField[]>;
}

export const DEFAULT_CASE_WORKFLOW: CaseWorkflow = {
  require: new Map<CaseStatus, RequirableField[]>([
    ['resolved', ['root_cause']],
    ['closed', ['outcome']],
  ]),
};

/** `cleared` is the audit's to set, so nothing can be required to enter it. */
const SETTABLE_STATUSES = CASE_STATUSES.filter((status) => status !== 'cleared');

export const casesSection: ConfigSection<CaseWorkflow> = {
  key: 'cases',
  schema: {
    type: 'object',
    description: 'The case workflow.',
    properties: {
      require: {
        type: 'object',
        description: 'Fields a case must have to enter a status (default: resolved needs root_cause, closed needs outcome).',
        properties: Object.fromEntries(SETTABLE_STATUSES.map((status) => [status, { type: 'array', items: { type: 'string', enum: [...REQUIRABLE_FIELDS] } }])),
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  empty: DEFAULT_CASE_WORKFLOW,
  merge(parts) {
    const require = new Map(DEFAULT_CASE_WORKFLOW.require);
    const setAt = new Map<CaseStatus, string>();
    const diagnostics: Diagnostic[] = [];
    for (const part of parts) {
      const given = (part.value as { require?: Partial<Record<CaseStatus, RequirableField[]>> }).require ?? {};
      for (const [status, fields] of Object.entries(given) as [CaseStatus, RequirableField[]][]) {
        const at = part.locate(['require'], status);
        const earlier = setAt.get(status);
        if (earlier) {
          diagnostics.push({
            file: part.file,
            ...at,
            severity: 'error',
            code: 'duplicate-requirement',
            message: `cases.require.${status} is already set at ${earlier}`,
          });
          continue;
        }
        setAt.set(status, `${part.file}:${at.line}`);
        require.set(status, [...new Set(fields)]);
      }
    }
    return { value: { require }, diagnostics };
  },
};
