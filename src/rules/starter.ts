/**
 * `logex init`: a new user's configuration, copied from the starter set this package ships and its
 * tests keep valid (rules/ with tests, SLAs, scoring and teams; an example mapping profile).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where each starter file comes from in the package and where it goes under the target folder. */
function starterFiles(): { from: string; to: string }[] {
  const rulesDir = join(PACKAGE_ROOT, 'rules');
  return [
    ...readdirSync(rulesDir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => ({ from: join(rulesDir, name), to: join('rules', name) })),
    { from: join(PACKAGE_ROOT, 'fixtures', 'mapping', 'eu-tms', 'mapping.yaml'), to: join('mapping', 'example-tms.yaml') },
  ];
}

export class StarterExists extends Error {}

/** Writes the starter files under `dir`; refuses (before writing anything) if any already exists. */
export function writeStarterConfig(dir: string): string[] {
  const files = starterFiles().map((file) => ({ ...file, target: join(dir, file.to) }));
  const existing = files.filter((file) => existsSync(file.target)).map((file) => file.target);
  if (existing.length) throw new StarterExists(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; logex init never overwrites — pick an empty folder`);
  for (const file of files) {
    mkdirSync(join(file.target, '..'), { recursive: true });
    copyFileSync(file.from, file.target);
  }
  return files.map((file) => file.target);
}
