/**
 * The feed summary of a one-off check: one carrier file through the real audit, then what the run
 * stored from it, counted by hand below.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { eventsFilesOf, feedSummaries, feedSummaryText } from '../../src/report/feed-summary.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore } from '../../src/store/database.js';
import { readFeedFigures } from '../../src/store/feed-reads.js';
import { tempDir } from '../helpers.js';
import { logexInProcess } from '../cli/run-cli.js';

const RULES = loadRuleText('version: 1\nrules:\n  - { id: late, check: { kind: milestone_late, milestone: departed }, severity: high }\n', 'r.yaml').rules;

/**
 * Five events: R1's departure (matched by its BOL in B10), R2's pickup (matched by its PRO),
 * an arrival for PRO-X that no plan has (unmatched), a status code the 214 table does not know
 * (ZZ, for R1) and an estimate for R2 at a city nobody can place (SPRINGFIELD, no state or country:
 * read in --tz). The file was sent (GS) 1 May 21:00; the as-of is 2 May; R2's delivery is dated
 * 3 May, after both: sent before it happened, and dated after the as-of.
 */
const X12 = [
  'ISA*00*          *00*          *ZZ*LOGEXTEST      *ZZ*LOGEXRCV       *260501*1200*U*00401*000000401*0*P*>~',
  'GS*QM*LOGEXTEST*LOGEXRCV*20260501*2100*401*X*004010~',
  'ST*214*0001~',
  'B10*PRO-R1*BOL-R1*ODFL~',
  'LX*1~',
  'AT7*AF*NS***20260501*1400*UT~',
  'MS1*ATLANTA*GA*US~',
  'AT7*ZZ*NS***20260501*1500*UT~',
  'MS1*ATLANTA*GA*US~',
  'SE*8*0001~',
  'ST*214*0002~',
  'B10*PRO-R2*BOL-Q*ODFL~',
  'LX*1~',
  'AT7*X3*NS***20260501*0900*UT~',
  'MS1*ATLANTA*GA*US~',
  'AT7***AG*NS*20260502*1000~',
  'MS1*SPRINGFIELD~',
  'AT7*D1*NS***20260503*1000*UT~',
  'MS1*CHARLOTTE*NC*US~',
  'SE*10*0002~',
  'ST*214*0003~',
  'B10*PRO-X*BOL-X*ODFL~',
  'LX*1~',
  'AT7*X1*NS***20260501*2000*UT~',
  'MS1*MEMPHIS*TN*US~',
  'SE*6*0003~',
  'GE*3*401~',
  'IEA*1*000000401~',
].join('\n');
const PLANS = `shipment_id,carrier,mode,origin,destination,planned_departed,refs
R1,ODFL,road,USATL,USCLT,2026-05-01T13:00:00Z,bol:BOL-R1
R2,ODFL,road,USATL,USCLT,2026-05-01T13:00:00Z,pro:PRO-R2
`;

describe('feed summary', () => {
  it('counts what the file brought: matched and by what, unmatched with their references, unknown codes, guessed zones, dates', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plans.csv'), PLANS);
    writeFileSync(join(dir, 'carrier.edi'), X12);
    const db = openStore(join(dir, 'a.db'));
    const asOf = Date.parse('2026-05-02T12:00:00Z');
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const result = await runAudit(db, {
      inputs: [
        { role: 'plans', path: join(dir, 'plans.csv') },
        { role: 'events', path: join(dir, 'carrier.edi') },
      ],
      rules: RULES,
      evaluation: {},
      asOf,
      now: '2026-05-02T12:00:00Z',
      actor: 'test',
      readerOptions,
      continueOnRejects: false,
    });
    const figures = readFeedFigures(db, result.storedEvents, asOf, eventsFilesOf(result.log), result.linkedByReference);
    db.close();
    const file = join(dir, 'carrier.edi');
    expect(figures).toEqual([
      {
        file,
        events: 6,
        actuals: 5,
        estimates: 1,
        planned: 0,
        matchedBy: { bol: 2, pro: 3 },
        unmatched: 1,
        unmatchedRefs: [{ refs: 'pro:PRO-X bol:BOL-X', events: 1 }],
        unknownCodes: [{ code: 'ZZ', events: 1 }],
        guessedZones: [{ place: 'SPRINGFIELD', events: 1 }],
        reportedBeforeHappened: 1,
        datedAfterAsOf: 1,
        firstEventMs: Date.parse('2026-05-01T09:00:00Z'),
        lastEventMs: Date.parse('2026-05-03T10:00:00Z'),
      },
    ]);
    expect(feedSummaryText(feedSummaries(figures, result.log))).toBe(
      `feed ${file}: 6 event(s) stored (5 actual, 1 estimated), dated 2026-05-01T09:00:00Z to 2026-05-03T10:00:00Z\n` +
        '  matched to plans: 5 (3 by pro, 2 by bol); unmatched: 1\n' +
        '    unmatched: pro:PRO-X bol:BOL-X (1)\n' +
        '  unknown status codes, kept as carrier_exception: ZZ (1)\n' +
        "  local times read in --tz, their place's zone unknown: SPRINGFIELD (1)\n" +
        "  actuals sent before they happened: 1 (the sender's clock is off, or its send times are local times read in --tz: sender_zones in --mapping names their zone)\n" +
        '  actuals dated after the as-of time: 1\n' +
        // SPRINGFIELD's, said once above the summary: counted, not repeated.
        '  warnings: 1\n',
    );
  });
});

describe('feed summary of a later run', () => {
  it("counts that run's events only, not those the runs before stored", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'plans.csv'), PLANS);
    writeFileSync(join(dir, 'monday.csv'), 'shipment_id,status,event_time\nR1,departed,2026-05-01T14:00:00Z\nR2,departed,2026-05-01T15:00:00Z\n');
    writeFileSync(join(dir, 'tuesday.csv'), 'pro,status,event_time\nPRO-R2,arrived,2026-05-02T09:00:00Z\n');
    const db = openStore(join(dir, 'a.db'));
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const audit = (inputs: { role: 'plans' | 'events'; path: string }[], asOf: string) =>
      runAudit(db, { inputs, rules: RULES, evaluation: {}, asOf: Date.parse(asOf), now: asOf, actor: 'test', readerOptions, continueOnRejects: false });
    await audit(
      [
        { role: 'plans', path: join(dir, 'plans.csv') },
        { role: 'events', path: join(dir, 'monday.csv') },
      ],
      '2026-05-02T00:00:00Z',
    );
    const tuesday = await audit([{ role: 'events', path: join(dir, 'tuesday.csv') }], '2026-05-03T00:00:00Z');
    const figures = readFeedFigures(db, tuesday.storedEvents, Date.parse('2026-05-03T00:00:00Z'), eventsFilesOf(tuesday.log), tuesday.linkedByReference);
    db.close();
    expect(figures).toMatchObject([{ file: join(dir, 'tuesday.csv'), events: 1, actuals: 1, matchedBy: { pro: 1 }, unmatched: 0 }]);
  });
});

describe('feed summary of a real carrier file', () => {
  it('counts the appointments a 214 sends (AT7 qualifier AA/AB) beside its actuals, so the figures add up', async () => {
    const dir = tempDir();
    const file = 'fixtures/samples/x12-214/x12types-test214-1edisource-multistop.edi';
    writeFileSync(join(dir, 'rules.yaml'), 'version: 1\nrules:\n  - { id: late, check: { kind: milestone_late, milestone: departed }, severity: high }\n');
    const result = await logexInProcess([
      'audit',
      '--events',
      file,
      '--rules',
      join(dir, 'rules.yaml'),
      '--db',
      join(dir, 'a.db'),
      '--as-of',
      '2012-01-01',
      '--format',
      'json',
    ]);
    // Three stops, each with pickup, loaded, arrived and delivered, and a pickup and a delivery appointment.
    expect(result.stderr).toContain(`feed ${file}: 18 event(s) stored (12 actual, 0 estimated, 6 planned: appointments), dated`);
    expect(JSON.parse(result.stdout).run.feeds[0]).toMatchObject({ events: 18, actuals: 12, estimates: 0, planned: 6 });
  });

  it("Canada Post's 214: its GS send time is Eastern time; read in UTC it precedes 8 of the events, read in Toronto (--tz or sender_zones) none", async () => {
    // GS 2019-11-03 18:00 is 23:00Z in Toronto (EST since that morning); the latest event is 22:28Z.
    const dir = tempDir();
    const file = 'fixtures/samples/x12-214/omniparser-canadapost-214.edi';
    writeFileSync(join(dir, 'rules.yaml'), 'version: 1\nrules:\n  - { id: late, check: { kind: milestone_late, milestone: departed }, severity: high }\n');
    const feed = async (tz: string, extra: string[] = []) => {
      const db = join(dir, `${tz.replace('/', '-')}${extra.length}.db`);
      const args = ['audit', '--events', file, '--rules', join(dir, 'rules.yaml'), '--db', db, '--tz', tz, ...extra];
      const result = await logexInProcess([...args, '--as-of', '2019-11-10', '--format', 'json']);
      return {
        stderr: result.stderr,
        figures: JSON.parse(result.stdout).run.feeds[0] as { events: number; reportedBeforeHappened: number; first_event: string; last_event: string },
      };
    };
    const utc = await feed('UTC');
    expect(utc.figures.first_event).toMatch(/^2019-11-/);
    expect(utc.figures).toMatchObject({ events: 19, reportedBeforeHappened: 8 });
    expect(utc.stderr).toContain(
      "  actuals sent before they happened: 8 (the sender's clock is off, or its send times are local times read in --tz: sender_zones in --mapping names their zone)\n",
    );
    const toronto = await feed('America/Toronto');
    expect(toronto.figures).toMatchObject({ events: 19, reportedBeforeHappened: 0 });
    expect(toronto.stderr).not.toContain('sent before they happened');
    // The sender's zone named for its GS times alone: events read as in UTC, none sent before it happened.
    writeFileSync(join(dir, 'map.yaml'), 'version: 1\nsender_zones:\n  CPC: America/Toronto\n');
    const named = await feed('UTC', ['--mapping', join(dir, 'map.yaml')]);
    expect(named.figures).toMatchObject({
      events: 19,
      reportedBeforeHappened: 0,
      first_event: utc.figures.first_event,
      last_event: utc.figures.last_event,
    });
  });
});

describe('feed summary warnings', () => {
  /** R1's pickup, departure and arrival, each with time code "Q9", which element 623 does not have. */
  const BAD_CODES = [
    'ISA*00*          *00*          *ZZ*LOGEXTEST      *ZZ*LOGEXRCV       *260501*1200*U*00401*000000402*0*P*>~',
    'GS*QM*LOGEXTEST*LOGEXRCV*20260501*2100*402*X*004010~',
    'ST*214*0001~',
    'B10*PRO-R1*BOL-R1*ODFL~',
    'LX*1~',
    'AT7*X3*NS***20260501*0900*Q9~',
    'MS1*ATLANTA*GA*US~',
    'AT7*AF*NS***20260501*1400*Q9~',
    'MS1*ATLANTA*GA*US~',
    'AT7*X1*NS***20260501*2000*Q9~',
    'MS1*CHARLOTTE*NC*US~',
    'SE*10*0001~',
    'GE*1*402~',
    'IEA*1*000000402~',
  ].join('\n');

  /** A folder with the plans, BAD_CODES and one rule, and the audit of it into `db` printed as `format`. */
  function carrierCheck() {
    const dir = tempDir();
    writeFileSync(join(dir, 'plans.csv'), PLANS);
    writeFileSync(join(dir, 'codes.edi'), BAD_CODES);
    writeFileSync(join(dir, 'rules.yaml'), 'version: 1\nrules:\n  - { id: late, check: { kind: milestone_late, milestone: departed }, severity: high }\n');
    const file = join(dir, 'codes.edi');
    const audit = (db: string, format: string) =>
      logexInProcess([
        'audit',
        '--plans',
        join(dir, 'plans.csv'),
        '--events',
        file,
        '--rules',
        join(dir, 'rules.yaml'),
        '--db',
        join(dir, db),
        '--as-of',
        '2026-05-02T12:00:00Z',
        '--format',
        format,
        '--fail-on',
        'none',
      ]);
    return { file, audit };
  }

  it('counts a warning the file repeats on every event, once per message, on stderr and in run.feeds', async () => {
    const { audit } = carrierCheck();
    const message = 'time code "Q9" is not an X12 time code (element 623); read as local time';
    const said = (await audit('t.db', 'table')).stderr.split('\n');
    // Three with their positions, then the rest counted, then the count in the file's summary.
    expect(said.filter((line) => line.endsWith(`: warning: ${message}`))).toHaveLength(3);
    expect(said).toContain('  warnings: 3, repeated:');
    expect(said).toContain(`    ${message} (3)`);
    const json = JSON.parse((await audit('j.db', 'json')).stdout);
    expect(json.run.feeds[0]).toMatchObject({ events: 3, duplicates: 0, warnings: 3, repeatedWarnings: [{ message, times: 3 }] });
  });

  it('a file sent again is still summarised: nothing stored, every event already stored', async () => {
    const { file, audit } = carrierCheck();
    await audit('a.db', 'json');
    const again = await audit('a.db', 'json');
    expect(again.stderr).toContain(`feed ${file}: 0 event(s) stored (0 actual, 0 estimated); 3 already stored (re-sent)\n`);
    expect(JSON.parse(again.stdout).run.feeds).toMatchObject([{ file, events: 0, duplicates: 3 }]);
  });
});
