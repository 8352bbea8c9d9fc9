/**
 * `logex rules test`: rule files may have test files (`*.test.yaml`, after ESLint's RuleTester and
 * OPA's tests) giving small plans/events/documents/stock inline as CSV, an as-of time, and the
 * exceptions expected. Each case runs the real readers, store (in memory) and engine, so a passing
 * test means the audit would behave the same.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Node } from 'yaml';
import { evaluate, type EvaluationConfig } from '../engine/evaluate.js';
import { readDocumentsCsv, readEventsCsv, readInventoryCsv, readPlansCsv } from '../io/csv/canonical.js';
import { InputError } from '../io/errors.js';
import type { Reader } from '../io/reader.js';
import { CODE_TABLES } from '../model/codes/index.js';
import { CodeResolver } from '../model/codes/resolver.js';
import { LocationTable } from '../model/locations.js';
import { closestName } from '../model/suggest.js';
import { parseTypedInstant } from '../model/time.js';
import { isRuleTestFile } from '../rules/load.js';
import type { RuleTestCase } from '../rules/format/tests.js';
import type { CompiledRule } from '../rules/rule.js';
import { openStore } from '../store/database.js';
import { RecordWriter } from '../store/records.js';
import { readLatestInventory, readTimelines, readUnmatchedEvents } from '../store/timeline-reads.js';

/** Finds `*.test.yaml` files under the given paths (files or directories, not recursive). */
export function findRuleTestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return isRuleTestFile(path) ? [path] : [];
    return readdirSync(path)
      .filter(isRuleTestFile)
      .sort()
      .map((name) => join(path, name));
  });
}

const INPUTS: { key: 'plans' | 'events' | 'documents' | 'inventory'; reader: Reader }[] = [
  { key: 'plans', reader: readPlansCsv },
  { key: 'events', reader: readEventsCsv },
  { key: 'documents', reader: readDocumentsCsv },
  { key: 'inventory', reader: readInventoryCsv },
];

interface RawCase {
  name?: unknown;
  as_of?: unknown;
  only?: unknown;
  expect?: unknown;
  plans?: unknown;
  events?: unknown;
  documents?: unknown;
  inventory?: unknown;
}

/** Runs every case of one test file; a file that cannot be read at all throws an InputError. */
export async function runRuleTestFile(file: string, rules: readonly CompiledRule[], config: EvaluationConfig): Promise<RuleTestCase[]> {
  // yaml is many modules; loaded when a test file is read, not whenever the CLI starts.
  const { LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, uniqueKeys: true });
  const lineOf = (node: Node | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  if (document.errors.length) {
    const [error] = document.errors;
    throw new InputError({ file, ...toLineCol(lineCounter.linePos(error!.pos[0])) }, error!.message.split('\n')[0]!);
  }
  const data = document.toJS({ maxAliasCount: 100 }) as { tests?: RawCase[] } | null;
  if (!Array.isArray(data?.tests)) throw new InputError({ file, line: 1 }, 'a rule test file has a "tests:" list of cases');
  const results: RuleTestCase[] = [];
  for (const [index, raw] of data.tests.entries()) {
    const line = lineOf(document.getIn(['tests', index], true) as Node | undefined);
    const name = typeof raw?.name === 'string' ? raw.name : `case ${index + 1}`;
    try {
      const fired = await runCase(file, raw, rules, config, (key) => lineOf(document.getIn(['tests', index, key], true) as Node | undefined));
      const expected = expectedPairs(raw.expect);
      const missing = expected.filter((pair) => !fired.includes(pair));
      const unexpected = fired.filter((pair) => !expected.includes(pair));
      results.push({ file, line, name, passed: missing.length === 0 && unexpected.length === 0, missing, unexpected });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      results.push({ file, line, name, passed: false, missing: [], unexpected: [], error: error.message });
    }
  }
  return results;
}

function toLineCol(pos: { line: number; col: number }) {
  return { line: pos.line, column: pos.col };
}

function expectedPairs(expect: unknown): string[] {
  if (!Array.isArray(expect)) return [];
  return expect.map((entry) =>
    typeof entry === 'string' ? entry.trim().replace(/\s+/g, ' ') : `${(entry as { rule?: string }).rule} ${(entry as { shipment?: string }).shipment}`,
  );
}

async function runCase(
  file: string,
  raw: RawCase,
  allRules: readonly CompiledRule[],
  config: EvaluationConfig,
  lineOfKey: (key: string) => number,
): Promise<string[]> {
  const written = typeof raw.as_of === 'string' ? raw.as_of.trim() : raw.as_of instanceof Date ? raw.as_of.toISOString() : '';
  // A bare date is its midnight (UTC), as `audit --as-of 2026-03-20` reads it.
  const asOf = parseTypedInstant(written, 'UTC');
  if (!asOf.ok) throw new InputError({ file, line: lineOfKey('as_of') }, `as_of: ${asOf.error}`);
  // A rule named in `expect` or `only` that no file defines is a mistake in the test, not a rule that did not fire.
  const ruleIds = allRules.map((rule) => rule.id);
  for (const [key, named] of [
    ['expect', expectedPairs(raw.expect).map((pair) => pair.split(' ')[0]!)],
    ['only', Array.isArray(raw.only) ? raw.only.map(String) : []],
  ] as const) {
    const unknown = named.find((id) => !ruleIds.includes(id));
    if (unknown !== undefined) {
      const near = closestName(unknown, ruleIds);
      throw new InputError({ file, line: lineOfKey(key) }, `${key}: no rule "${unknown}" is loaded${near ? `; did you mean "${near}"?` : ''}`);
    }
  }
  const only = Array.isArray(raw.only) ? new Set(raw.only.map(String)) : undefined;
  const rules = only ? allRules.filter((rule) => only.has(rule.id)) : allRules;
  const db = openStore(':memory:');
  try {
    const runId = Number(
      db.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('rules test', '', ?, '[]')`).run(asOf.epochMs).lastInsertRowid,
    );
    const writer = new RecordWriter(db, runId);
    const readerOptions = { file, time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES) };
    for (const { key, reader } of INPUTS) {
      const text = raw[key];
      if (typeof text !== 'string') continue;
      // The block scalar's first line is the line after `key: |`, so CSV line n is file line base + n.
      const base = lineOfKey(key);
      try {
        for await (const item of reader(oneChunk(text), readerOptions)) {
          if (item.type === 'reject') throw item.error;
          if (item.type === 'plan') writer.writePlan(item.record);
          else if (item.type === 'event') writer.writeEvent(item.record);
          else if (item.type === 'document') writer.writeDocument(item.record);
          else if (item.type === 'inventory') writer.writeInventory(item.record);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        throw new InputError({ file, line: base + (error.position.line ?? 1) }, `${key}: ${error.detail}`);
      }
    }
    writer.linkEventsByReference();
    const exceptions = evaluate(
      { shipments: readTimelines(db, { asOf: asOf.epochMs }), inventory: readLatestInventory(db, asOf.epochMs), unmatched: readUnmatchedEvents(db) },
      rules,
      asOf.epochMs,
      config,
    );
    return [...new Set(exceptions.map((e) => `${e.ruleId} ${e.shipmentId}`))].sort();
  } finally {
    db.close();
  }
}

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text;
}
