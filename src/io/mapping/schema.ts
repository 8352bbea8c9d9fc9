/**
 * The JSON Schema of a `--mapping` file. The file is read with YAML's failsafe schema, so every
 * scalar is the text as written (carrier code 01 stays "01", not the number 1) and `version` is "1".
 */
import { CODE_TABLES } from '../../model/codes/index.js';
import { CLASSIFIERS, STATUSES } from '../../model/vocabulary.js';
import { EVENT_COLUMNS, EVENT_REF_COLUMNS, PLAN_COLUMNS } from '../csv/canonical.js';
import { PROFILE_ENCODINGS, PROFILE_RECORDS } from './profile.js';

export const PROFILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]*$';
/** Any reference kind can be a column of its own: `ref_<kind>`. */
export const REF_COLUMN_PATTERN = '^ref_[a-z0-9_]+$';

/** Columns a profile may map, per record kind; plans take reference columns too (they become `refs`). */
export const PROFILE_COLUMNS: Readonly<Record<(typeof PROFILE_RECORDS)[number], readonly string[]>> = {
  plans: [...PLAN_COLUMNS, ...EVENT_REF_COLUMNS],
  events: EVENT_COLUMNS,
};

const text = { type: 'string', minLength: 1 };
const textOrList = { oneOf: [text, { type: 'array', items: text, minItems: 1 }] };

/** `OO: out_for_delivery` or `OO: { status: out_for_delivery, classifier: actual }`. */
const statusMapping = {
  oneOf: [
    { type: 'string', enum: [...STATUSES] },
    {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: [...STATUSES] },
        classifier: { type: 'string', enum: [...CLASSIFIERS] },
        label: { type: 'string' },
      },
      additionalProperties: false,
    },
  ],
};

/** An object keyed by the columns of one record kind, each holding `value`. */
function byColumn(records: (typeof PROFILE_RECORDS)[number], value: Record<string, unknown>) {
  return {
    type: 'object',
    properties: Object.fromEntries(PROFILE_COLUMNS[records].map((column) => [column, value])),
    patternProperties: { [REF_COLUMN_PATTERN]: value },
    additionalProperties: false,
  };
}

const valueTable = { type: 'object', additionalProperties: { type: 'string' } };

export function mappingFileSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'logex mapping file',
    type: 'object',
    required: ['version'],
    properties: {
      version: { const: '1', description: 'Mapping file format version; always 1.' },
      codes: {
        type: 'object',
        description: 'Code table → partner (SCAC, EDI sender id, or "*") → carrier code → canonical status.',
        properties: Object.fromEntries(
          Object.keys(CODE_TABLES).map((table) => [table, { type: 'object', additionalProperties: { type: 'object', additionalProperties: statusMapping } }]),
        ),
        additionalProperties: false,
      },
      profiles: { type: 'array', items: { $ref: '#/definitions/profile' } },
      sender_zones: {
        type: 'object',
        description:
          'EDI sender id (X12 ISA06, EDIFACT UNB sender) or "*" → the IANA zone its envelope date and time are written in (X12 GS04/GS05, an IFTSTA DTM 137 without an offset); default --tz.',
        additionalProperties: text,
      },
    },
    additionalProperties: false,
    definitions: {
      profile: {
        type: 'object',
        required: ['name', 'records', 'columns'],
        properties: {
          name: { type: 'string', pattern: PROFILE_NAME_PATTERN },
          records: { type: 'string', enum: [...PROFILE_RECORDS] },
          files: textOrList,
          delimiter: { type: 'string', minLength: 1, maxLength: 1 },
          encoding: { type: 'string', enum: [...PROFILE_ENCODINGS] },
          decimal_separator: { type: 'string', enum: ['.', ','] },
          date_format: textOrList,
          zone: text,
          columns: { type: 'object' },
          statuses: { type: 'object', additionalProperties: statusMapping },
          values: { type: 'object' },
          constants: { type: 'object' },
        },
        additionalProperties: false,
        // Which columns exist depends on what the profile reads.
        allOf: PROFILE_RECORDS.map((records) => ({
          if: { properties: { records: { const: records } }, required: ['records'] },
          then: {
            properties: {
              columns: byColumn(records, textOrList),
              values: byColumn(records, valueTable),
              constants: byColumn(records, { type: 'string' }),
            },
          },
        })),
      },
    },
  };
}

/**
 * The schema editors validate mapping files with (`schema/mapping-v1.json`). Editors read YAML's
 * core schema, where `version: 1` or a code `01` is a number; logex reads every scalar as text. So
 * wherever logex takes free text, the editor's copy also takes what an editor parses as a number or
 * a boolean, and the version may be written `1` or `"1"`.
 */
export function editorMappingSchema(): Record<string, unknown> {
  const schema = acceptUnquotedScalars(mappingFileSchema()) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: 'https://github.com/logex/logex/schema/mapping-v1.json', ...schema };
}

function acceptUnquotedScalars(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(acceptUnquotedScalars);
  if (node === null || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, acceptUnquotedScalars(value)]));
  if (copy.type === 'string' && copy.enum === undefined) copy.type = ['string', 'number', 'boolean'];
  if (typeof copy.const === 'string' && /^\d+$/.test(copy.const)) {
    copy.enum = [copy.const, Number(copy.const)];
    delete copy.const;
  }
  return copy;
}
