/**
 * The JSON Schemas editors validate logex's YAML with, by the files they describe: printed by
 * `logex rules schema [rules|mapping]`, kept in `schema/` (`npm run schema`) and written by `logex init`
 * beside the starter files that point at them.
 */
import { editorMappingSchema } from '../io/mapping/schema.js';
import { editorSchema } from './schema.js';

export const EDITOR_SCHEMAS = {
  rules: { file: 'rules-v1.json', build: editorSchema },
  mapping: { file: 'mapping-v1.json', build: editorMappingSchema },
} as const;

export type SchemaFiles = keyof typeof EDITOR_SCHEMAS;

export const schemaText = (files: SchemaFiles): string => `${JSON.stringify(EDITOR_SCHEMAS[files].build(), null, 2)}\n`;
