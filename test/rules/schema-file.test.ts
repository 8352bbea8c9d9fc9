import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadMapping } from '../../src/io/mapping/load.js';
import { EDITOR_SCHEMAS, type SchemaFiles } from '../../src/rules/editor-schemas.js';
import { tempDir } from '../helpers.js';

const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/m;

/** The YAML files this repository ships, with the schema their first line points editors at. */
function filesWithModeline(): { file: string; schema: string }[] {
  const yamlUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? yamlUnder(join(dir, entry.name)) : /\.ya?ml$/.test(entry.name) ? [join(dir, entry.name)] : [],
    );
  return [...yamlUnder('rules'), ...yamlUnder('fixtures')].flatMap((file) => {
    const modeline = MODELINE.exec(readFileSync(file, 'utf8'));
    return modeline ? [{ file, schema: resolve(dirname(file), modeline[1]!) }] : [];
  });
}

/** Validates as an editor does: YAML's core schema, where `version: 1` is a number. */
function editorErrors(schema: object, text: string): string[] {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validate(parse(text)) ? [] : validate.errors!.map((error) => `${error.instancePath} ${error.message}`);
}

describe('schema/', () => {
  for (const files of Object.keys(EDITOR_SCHEMAS) as SchemaFiles[]) {
    it(`${EDITOR_SCHEMAS[files].file} is what \`logex rules schema ${files}\` prints (regenerate with npm run schema)`, () => {
      expect(JSON.parse(readFileSync(join('schema', EDITOR_SCHEMAS[files].file), 'utf8'))).toEqual(EDITOR_SCHEMAS[files].build());
    });
  }

  it('every shipped rule and mapping file points its editor at a schema in schema/ that accepts it', () => {
    const files = filesWithModeline();
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining([join('rules', 'slas.yaml'), join('fixtures', 'mapping', 'eu-tms', 'mapping.yaml')]));
    for (const { file, schema } of files) {
      expect(existsSync(schema), `${file} points at ${schema}`).toBe(true);
      expect(editorErrors(JSON.parse(readFileSync(schema, 'utf8')), readFileSync(file, 'utf8')), file).toEqual([]);
    }
  });

  it('the mapping schema flags in the editor what logex rejects, and takes unquoted numbers logex reads as text', () => {
    const schema = EDITOR_SCHEMAS.mapping.build();
    const broken = 'fixtures/mapping/broken/mapping.yaml';
    expect(loadMapping(broken).diagnostics.length).toBeGreaterThan(0);
    expect(editorErrors(schema, readFileSync(broken, 'utf8'))).toEqual(
      expect.arrayContaining(['/codes must NOT have additional properties', expect.stringMatching(/^\/codes\/x12-214\/ODFL\/OO /)]),
    );
    const numbers =
      'version: 1\nprofiles:\n  - name: tms\n    records: events\n    columns: { shipment_id: 1, status: 2, event_time: 3 }\n    constants: { carrier: 0042 }\n';
    expect(editorErrors(schema, numbers)).toEqual([]);
    const file = join(tempDir(), 'mapping.yaml');
    writeFileSync(file, numbers);
    expect(loadMapping(file).diagnostics).toEqual([]);
  });
});
