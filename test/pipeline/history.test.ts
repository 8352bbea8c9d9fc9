/**
 * Whole histories (issue 15): no event lost to an event id another publisher (or another message) also
 * used, every document record kept, and receipt times, so that an audit as of T says what was known by
 * T. Every input is written out here; audits run through runAudit / runIngest as the CLI runs them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runAudit } from '../../src/pipeline/audit.js';
import { runIngest } from '../../src/pipeline/ingest-run.js';
import type { InputRole } from '../../src/pipeline/read-input.js';
import type { CaseOutcome } from '../../src/cases/reconcile.js';
import { loadRuleText } from '../../src/rules/load.js';
import { openStore, type Db } from '../../src/store/database.js';
import { tempDir } from '../helpers.js';

const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };

function workspace() {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const store = (name = 'logex.db') => openStore(join(dir, name));
  return { dir, write, store };
}

function rules(yaml: string) {
  const loaded = loadRuleText(`version: 1\nrules:\n${yaml}`, 'rules.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.rules;
}

/** An ingest run as of `asOf`: the receipt time of the events it stores that carry none. */
async function ingest(db: Db, inputs: { role: InputRole; path: string }[], asOf = '2026-03-20T00:00:00Z') {
  return runIngest(db, { inputs, now: '2026-03-20T00:00:00Z', asOf: Date.parse(asOf), readerOptions, continueOnRejects: false });
}

/** A full audit as of `asOf`: the exceptions holding then, as "rule shipment message". */
async function audit(db: Db, asOf: string, ruleList: ReturnType<typeof rules>, inputs: { role: InputRole; path: string }[] = [], full = true) {
  const outcomes: CaseOutcome[] = [];
  await runAudit(db, {
    inputs,
    rules: ruleList,
    evaluation: {},
    asOf: Date.parse(asOf),
    now: asOf,
    actor: 'cron',
    readerOptions,
    continueOnRejects: false,
    full,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  return outcomes.map((o) => `${o.exception.ruleId} ${o.exception.caseKey.split('|')[1]}: ${o.exception.message}`).sort();
}

function storedEvents(db: Db) {
  return db.prepare('SELECT status, event_id, publisher, location FROM events ORDER BY id').all();
}

/** A DCSA v2.2 TRANSPORT event (flat), as a GET /events page lists it. */
function dcsa22(eventID: string, code: string, at: string, extra: object = {}) {
  return {
    eventID,
    eventType: 'TRANSPORT',
    eventClassifierCode: 'ACT',
    eventCreatedDateTime: '2026-03-10T12:00:00Z',
    eventDateTime: at,
    transportEventTypeCode: code,
    transportDocumentReference: 'BOL-1',
    ...extra,
  };
}

describe('event identity: publisher and id, else content', () => {
  it('keeps three DCSA v2.2 events that share one eventID, and says so for the second and third', async () => {
    const { write, store } = workspace();
    const page = write(
      'page.json',
      JSON.stringify(
        [
          dcsa22('3cecb101-7a1a-43a4-9d62-e88a131651e2', 'DEPA', '2026-03-09T08:00:00Z', { eventLocation: { UNLocationCode: 'CNSHA' } }),
          dcsa22('3cecb101-7a1a-43a4-9d62-e88a131651e2', 'ARRI', '2026-03-10T08:00:00Z', { eventLocation: { UNLocationCode: 'KRPUS' } }),
          dcsa22('3cecb101-7a1a-43a4-9d62-e88a131651e2', 'ARRI', '2026-03-11T08:00:00Z', { eventLocation: { UNLocationCode: 'USLAX' } }),
        ],
        null,
        2,
      ),
    );
    const db = store();
    const { log } = await ingest(db, [{ role: 'events', path: page }]);
    expect(log.counts.eventsStored).toBe(3);
    expect(storedEvents(db).map((e) => (e as { location: string }).location)).toEqual(['CNSHA', 'KRPUS', 'USLAX']);
    const collisions = log.warnings.filter((w) => w.message.includes('was stored before with other content'));
    // Each names where it was read and where the first one was.
    expect(collisions.map((w) => [w.position.line, w.message])).toEqual([
      [14, expect.stringContaining(`eventID 3cecb101-7a1a-43a4-9d62-e88a131651e2 was stored before with other content (${page}:2); both are kept`)],
      [26, expect.stringContaining(`(${page}:2); both are kept`)],
    ]);
    // Read again tomorrow: nothing new, no warning.
    const again = await ingest(db, [{ role: 'events', path: page }]);
    expect(again.log.counts).toMatchObject({ eventsStored: 0, eventsDuplicate: 3 });
    expect(again.log.warnings.filter((w) => w.message.includes('stored before'))).toEqual([]);
  });

  it("keeps two publishers' events with the same eventID, without a warning", async () => {
    const { write, store } = workspace();
    const published = (party: string) => ({ publisher: { partyName: party, identifyingCodes: [{ DCSAResponsibleAgencyCode: 'SMDG', partyCode: party }] } });
    const maersk = write('maersk.json', JSON.stringify([dcsa22('E-1', 'DEPA', '2026-03-09T08:00:00Z', published('MSK'))]));
    const hapag = write('hapag.json', JSON.stringify([dcsa22('E-1', 'DEPA', '2026-03-09T08:00:00Z', published('HLC'))]));
    const db = store();
    const { log } = await ingest(db, [
      { role: 'events', path: maersk },
      { role: 'events', path: hapag },
    ]);
    expect(log.counts.eventsStored).toBe(2);
    expect(storedEvents(db)).toEqual([
      { status: 'departed', event_id: 'E-1', publisher: 'MSK', location: null },
      { status: 'departed', event_id: 'E-1', publisher: 'HLC', location: null },
    ]);
    expect(log.warnings.filter((w) => w.message.includes('stored before'))).toEqual([]);
  });

  it('a CSV event id re-used with other content: a warning with file and line, both kept; an exact re-send is one event', async () => {
    const { write, store } = workspace();
    const header = 'shipment_id,carrier,status,event_time,location,event_id\n';
    const monday = write('monday.csv', `${header}S1,MAEU,departed,2026-03-09T08:00:00Z,CNSHA,77\n`);
    const tuesday = write(
      'tuesday.csv',
      `${header}S1,MAEU,departed,2026-03-09T08:00:00Z,CNSHA,77\nS2,MAEU,arrived,2026-03-10T08:00:00Z,USLAX,77\nS2,HLCU,arrived,2026-03-10T08:00:00Z,USLAX,77\n`,
    );
    const db = store();
    await ingest(db, [{ role: 'events', path: monday }]);
    const { log } = await ingest(db, [{ role: 'events', path: tuesday }]);
    // Line 2 is Monday's event again; line 3 re-uses MAEU's id 77; line 4 is HLCU's own id 77.
    expect(log.counts).toMatchObject({ eventsStored: 2, eventsDuplicate: 1 });
    expect(log.warnings.map((w) => [w.position, w.message])).toEqual([
      [{ file: tuesday, line: 3 }, expect.stringContaining(`eventID 77 of publisher MAEU was stored before with other content (${monday}:2); both are kept`)],
    ]);
    expect(db.prepare('SELECT shipment_id, publisher FROM events ORDER BY id').raw().all()).toEqual([
      ['S1', 'MAEU'],
      ['S2', 'MAEU'],
      ['S2', 'HLCU'],
    ]);
  });

  it("a retraction retracts its publisher's event with that id, not another publisher's", async () => {
    const { write, store } = workspace();
    const plans = write(
      'plans.csv',
      'shipment_id,carrier,mode,origin,destination,planned_departed,refs\nS1,MAEU,ocean,CNSHA,USLAX,2026-03-09T00:00:00Z,bol:BOL-1\n',
    );
    const v3 = (party: string, body: object) => ({
      eventID: 'E-1',
      eventDateTime: '2026-03-09T08:00:00Z',
      eventUpdatedDateTime: '2026-03-09T09:00:00Z',
      eventRouting: { originatingParty: { partyCode: party, partyFunction: 'CA' } },
      eventClassification: { eventTypeCode: 'TRANSPORT', eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA' },
      shipmentDetails: { documentReference: { typeCode: 'TRD', reference: 'BOL-1' } },
      ...body,
    });
    const a = write('a.json', JSON.stringify({ events: [v3('MAEU', {})] }));
    const b = write('b.json', JSON.stringify({ events: [v3('HLCU', { eventDateTime: '2026-03-09T10:00:00Z' })] }));
    const retraction = write('r.json', JSON.stringify({ events: [v3('MAEU', { eventID: 'R-1', retractedEventID: 'E-1' })] }));
    const departedLate = rules('  - id: departed-late\n    check: { kind: milestone_late, milestone: departed }\n    tolerance: 1h\n    severity: high\n');
    const db = store();
    await ingest(db, [
      { role: 'plans', path: plans },
      { role: 'events', path: a },
      { role: 'events', path: b },
      { role: 'events', path: retraction },
    ]);
    // MAEU's departure (08:00) is retracted; HLCU's (10:00) still counts: 10h late.
    expect(await audit(db, '2026-03-12T00:00:00Z', departedLate)).toEqual(['departed-late S1: departed 10h late (tolerance 1h)']);
  });
});

describe('documents: every record kept, the latest as of T decides', () => {
  it('received 03-06, rejected 03-12, received 03-14, due 03-08', async () => {
    const { write, store } = workspace();
    const plans = write(
      'plans.csv',
      'shipment_id,carrier,mode,origin,destination,planned_departed,required_docs\nS1,MAEU,ocean,CNSHA,USLAX,2026-03-10T00:00:00Z,invoice\n',
    );
    const documents = write(
      'documents.csv',
      'shipment_id,doc_type,received_at,status\n' +
        'S1,invoice,2026-03-06T00:00:00Z,received\nS1,invoice,2026-03-12T00:00:00Z,rejected\nS1,invoice,2026-03-14T00:00:00Z,received\n',
    );
    const docsDue = rules('  - id: docs\n    check: { kind: documents_missing, due: 48h before departed }\n    severity: high\n');
    const db = store();
    await ingest(db, [
      { role: 'plans', path: plans },
      { role: 'documents', path: documents },
    ]);
    expect(await audit(db, '2026-03-11T00:00:00Z', docsDue)).toEqual([]);
    expect(await audit(db, '2026-03-13T00:00:00Z', docsDue)).toEqual(['docs S1: invoice rejected, due 48h before departed (5d ago)']);
    expect(await audit(db, '2026-03-15T00:00:00Z', docsDue)).toEqual([]);
    // The same file again is no new record.
    const again = await ingest(db, [{ role: 'documents', path: documents }]);
    expect(again.log.counts.documentsStored).toBe(0);
    expect(db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(3);
  });
});

describe('plans: an audit as of T evaluates the version of the plan known by T', () => {
  const overdue = rules('  - id: departure-overdue\n    check: { kind: milestone_overdue, milestone: departed }\n    tolerance: 6h\n    severity: high\n');
  const planned = (departed: string) =>
    `shipment_id,carrier,mode,origin,destination,planned_departed,planned_arrived\nS1,MAEU,ocean,CNSHA,USLAX,${departed},2026-03-20T00:00:00Z\n`;

  it('a re-plan stored on the 11th: the 10th keeps the first plan, the 12th the new one, full or incremental alike', async () => {
    for (const full of [true, false]) {
      const { write, store } = workspace();
      const db = store();
      await ingest(db, [{ role: 'plans', path: write('v1.csv', planned('2026-03-10T00:00:00Z')) }], '2026-03-01T00:00:00Z');
      await ingest(db, [{ role: 'plans', path: write('v2.csv', planned('2026-03-12T00:00:00Z')) }], '2026-03-11T00:00:00Z');
      expect(await audit(db, '2026-03-10T12:00:00Z', overdue, [], full)).toEqual(['departure-overdue S1: no departed yet, 12h after plan (tolerance 6h)']);
      // The plan known from the 11th departs on the 12th: nothing overdue (an incremental run re-evaluates
      // S1 because its next plan became known, with no new record).
      expect(await audit(db, '2026-03-11T12:00:00Z', overdue, [], full)).toEqual([]);
      expect(await audit(db, '2026-03-12T12:00:00Z', overdue, [], full)).toEqual(['departure-overdue S1: no departed yet, 12h after plan (tolerance 6h)']);
      expect(db.prepare('SELECT count(*) FROM plan_versions').pluck().get()).toBe(1);
    }
  });

  it('a plan first stored after a night counts on that night (history loaded today)', async () => {
    const { write, store } = workspace();
    const db = store();
    await ingest(db, [{ role: 'plans', path: write('v1.csv', planned('2026-03-10T00:00:00Z')) }], '2026-03-15T00:00:00Z');
    expect(await audit(db, '2026-03-10T12:00:00Z', overdue)).toEqual(['departure-overdue S1: no departed yet, 12h after plan (tolerance 6h)']);
  });

  it('the same plan sent again keeps no version; a plan changed twice in one run keeps none of that run', async () => {
    const { write, store } = workspace();
    const db = store();
    const v1 = write('v1.csv', planned('2026-03-10T00:00:00Z'));
    await ingest(db, [{ role: 'plans', path: v1 }], '2026-03-01T00:00:00Z');
    await ingest(db, [{ role: 'plans', path: v1 }], '2026-03-02T00:00:00Z');
    expect(db.prepare('SELECT count(*) FROM plan_versions').pluck().get()).toBe(0);
    await ingest(
      db,
      [
        { role: 'plans', path: write('v2.csv', planned('2026-03-11T00:00:00Z')) },
        { role: 'plans', path: write('v3.csv', planned('2026-03-12T00:00:00Z')) },
      ],
      '2026-03-05T00:00:00Z',
    );
    // The version run 1 stored; v2 lived only inside the run that replaced it with v3.
    expect(db.prepare('SELECT run_id FROM plan_versions').pluck().all()).toEqual([1]);
    expect(await audit(db, '2026-03-04T00:00:00Z', overdue)).toEqual([]);
    expect(await audit(db, '2026-03-10T12:00:00Z', overdue)).toEqual([]);
    expect(await audit(db, '2026-03-12T12:00:00Z', overdue)).toEqual(['departure-overdue S1: no departed yet, 12h after plan (tolerance 6h)']);
  });
});

describe('receipt time: an audit as of T sees what was received by T', () => {
  const plans =
    'shipment_id,carrier,mode,origin,destination,planned_departed,planned_arrived\nS1,MAEU,ocean,CNSHA,USLAX,2026-03-10T00:00:00Z,2026-03-20T00:00:00Z\n';
  const departedRules = rules(
    '  - id: departure-overdue\n    check: { kind: milestone_overdue, milestone: departed }\n    tolerance: 6h\n    severity: high\n' +
      '  - id: departed-late\n    check: { kind: milestone_late, milestone: departed }\n    tolerance: 1h\n    severity: high\n' +
      '  - id: feed\n    check: { kind: sequence }\n    tolerance: 1h\n    severity: low\n',
  );

  it('a backlog received on the 14th for events of the 10th does not change the replay of the 12th', async () => {
    const { write, store } = workspace();
    const planFile = write('plans.csv', plans);
    const backlog = write('backlog.csv', 'shipment_id,status,event_time,reported_at\nS1,departed,2026-03-10T04:00:00Z,2026-03-14T06:00:00Z\n');
    const before = store('before.db');
    await ingest(before, [{ role: 'plans', path: planFile }]);
    const replayBefore = await audit(before, '2026-03-12T00:00:00Z', departedRules);
    expect(replayBefore).toEqual(['departure-overdue S1: no departed yet, 2d after plan (tolerance 6h)']);

    const after = store('after.db');
    await ingest(after, [
      { role: 'plans', path: planFile },
      { role: 'events', path: backlog },
    ]);
    expect(await audit(after, '2026-03-12T00:00:00Z', departedRules)).toEqual(replayBefore);
    expect(await audit(after, '2026-03-15T00:00:00Z', departedRules)).toEqual(['departed-late S1: departed 4h late (tolerance 1h)']);
  });

  it('an actual dated ahead of the as-of is a sequence finding only once received', async () => {
    const { write, store } = workspace();
    const planFile = write('plans.csv', plans);
    // Received on the 14th, dated the 18th: the carrier's clock, or a typo.
    const events = write('events.csv', 'shipment_id,status,event_time,reported_at\nS1,departed,2026-03-18T00:00:00Z,2026-03-14T00:00:00Z\n');
    const db = store();
    await ingest(db, [
      { role: 'plans', path: planFile },
      { role: 'events', path: events },
    ]);
    const feed = (exceptions: string[]) => exceptions.filter((e) => e.startsWith('feed '));
    expect(feed(await audit(db, '2026-03-13T00:00:00Z', departedRules))).toEqual([]);
    expect(feed(await audit(db, '2026-03-15T00:00:00Z', departedRules))).toEqual(['feed S1: actual departed dated 3d after the as-of time']);
  });

  describe('without a receipt time: from the as-of of the run that stored it, an actual from when it happened if earlier', () => {
    const atRisk = rules('  - id: arrival-at-risk\n    check: { kind: predicted_late, milestone: arrived }\n    tolerance: 1h\n    severity: medium\n');

    it('history loaded on the 14th: the replay of the 12th counts the actual of the 10th, not the estimate sent with it', async () => {
      const { write, store } = workspace();
      const planFile = write('plans.csv', plans);
      const events = write(
        'events.csv',
        'shipment_id,status,event_time,classifier\nS1,departed,2026-03-10T04:00:00Z,actual\nS1,arrived,2026-03-25T00:00:00Z,estimated\n',
      );
      const db = store();
      await ingest(db, [{ role: 'plans', path: planFile }], '2026-03-01T00:00:00Z');
      await ingest(db, [{ role: 'events', path: events }], '2026-03-14T00:00:00Z');
      const both = [...departedRules, ...atRisk];
      expect(await audit(db, '2026-03-12T00:00:00Z', both)).toEqual(['departed-late S1: departed 4h late (tolerance 1h)']);
      expect(await audit(db, '2026-03-15T00:00:00Z', both)).toEqual([
        'arrival-at-risk S1: arrived estimated 5d late (tolerance 1h)',
        'departed-late S1: departed 4h late (tolerance 1h)',
      ]);
    });

    it('no_updates hears an estimate without reported_at at the run that stored it', async () => {
      const { write, store } = workspace();
      const planFile = write('plans.csv', plans);
      const departed = write('departed.csv', 'shipment_id,status,event_time\nS1,departed,2026-03-10T04:00:00Z\n');
      const estimate = write('estimate.csv', 'shipment_id,status,event_time,classifier\nS1,arrived,2026-03-20T00:00:00Z,estimated\n');
      const silent = rules('  - id: silent\n    check: { kind: no_updates, max: 2d }\n    severity: low\n');
      const db = store();
      await ingest(db, [{ role: 'plans', path: planFile }], '2026-03-01T00:00:00Z');
      await ingest(db, [{ role: 'events', path: departed }], '2026-03-10T12:00:00Z');
      await ingest(db, [{ role: 'events', path: estimate }], '2026-03-13T00:00:00Z');
      expect(await audit(db, '2026-03-12T12:00:00Z', silent)).toEqual(['silent S1: no update for 2d8h (max 2d); last heard departed']);
      expect(await audit(db, '2026-03-14T00:00:00Z', silent)).toEqual([]);
      expect(await audit(db, '2026-03-15T12:00:00Z', silent)).toEqual(['silent S1: no update for 2d12h (max 2d); last heard departed']);
    });

    it('an actual dated after a night, stored after it, is no future-dated finding that night', async () => {
      const { write, store } = workspace();
      const planFile = write('plans.csv', plans);
      const events = write('events.csv', 'shipment_id,status,event_time\nS1,departed,2026-03-18T00:00:00Z\n');
      const db = store();
      await ingest(db, [{ role: 'plans', path: planFile }], '2026-03-01T00:00:00Z');
      await ingest(db, [{ role: 'events', path: events }], '2026-03-14T00:00:00Z');
      expect(await audit(db, '2026-03-13T00:00:00Z', departedRules)).toEqual(['departure-overdue S1: no departed yet, 3d after plan (tolerance 6h)']);
      // Stored on the 14th, it was known from then: dated four days ahead, the feed's clock is wrong.
      expect(await audit(db, '2026-03-15T00:00:00Z', departedRules)).toEqual([
        'departure-overdue S1: no departed yet, 5d after plan (tolerance 6h)',
        'feed S1: actual departed dated 3d after the as-of time',
      ]);
      expect(await audit(db, '2026-03-19T00:00:00Z', departedRules)).toEqual(['departed-late S1: departed 8d late (tolerance 1h)']);
    });
  });

  it('an event for no planned shipment is unmatched from its receipt on', async () => {
    const { write, store } = workspace();
    const events = write('events.csv', 'bol,status,event_time,reported_at\nNOPE-1,departed,2026-03-10T04:00:00Z,2026-03-14T00:00:00Z\n');
    const unmatched = rules('  - id: unmatched\n    check: { kind: unmatched_event }\n    severity: low\n');
    const db = store();
    await ingest(db, [{ role: 'events', path: events }]);
    expect(await audit(db, '2026-03-12T00:00:00Z', unmatched)).toEqual([]);
    expect(await audit(db, '2026-03-15T00:00:00Z', unmatched)).toEqual([
      `unmatched bol:NOPE-1: 1 event(s) for bol:NOPE-1 match no planned shipment (last: departed, from ${events})`,
    ]);
  });

  it('sequence: one finding per milestone, naming the first milestone of the order dated after it (docs/rules.md)', async () => {
    const { write, store } = workspace();
    const planFile = write('plans.csv', plans);
    const events = write(
      'events.csv',
      'shipment_id,status,event_time\nS1,pickup,2026-03-10T10:00:00Z\nS1,departed,2026-03-10T09:00:00Z\nS1,arrived,2026-03-10T08:00:00Z\n',
    );
    const db = store();
    await ingest(db, [
      { role: 'plans', path: planFile },
      { role: 'events', path: events },
    ]);
    const feed = (await audit(db, '2026-03-12T00:00:00Z', departedRules)).filter((e) => e.startsWith('feed '));
    expect(feed).toEqual(['feed S1: arrived reported 2h before pickup', 'feed S1: departed reported 1h before pickup']);
  });

  it('a re-sent event counts from its first receipt, in whichever order the files are read', async () => {
    const { write, store } = workspace();
    const planFile = write('plans.csv', plans);
    // Without an event id (recognised by its fingerprint) and with one (by publisher, id and content).
    for (const [name, header, id] of [
      ['fingerprint', 'shipment_id,status,event_time,reported_at\n', ''],
      ['id', 'shipment_id,status,event_time,reported_at,carrier,event_id\n', ',MAEU,77'],
    ]) {
      const first = write(`${name}-first.csv`, `${header}S1,departed,2026-03-10T04:00:00Z,2026-03-11T00:00:00Z${id}\n`);
      const resent = write(`${name}-resent.csv`, `${header}S1,departed,2026-03-10T04:00:00Z,2026-03-14T00:00:00Z${id}\n`);
      for (const order of [
        [first, resent],
        [resent, first],
      ]) {
        const db = store(`${name}-${order[0] === first ? 'in-order' : 'reversed'}.db`);
        await ingest(db, [{ role: 'plans', path: planFile }]);
        for (const path of order) await ingest(db, [{ role: 'events', path }]);
        expect(db.prepare('SELECT reported_text FROM events').pluck().all()).toEqual(['2026-03-11T00:00:00Z']);
        expect(await audit(db, '2026-03-12T00:00:00Z', departedRules)).toEqual(['departed-late S1: departed 4h late (tolerance 1h)']);
      }
    }
  });
});
