/**
 * `logex init`: a new user's configuration, copied from the starter set this package ships and its
 * tests keep valid (rules/ with tests, SLAs, scoring and teams; an example mapping profile), and the
 * JSON Schemas their first lines point editors at.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDITOR_SCHEMAS, schemaText, type SchemaFiles } from './editor-schemas.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Each starter file: its text and where it goes under the target folder. */
function starterFiles(): { to: string; text: () => string }[] {
  const rulesDir = join(PACKAGE_ROOT, 'rules');
  const copy = (from: string, to: string) => ({ to, text: () => pointModelineAtSchema(readFileSync(from, 'utf8'), to) });
  return [
    ...readdirSync(rulesDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => copy(join(rulesDir, name), join('rules', name))),
    copy(join(PACKAGE_ROOT, 'fixtures', 'mapping', 'eu-tms', 'mapping.yaml'), join('mapping', 'example-tms.yaml')),
    // The schemas the files' modelines point at, so that an editor validates them as it does here.
    ...(Object.keys(EDITOR_SCHEMAS) as SchemaFiles[]).map((files) => ({ to: join('schema', EDITOR_SCHEMAS[files].file), text: () => schemaText(files) })),
  ];
}

const MODELINE = /^# yaml-language-server: \$schema=\S*?([\w.-]+\.json)$/m;

/** A copied file's `# yaml-language-server: $schema=` path, made relative to where the copy goes. */
function pointModelineAtSchema(text: string, to: string): string {
  return text.replace(
    MODELINE,
    (_line, schemaFile: string) => `# yaml-language-server: $schema=${relative(dirname(to), join('schema', schemaFile)).split('\\').join('/')}`,
  );
}

export class StarterExists extends Error {}

/** Writes the starter files under `dir`; refuses (before writing anything) if any already exists. */
export function writeStarterConfig(dir: string): string[] {
  const files = starterFiles().map((file) => ({ ...file, target: join(dir, file.to) }));
  const existing = files.filter((file) => existsSync(file.target)).map((file) => file.target);
  if (existing.length)
    throw new StarterExists(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; logex init never overwrites — pick an empty folder`);
  for (const file of files) {
    mkdirSync(dirname(file.target), { recursive: true });
    writeFileSync(file.target, file.text());
  }
  return files.map((file) => file.target);
}
