/**
 * The JSON Schema of a rule file. `logex rules schema` prints it for editors (with each check
 * kind's options attached through if/then); the loader validates in two steps with the same parts:
 * the file shape first, then each check's options against its kind's own schema.
 */
import { MODES, PRIORITIES, SEVERITIES } from '../model/vocabulary.js';
import { DURATION_PATTERN } from './duration.js';
import { CHECK_KINDS } from './kinds/index.js';
import { CONFIG_SECTIONS } from './sections/index.js';

const stringOrList = (items: Record<string, unknown>) => ({
  oneOf: [items, { type: 'array', items, minItems: 1 }],
});

const selector = {
  type: 'object',
  description: 'A shipment matches when every listed field matches (lists: any of; lane/origin/destination: globs).',
  properties: {
    mode: stringOrList({ type: 'string', enum: [...MODES] }),
    carrier: stringOrList({ type: 'string' }),
    customer: stringOrList({ type: 'string' }),
    priority: stringOrList({ type: 'string', enum: [...PRIORITIES] }),
    service_level: stringOrList({ type: 'string' }),
    lane: stringOrList({ type: 'string', description: 'Glob on ORIGIN>DESTINATION, e.g. CN*>US*' }),
    origin: stringOrList({ type: 'string' }),
    destination: stringOrList({ type: 'string' }),
  },
  additionalProperties: false,
};

export const RULE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';

/** The file shape without per-kind options (step one of validation). */
export function ruleFileSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/logex/logex/schema/rules-v1.json',
    title: 'logex rule file',
    type: 'object',
    required: ['version'],
    properties: {
      version: { const: 1, description: 'Rule file format version; always 1.' },
      rules: { type: 'array', items: { $ref: '#/definitions/rule' } },
      ...Object.fromEntries(CONFIG_SECTIONS.map((section) => [section.key, section.schema])),
    },
    additionalProperties: false,
    definitions: {
      selector,
      rule: {
        type: 'object',
        required: ['id', 'check', 'severity'],
        properties: {
          id: { type: 'string', pattern: RULE_ID_PATTERN, description: 'Unique across all loaded files.' },
          description: { type: 'string' },
          when: { $ref: '#/definitions/selector' },
          unless: { $ref: '#/definitions/selector' },
          check: {
            type: 'object',
            required: ['kind'],
            properties: { kind: { type: 'string', enum: [...CHECK_KINDS.keys()] } },
          },
          tolerance: {
            type: 'string',
            pattern: `${DURATION_PATTERN}|^sla$`,
            description: '90m, 6h, 2d, 1w, 1d12h, or "sla" for the shipment\'s SLA',
          },
          sla: { type: 'string', description: "Use this SLA instead of the shipment's service level." },
          severity: { type: 'string', enum: [...SEVERITIES] },
          team: { type: 'string' },
        },
        additionalProperties: false,
      },
    },
  };
}

/** The schema for editors: the file shape plus each kind's options, so completion knows them. */
export function editorSchema(): Record<string, unknown> {
  const schema = ruleFileSchema() as { definitions: { rule: { properties: { check: Record<string, unknown> } } } };
  schema.definitions.rule.properties.check.allOf = [...CHECK_KINDS.values()].map((kind) => ({
    if: { properties: { kind: { const: kind.id } } },
    then: {
      description: kind.meta.description,
      properties: { kind: { const: kind.id }, ...kind.meta.optionsSchema.properties },
      required: ['kind', ...(kind.meta.optionsSchema.required ?? [])],
      additionalProperties: false,
    },
  }));
  return schema;
}
