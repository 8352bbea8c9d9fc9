/**
 * Loading rule files: YAML with positions (LineCounter), JSON Schema validation collecting every
 * error, each check's options against its kind's schema, then cross-file checks. Nothing here
 * evaluates anything; `audit` refuses to run on any error, `rules check` prints them all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Severity } from '../model/vocabulary.js';
import type { Diagnostic } from '../io/diagnostics.js';
import { lazyValidator, parsePositionedYaml, relevantErrors, schemaDiagnostic, type SchemaWording } from '../io/positioned-yaml.js';
import { DURATION_PATTERN, isOverlongDuration, parseDuration } from './duration.js';
import { DUE_PATTERN } from './kinds/documents-missing.js';
import { CHECK_KINDS } from './kinds/index.js';
import type { CompiledRule } from './rule.js';
import { RULE_ID_PATTERN, ruleFileSchema } from './schema.js';
import { compileSelector, globProblems, type SelectorSpec } from './selectors.js';
import { CONFIG_SECTIONS } from './sections/index.js';
import type { DeclaredRuleRef, SectionPart } from './sections/section.js';

/** Rule files are small; a bigger one is a mistake or an attack, and is refused before parsing. */
export const MAX_RULE_FILE_BYTES = 2 * 1024 * 1024;
/** Caps YAML alias expansion ("billion laughs"): real rule files need a handful at most. */
const MAX_ALIAS_COUNT = 100;

export interface LoadedRules {
  rules: CompiledRule[];
  diagnostics: Diagnostic[];
  files: string[];
  /** Every rule id declared, compiled or not, with where: for checks across files. */
  declared: DeclaredRuleRef[];
  /** Merged value of each configuration section (teams, …), by key. */
  sections: ReadonlyMap<string, unknown>;
}

/** Expands directories to their *.yaml / *.yml files (sorted, not recursive) so rule order is stable. */
export function expandRulePaths(paths: readonly string[]): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      diagnostics.push(unreadable(path, 'no such file or directory'));
      continue;
    }
    if (stats.isDirectory()) {
      const found = readdirSync(path)
        .filter((name) => /\.ya?ml$/i.test(name) && !isRuleTestFile(name))
        .sort()
        .map((name) => join(path, name));
      if (found.length === 0) diagnostics.push(unreadable(path, 'the directory holds no .yaml or .yml files'));
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  return { files, diagnostics };
}

/** `*.test.yaml` beside the rules holds `logex rules test` cases, not rules. */
export function isRuleTestFile(name: string): boolean {
  return /\.test\.ya?ml$/i.test(name);
}

function unreadable(file: string, message: string): Diagnostic {
  return { file, line: 1, column: 1, severity: 'error', code: 'unreadable', message };
}

/** Loads rule and configuration files from paths (files or directories). */
export function loadRules(paths: readonly string[]): LoadedRules {
  const { files, diagnostics } = expandRulePaths(paths);
  const texts: { text: string; file: string }[] = [];
  for (const file of files) {
    try {
      if (statSync(file).size > MAX_RULE_FILE_BYTES) {
        diagnostics.push(unreadable(file, `the file is larger than ${MAX_RULE_FILE_BYTES / 1024 / 1024} MiB; rule files are refused above that`));
        continue;
      }
      texts.push({ text: readFileSync(file, 'utf8'), file });
    } catch (error) {
      diagnostics.push(unreadable(file, (error as Error).message));
    }
  }
  const loaded = loadRuleTexts(texts);
  return { ...loaded, diagnostics: sortDiagnostics([...diagnostics, ...loaded.diagnostics], files), files };
}

/** One file's text, on its own (tests, `rules test`). */
export function loadRuleText(text: string, file: string): LoadedRules {
  return loadRuleTexts([{ text, file }]);
}

function sortDiagnostics(diagnostics: Diagnostic[], files: readonly string[]): Diagnostic[] {
  const order = (file: string) => files.indexOf(file);
  return diagnostics.sort((a, b) => order(a.file) - order(b.file) || a.line - b.line || a.column - b.column);
}

/** Parse every file, merge the sections across files, then compile rules against the merged config. */
export function loadRuleTexts(texts: readonly { text: string; file: string }[]): LoadedRules {
  const parsed = texts.map(({ text, file }) => parseRuleFile(text, file));
  const diagnostics = parsed.flatMap((file) => file.diagnostics);
  const declared = parsed.flatMap((file) => file.declared);
  const sections = new Map<string, unknown>();
  for (const section of CONFIG_SECTIONS) {
    const parts: SectionPart[] = parsed.flatMap((file) =>
      file.sectionsWithErrors.has(section.key) || file.data[section.key] === undefined
        ? []
        : [
            {
              file: file.file,
              value: file.data[section.key],
              locate: (path: (string | number)[], keyOf?: string) => file.position([section.key, ...path], keyOf),
            },
          ],
    );
    const merged = parts.length ? section.merge(parts, declared) : { value: section.empty, diagnostics: [] };
    sections.set(section.key, merged.value);
    diagnostics.push(...merged.diagnostics);
  }
  for (const section of CONFIG_SECTIONS) diagnostics.push(...(section.crossCheck?.(sections.get(section.key), sections, declared) ?? []));
  const rules = parsed.flatMap((file) => file.compileRules());
  diagnostics.push(...crossFileChecks(declared));
  return {
    rules,
    diagnostics: sortDiagnostics(
      diagnostics,
      texts.map((t) => t.file),
    ),
    files: texts.map((t) => t.file),
    declared,
    sections,
  };
}

const validateFile = lazyValidator('rules', () => ruleFileSchema());
const validateOptions = new Map(
  [...CHECK_KINDS.values()].map((kind) => [
    kind.id,
    lazyValidator(`check_${kind.id}`, () => ({ ...kind.meta.optionsSchema, properties: { kind: { type: 'string' }, ...kind.meta.optionsSchema.properties } })),
  ]),
);

interface RawRule {
  id: string;
  description?: string;
  when?: SelectorSpec;
  unless?: SelectorSpec;
  check: { kind: string } & Record<string, unknown>;
  tolerance?: string;
  sla?: string;
  severity: string;
  team?: string;
}

interface ParsedFile {
  file: string;
  data: Record<string, unknown>;
  diagnostics: Diagnostic[];
  declared: DeclaredRuleRef[];
  sectionsWithErrors: Set<string>;
  position(path: (string | number)[], keyOf?: string): { line: number; column: number };
  compileRules(): CompiledRule[];
}

function parseRuleFile(text: string, file: string): ParsedFile {
  const { data, diagnostics, position } = parsePositionedYaml(text, file, { maxAliasCount: MAX_ALIAS_COUNT });
  const failed = (): ParsedFile => ({
    file,
    data: {},
    diagnostics,
    declared: [],
    sectionsWithErrors: new Set(),
    position,
    compileRules: () => [],
  });
  if (data === undefined) return failed();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    diagnostics.push({ file, line: 1, column: 1, severity: 'error', code: 'schema', message: 'a rule file is a mapping with "version: 1" and "rules:"' });
    return failed();
  }

  const rulesWithErrors = new Set<number>();
  const sectionsWithErrors = new Set<string>();
  const validateData = validateFile();
  if (!validateData(data)) {
    for (const error of relevantErrors(validateData.errors ?? [])) {
      diagnostics.push(schemaDiagnostic(error, data, file, position, { wording: ruleWording }));
      const [, top, ruleIndex] = /^\/([^/]+)(?:\/(\d+))?/.exec(error.instancePath) ?? [];
      if (top === 'rules' && ruleIndex !== undefined) rulesWithErrors.add(Number(ruleIndex));
      else if (top) sectionsWithErrors.add(top);
    }
  }
  const record = data as Record<string, unknown>;
  const rawRules = Array.isArray(record.rules) ? record.rules : [];
  const declared: DeclaredRuleRef[] = [];
  rawRules.forEach((candidate, index) => {
    if (typeof candidate !== 'object' || candidate === null) return;
    const raw = candidate as RawRule;
    if (typeof raw.id !== 'string') return;
    const path = ['rules', index];
    declared.push({
      id: raw.id,
      file,
      ...position([...path, 'id']),
      team: typeof raw.team === 'string' ? { name: raw.team, ...position([...path, 'team']) } : undefined,
      sla: typeof raw.sla === 'string' ? { name: raw.sla, ...position([...path, 'sla']) } : undefined,
      usesSla: raw.tolerance === 'sla' || Object.values(raw.check ?? {}).includes('sla'),
    });
  });

  // Option schemas per kind, checked now so every error is known before sections merge.
  rawRules.forEach((candidate, index) => {
    const raw = candidate as RawRule;
    const kind = CHECK_KINDS.get(raw?.check?.kind);
    if (!kind) return;
    const path = ['rules', index];
    const validate = validateOptions.get(kind.id)!();
    if (!validate(raw.check)) {
      for (const error of relevantErrors(validate.errors ?? [])) {
        const inCheck = (sub: (string | number)[], keyOf?: string) => position([...path, 'check', ...sub], keyOf);
        const diagnostic = schemaDiagnostic(error, raw.check, file, inCheck, { root: `rules.${index}.check`, wording: ruleWording });
        diagnostics.push({ ...diagnostic, code: diagnostic.code === 'schema' ? 'invalid-option' : diagnostic.code });
      }
      rulesWithErrors.add(index);
    }
    if (raw.tolerance !== undefined && !kind.meta.usesTolerance) {
      diagnostics.push({
        file,
        ...position(path, 'tolerance'),
        severity: 'warning',
        code: 'tolerance-unused',
        message: `check ${kind.id} does not use tolerance; set its limit in the check options`,
        ruleId: raw.id,
      });
    }
    for (const selector of ['when', 'unless'] as const) {
      const spec = raw[selector];
      if (typeof spec !== 'object' || spec === null) continue;
      for (const problem of globProblems(spec)) {
        const at = problem.index === undefined ? position([...path, selector, problem.field]) : position([...path, selector, problem.field, problem.index]);
        diagnostics.push({ file, ...at, severity: 'error', code: 'invalid-glob', message: `${selector}: ${problem.message}`, ruleId: raw.id });
        rulesWithErrors.add(index);
      }
    }
    // Selectors pick shipments; stock and unmatched-event checks have none, so a selector there does nothing.
    const selector = raw.when !== undefined ? 'when' : raw.unless !== undefined ? 'unless' : undefined;
    if (selector && kind.scope !== 'shipment') {
      diagnostics.push({
        file,
        ...position(path, selector),
        severity: 'warning',
        code: 'selector-ignored',
        message: `check ${kind.id} looks at ${kind.scope === 'inventory' ? 'stock records' : 'events that match no shipment'}, not shipments: "${selector}" selects nothing here`,
        ruleId: raw.id,
      });
    }
  });

  const compileRules = (): CompiledRule[] =>
    rawRules.flatMap((candidate, index) => {
      // Rules with errors are reported, not compiled: audit refuses to run on any error anyway.
      if (rulesWithErrors.has(index) || typeof candidate !== 'object' || candidate === null) return [];
      const raw = candidate as RawRule;
      const kind = CHECK_KINDS.get(raw.check.kind)!;
      return [
        {
          id: raw.id,
          description: raw.description,
          kind,
          options: kind.meta.compileOptions(raw.check),
          applies: combine(raw.when, raw.unless),
          selectors: { when: raw.when, unless: raw.unless },
          tolerance: raw.tolerance === 'sla' ? 'sla' : raw.tolerance === undefined ? 0 : (parseDuration(raw.tolerance) ?? 0),
          sla: raw.sla,
          severity: raw.severity as Severity,
          team: raw.team,
          source: { file, line: position(['rules', index]).line },
        },
      ];
    });

  return { file, data: record, diagnostics, declared, sectionsWithErrors, position, compileRules };
}

function combine(when: SelectorSpec | undefined, unless: SelectorSpec | undefined) {
  const included = when ? compileSelector(when) : () => true;
  const excluded = unless ? compileSelector(unless) : () => false;
  return (plan: Parameters<typeof included>[0]) => included(plan) && !excluded(plan);
}

function crossFileChecks(declared: readonly DeclaredRuleRef[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, DeclaredRuleRef>();
  for (const rule of declared) {
    const earlier = first.get(rule.id);
    if (!earlier) {
      first.set(rule.id, rule);
      continue;
    }
    diagnostics.push({
      file: rule.file,
      line: rule.line,
      column: rule.column,
      severity: 'error',
      code: 'duplicate-id',
      message: `rule id "${rule.id}" is already used at ${earlier.file}:${earlier.line}:${earlier.column}`,
      ruleId: rule.id,
    });
  }
  return diagnostics;
}

/** What rule files' patterns mean, and the codes `rules check` reports for them. */
const ruleWording: SchemaWording = (error, { path, value, where }) => {
  if (error.keyword === 'pattern') {
    const pattern = String(error.schema);
    if (pattern.startsWith(DURATION_PATTERN)) {
      if (isOverlongDuration(String(value))) {
        return { message: `${where}: "${String(value)}" is too long a duration (at most 5 digits per unit, e.g. 9999h or 400d)`, code: 'invalid-duration' };
      }
      return {
        message: `${where}: "${String(value)}" is not a duration (use 90m, 6h, 2d, 1w or 1d12h${pattern.includes('sla') ? ' — or sla' : ''})`,
        code: 'invalid-duration',
      };
    }
    if (pattern === RULE_ID_PATTERN) return { message: `${where}: "${String(value)}" is not a valid name (letters, digits, "-", "_", ".")` };
    if (pattern === DUE_PATTERN)
      return { message: `${where}: "${String(value)}" is not a due time (e.g. "48h before departed", "2d after arrived", "departed")` };
  }
  if (error.keyword === 'enum' && path.at(-1) === 'kind') return { code: 'unknown-kind' };
  return undefined;
};
