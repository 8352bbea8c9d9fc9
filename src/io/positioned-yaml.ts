/**
 * YAML configuration files with positions: parsing with a LineCounter so every problem has
 * file:line:col, and ajv errors turned into positioned diagnostics with "did you mean". Shared by
 * rule files and `--mapping` files, so both report mistakes the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, Node } from 'yaml';
import { closestName } from '../model/suggest.js';
import type { Diagnostic, ProblemCode } from './diagnostics.js';

const require = createRequire(import.meta.url);
let ajv: import('ajv').Ajv | undefined;
let yamlModule: typeof import('yaml') | undefined;
/** yaml and ajv are many modules each: loaded when a file is first parsed, not whenever the CLI starts. */
const yaml = () => (yamlModule ??= require('yaml') as typeof import('yaml'));

/** verbose: errors carry their parent schema, which lists the allowed keys for "did you mean". */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

/** Every schema a validator was asked for, by name: what `npm run build` compiles ahead of time. */
const SCHEMAS = new Map<string, () => object>();

export function registeredSchemas(): ReadonlyMap<string, () => object> {
  return SCHEMAS;
}

/** Which schema a precompiled validator was compiled from. */
export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex');
}

/** Written by scripts/compile-schemas.mjs beside the built code: ajv's standalone validators and their schemas' hashes. */
const PRECOMPILED = fileURLToPath(new URL('../schema-validators.cjs', import.meta.url));
let precompiled: (Record<string, ValidateFunction> & { hashes: Record<string, string> }) | null | undefined;

function precompiledValidator(name: string, schema: object): ValidateFunction | undefined {
  precompiled ??= existsSync(PRECOMPILED) ? (require(PRECOMPILED) as NonNullable<typeof precompiled>) : null;
  // A schema changed since the last build (only tsc was run) no longer matches its hash: compiled now instead.
  return precompiled?.hashes[name] === schemaHash(schema) ? precompiled[name] : undefined;
}

/**
 * A schema's validator, on first use: the one the build compiled (scripts/compile-schemas.mjs), or
 * compiled now. Compiling is most of what validating a file costs, and most commands (`--version`,
 * `cases list`) never validate one. `name` is the validator's export name in the precompiled file.
 * One ajv instance for rule and mapping files alike: no two schemas share an $id.
 */
export function lazyValidator(name: string, schema: () => object): () => ValidateFunction {
  SCHEMAS.set(name, schema);
  let validate: ValidateFunction | undefined;
  return () => {
    if (!validate) {
      const current = schema();
      validate = precompiledValidator(name, current) ?? compile(current);
    }
    return validate;
  };
}

function compile(schema: object): ValidateFunction {
  ajv ??= new (require('ajv') as typeof import('ajv')).Ajv(AJV_OPTIONS);
  return ajv.compile(schema);
}

export type YamlPath = (string | number)[];
/** Line and column (1-based) of the node at `path`, or of the key `keyOf` inside it. */
export type Locate = (path: YamlPath, keyOf?: string) => { line: number; column: number };

export interface PositionedYaml {
  /** The parsed value; undefined when the text has syntax errors (they are in `diagnostics`). */
  data: unknown;
  /** YAML syntax errors and warnings, code `yaml-syntax`. */
  diagnostics: Diagnostic[];
  position: Locate;
}

export interface YamlOptions {
  /** Caps alias expansion, so a "billion laughs" file is refused instead of expanded. */
  maxAliasCount: number;
  /** `failsafe` reads every scalar as the text written (code 01 stays "01"); default `core`. */
  schema?: 'core' | 'failsafe';
}

/** Parses YAML text keeping positions. Duplicate keys are errors. */
export function parsePositionedYaml(text: string, file: string, options: YamlOptions): PositionedYaml {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: options.schema ?? 'core' });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, column: pos.col };
  };
  const position: Locate = (path, keyOf) => at(nodeOffset(document, path, keyOf));
  const diagnostics: Diagnostic[] = [...document.errors, ...document.warnings].map((problem) => ({
    file,
    ...at(problem.pos[0]),
    severity: document.errors.includes(problem as never) ? 'error' : 'warning',
    code: 'yaml-syntax',
    message: readable(problem.message),
  }));
  if (diagnostics.some((d) => d.severity === 'error')) return { data: undefined, diagnostics, position };
  try {
    return { data: document.toJS({ maxAliasCount: options.maxAliasCount }), diagnostics, position };
  } catch (error) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', code: 'yaml-syntax', message: readable((error as Error).message) });
    return { data: undefined, diagnostics, position };
  }
}

/** The parser's message in one line; a stack overflow means the file nests absurdly deep (hostile or broken). */
function readable(message: string): string {
  if (/call stack/i.test(message)) return 'the YAML nests too deeply to be a configuration file; refused';
  return message.split('\n')[0]!;
}

/** Offset of the node at `path` (or of the key `keyOf` inside it), falling back to the nearest parent. */
function nodeOffset(document: Document, path: YamlPath, keyOf?: string): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true) as Node | undefined;
    if (!node) continue;
    const { isMap, isPair, isScalar } = yaml();
    if (keyOf !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === keyOf);
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    if (node.range) return node.range[0];
  }
  return 0;
}

/** What a file format says instead of the generic wording for some errors (e.g. what a pattern means). */
export type SchemaWording = (
  error: ErrorObject,
  context: { path: YamlPath; value: unknown; where: string },
) => { message?: string; code?: ProblemCode } | undefined;

/**
 * An ajv error as a positioned diagnostic (code `schema`), with "did you mean" for enum values and
 * unknown keys. `root` prefixes the dotted path when `data` is a part of the file; `wording` lets the
 * caller word errors the generic text cannot explain.
 */
export function schemaDiagnostic(
  error: ErrorObject,
  data: unknown,
  file: string,
  position: Locate,
  options: { root?: string; wording?: SchemaWording } = {},
): Diagnostic {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const where = [options.root, ...path].filter((part) => part !== undefined).join('.') || 'the file';
  const value = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], data);
  let message: string;
  let pos = position(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      const allowed = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const near = closestName(extra, allowed);
      message = `${where}: unknown property "${extra}"${near ? `; did you mean "${near}"?` : ` (allowed: ${allowed.join(', ')})`}`;
      pos = position(path, extra);
      break;
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const near = typeof value === 'string' ? closestName(value, allowed) : undefined;
      // With a near name the suggestion says it all; the full list only helps when nothing is close.
      message = near ? `${where}: "${String(value)}" is unknown; did you mean "${near}"?` : `${where}: "${String(value)}" is not one of ${allowed.join(', ')}`;
      break;
    }
    case 'required':
      message = `${where}: missing required property "${String(error.params.missingProperty)}"`;
      break;
    case 'const':
      message = `${where}: must be ${JSON.stringify(error.params.allowedValue)}`;
      break;
    default:
      message = `${where}: ${error.message ?? 'is invalid'}`;
  }
  const worded = options.wording?.(error, { path, value, where });
  return { file, ...pos, severity: 'error', code: worded?.code ?? 'schema', message: worded?.message ?? message };
}

/**
 * Values that may be given in two shapes (`oneOf`) make ajv report both branches for one mistake.
 * Keep only the branch that matches the value's type, and drop the summary `oneOf` error when a
 * specific one remains.
 */
export function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const branchOf = (error: ErrorObject) => /^(.*\/oneOf\/\d+)\//.exec(error.schemaPath)?.[1];
  const wrongBranches = new Set(
    errors
      .filter((error) => error.keyword === 'type')
      .map(branchOf)
      .filter((branch): branch is string => branch !== undefined),
  );
  const kept = errors.filter((error) => {
    const branch = branchOf(error);
    return !(branch && wrongBranches.has(branch)) && error.keyword !== 'oneOf';
  });
  const oneOfOnly = errors.filter((error) => error.keyword === 'oneOf' && !kept.some((other) => other.instancePath.startsWith(error.instancePath)));
  return [...kept, ...oneOfOnly];
}
