/**
 * The first run after an upgrade migrates the store, which can take a while on a large one (migration 8
 * rewrites every stored event key): the run says so on stderr, unless it is --quiet, and then audits
 * as usual.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { auditArgs, dbIn, generatedInputs, runCli } from './scenario.js';

/** A store as logex left it at schema version 7, with one event stored under the key format of then. */
function version7Store(): string {
  const path = dbIn();
  const old = new Database(path);
  for (const migration of MIGRATIONS.slice(0, 7)) old.exec(migration);
  old.pragma('user_version = 7');
  old.prepare(`INSERT INTO runs (command, started_at, as_of_ms, inputs) VALUES ('ingest', '', 0, '[]')`).run();
  old.prepare(`INSERT INTO events (event_key, status, classifier, event_ms, event_text, event_zone, event_zone_source, refs, source_file, run_id)
    VALUES ('fp:0123456789abcdef0123456789abcdef01234567', 'departed', 'actual', 0, '', 'UTC', 'offset', '[{"kind":"bol","value":"B-1"}]', 'old.csv', 1)`).run();
  old.close();
  return path;
}

describe('store upgrade', () => {
  it('says it is upgrading an older store, then audits; --quiet says nothing', async () => {
    const inputs = await generatedInputs(50);
    const told = runCli(auditArgs(inputs, version7Store()));
    expect(told.code).toBe(0);
    expect(told.stderr).toContain(`note: upgrading the store from schema version 7 to ${SCHEMA_VERSION}: rewriting the keys of 1 stored event (about 10 s per million)\n`);
    expect(JSON.parse(told.stdout).exceptions.length).toBeGreaterThan(0);

    const quiet = runCli(auditArgs(inputs, version7Store(), ['--quiet', '--out', dbIn().replace(/db$/, 'json')]));
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  }, 60_000);
});
