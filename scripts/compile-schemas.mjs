// Compiles every schema logex validates rule and mapping files against into
// dist/schema-validators.cjs (ajv's standalone code), so a run loads its validators instead of
// compiling them. `npm run build` runs it after tsc. A validator whose schema changed after the last
// build (tsc run alone) no longer matches its hash and is compiled at run time instead.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const { AJV_OPTIONS, registeredSchemas, schemaHash } = await import('../dist/io/positioned-yaml.js');
// The modules whose validators are declared when they load: rule files and mapping files.
await import('../dist/rules/load.js');
await import('../dist/io/mapping/load.js');

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const exported = {};
const hashes = {};
for (const [name, schema] of registeredSchemas()) {
  const compiled = schema();
  ajv.addSchema(compiled, name);
  exported[name] = name;
  hashes[name] = schemaHash(compiled);
}
const file = new URL('../dist/schema-validators.cjs', import.meta.url);
writeFileSync(file, `${standaloneCode(ajv, exported)}\nexports.hashes = ${JSON.stringify(hashes)};\n`);
