/**
 * Incremental audits leave the same cases as full ones. Two stores receive the same random nights —
 * plans (some late, some changed), events (by id or by reference, actuals dated in the future,
 * estimates reported later), people resolving cases in between — one audited incrementally, the other
 * with `full`; after every night their cases and what the run reported must be identical.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_TABLES } from '../../src/model/codes/index.js';
import { CodeResolver } from '../../src/model/codes/resolver.js';
import { LocationTable } from '../../src/model/locations.js';
import { runAudit, type AuditRequest } from '../../src/pipeline/audit.js';
import type { CaseOutcome } from '../../src/cases/reconcile.js';
import type { InputRole } from '../../src/pipeline/read-input.js';
import { loadRuleText } from '../../src/rules/load.js';
import { sectionValue } from '../../src/rules/sections/section.js';
import { scoringSection } from '../../src/rules/sections/scoring.js';
import { openStore, type Db } from '../../src/store/database.js';
import { tempDir } from '../helpers.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-05-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const RULES = `version: 1
rules:
  - id: departed-late
    check: { kind: milestone_late, milestone: departed }
    tolerance: 2h
    severity: high
  - id: arrival-overdue
    check: { kind: milestone_overdue, milestone: arrived }
    tolerance: 6h
    severity: high
  - id: arrival-at-risk
    check: { kind: predicted_late, milestone: arrived }
    tolerance: 3h
    severity: medium
  - id: transit-too-long
    when: { mode: [air] }
    check: { kind: transit_time, from: departed, to: arrived, max: 2d }
    severity: medium
  - id: feed-quality
    check: { kind: sequence }
    tolerance: 1h
    severity: low
`;
/**
 * Rules on implied milestones (docs/rules.md): delivered implies departed and arrived. The day of grace
 * of feed-gaps makes nights that pass it without new records common (its dueAfter must bring them back).
 */
const IMPLIED_RULES = `  - id: departure-overdue
    check: { kind: milestone_overdue, milestone: departed }
    tolerance: 3h
    severity: high
  - id: feed-gaps
    check: { kind: milestone_unreported }
    tolerance: 1d
    severity: low
`;
/** A short aging window (the cap is reached after three hours) exercises the cases whose score stops growing. */
const FAST_AGING = `scoring: { age_per_day: 4, age_cap: 1.5 }\n`;

const plan = fc.record({
  shipment: fc.integer({ min: 1, max: 6 }),
  air: fc.boolean(),
  departedHour: fc.integer({ min: 0, max: 120 }),
  transitHours: fc.integer({ min: 4, max: 72 }),
});
const event = fc.record({
  shipment: fc.integer({ min: 1, max: 6 }),
  byReference: fc.boolean(),
  // delivered implies departed and arrived (docs/rules.md, "Implied milestones").
  status: fc.constantFrom('departed', 'arrived', 'in_transit', 'delivered'),
  estimated: fc.boolean(),
  hour: fc.integer({ min: 0, max: 200 }),
  reportedHour: fc.integer({ min: 0, max: 200 }),
  /** Actuals too may carry their receipt time (a backlog sent later, a future-dated actual received early). */
  actualReported: fc.boolean(),
});
const night = fc.record({
  hoursLater: fc.integer({ min: 0, max: 60 }),
  plans: fc.array(plan, { maxLength: 4 }),
  events: fc.array(event, { maxLength: 8 }),
  /** Re-sends an event of an earlier night, saying it was received this many hours earlier or later. */
  resend: fc.option(fc.record({ pick: fc.nat(), shiftHours: fc.integer({ min: -100, max: 100 }) }), { nil: undefined }),
  resolveCase: fc.option(fc.nat(), { nil: undefined }),
});

type Night = typeof night extends fc.Arbitrary<infer T> ? T : never;

/** The night's events, with the re-sent one of an earlier night; `sent` keeps every night's events. */
function eventsOf(tonight: Night, sent: Night['events']): Night['events'] {
  const events = [...tonight.events];
  if (tonight.resend && sent.length > 0) {
    const earlier = sent[tonight.resend.pick % sent.length]!;
    events.push({ ...earlier, reportedHour: Math.max(0, earlier.reportedHour + tonight.resend.shiftHours) });
  }
  sent.push(...tonight.events);
  return events;
}

function writeNight(dir: string, index: number, tonight: Night): { role: InputRole; path: string }[] {
  const inputs: { role: InputRole; path: string }[] = [];
  if (tonight.plans.length > 0) {
    const rows = tonight.plans.map((p) => {
      const departed = START + p.departedHour * HOUR;
      return [
        `S${p.shipment}`,
        'MAEU',
        p.air ? 'air' : 'ocean',
        'CNSHA',
        'USLAX',
        p.shipment % 3 === 0 ? 'critical' : 'normal',
        iso(departed),
        iso(departed + p.transitHours * HOUR),
        `bol:B${p.shipment}`,
      ].join(',');
    });
    const path = join(dir, `plans-${index}.csv`);
    writeFileSync(path, `shipment_id,carrier,mode,origin,destination,priority,planned_departed,planned_arrived,refs\n${rows.join('\n')}\n`);
    inputs.push({ role: 'plans', path });
  }
  if (tonight.events.length > 0) {
    const rows = tonight.events.map((e) =>
      [
        e.byReference ? '' : `S${e.shipment}`,
        e.byReference ? `B${e.shipment}` : '',
        e.status,
        iso(START + e.hour * HOUR),
        e.estimated ? 'estimated' : 'actual',
        e.estimated || e.actualReported ? iso(START + e.reportedHour * HOUR) : '',
      ].join(','),
    );
    const path = join(dir, `events-${index}.csv`);
    writeFileSync(path, `shipment_id,bol,status,event_time,classifier,reported_at\n${rows.join('\n')}\n`);
    inputs.push({ role: 'events', path });
  }
  return inputs;
}

function casesOf(db: Db) {
  return db
    .prepare(
      `SELECT case_key, status, severity, score, base_score, team, planned_ms, actual_ms, deviation_minutes, band, message, opened_as_of_ms,
              opened_run, last_seen_run, updated_at FROM cases ORDER BY case_key`,
    )
    .all();
}

/**
 * Each case's history, in order. Across cases a run's entries may come in another order: an incremental
 * run grows overdue cases (regrow) after the shipments it evaluates, a full run in shipment order.
 */
function historyOf(db: Db) {
  return db
    .prepare(
      'SELECT c.case_key, h.run_id, h.action, h.from_value, h.to_value, h.note FROM case_history h JOIN cases c ON c.id = h.case_id ORDER BY c.case_key, h.id',
    )
    .all();
}

/** An audit that keeps what it reports, as the CLI's report does. */
async function auditKeeping(db: Db, request: AuditRequest) {
  const outcomes: CaseOutcome[] = [];
  const result = await runAudit(db, { ...request, onOutcome: (outcome) => outcomes.push(outcome) });
  return { ...result, outcomes };
}

function reported(result: { outcomes: CaseOutcome[] }) {
  return result.outcomes
    .map((o) => ({
      key: o.exception.caseKey,
      status: o.status,
      isNew: o.isNew,
      escalated: o.escalated,
      score: o.exception.score,
      message: o.exception.message,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** A person resolves the n-th active case between two nights, as `cases update` would record it. */
function resolveCase(db: Db, pick: number): void {
  const active = db.prepare(`SELECT id FROM cases WHERE status = 'open' ORDER BY id`).pluck().all() as number[];
  if (active.length === 0) return;
  const id = active[pick % active.length]!;
  db.prepare(`UPDATE cases SET status = 'resolved' WHERE id = ?`).run(id);
  db.prepare(
    `INSERT INTO case_history (case_id, at, actor, action, from_value, to_value) VALUES (?, '2026-05-01T00:00:00Z', 'ana', 'status', 'open', 'resolved')`,
  ).run(id);
}

describe('incremental audit', () => {
  it('leaves the same cases and reports the same exceptions as a full audit, night after night', async () => {
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    await fc.assert(
      fc.asyncProperty(fc.array(night, { minLength: 1, maxLength: 6 }), fc.boolean(), async (nights, fastAging) => {
        const dir = tempDir();
        const loaded = loadRuleText(RULES + IMPLIED_RULES + (fastAging ? FAST_AGING : ''), 'rules.yaml');
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const incremental = openStore(join(dir, 'incremental.db'));
        const full = openStore(join(dir, 'full.db'));
        try {
          let asOf = START;
          const sent: Night['events'] = [];
          for (const [index, tonight] of nights.entries()) {
            asOf += tonight.hoursLater * HOUR;
            const request = {
              inputs: writeNight(dir, index, { ...tonight, events: eventsOf(tonight, sent) }),
              rules: loaded.rules,
              evaluation: { weights: sectionValue(loaded.sections, scoringSection) },
              asOf,
              now: iso(asOf),
              actor: 'cron',
              readerOptions,
              continueOnRejects: true,
            };
            const a = await auditKeeping(incremental, request);
            const b = await auditKeeping(full, { ...request, full: true });
            expect(a.evaluation.mode).toBe(index === 0 ? 'full' : 'incremental');
            expect(reported(a)).toEqual(reported(b));
            expect(casesOf(incremental)).toEqual(casesOf(full));
            expect(historyOf(incremental)).toEqual(historyOf(full));
            expect(a.shipmentsEvaluated).toBeLessThanOrEqual(b.shipmentsEvaluated);
            if (tonight.resolveCase !== undefined) {
              resolveCase(incremental, tonight.resolveCase);
              resolveCase(full, tonight.resolveCase);
            }
          }
        } finally {
          incremental.close();
          full.close();
        }
      }),
      // A fixed seed: the suite runs the same nights every time (this seed catches a missed case change).
      { numRuns: 60, seed: 20260519 },
    );
    // Two stores and a dozen audits per run: room for a loaded 2-core machine.
  }, 120_000);

  it('re-evaluates a shipment whose event was retracted since, as a full audit would', async () => {
    const dir = tempDir();
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const rules = loadRuleText(RULES, 'rules.yaml').rules;
    const plans = join(dir, 'plans.csv');
    writeFileSync(
      plans,
      `shipment_id,carrier,mode,origin,destination,planned_departed,planned_arrived,refs\nS1,MAEU,ocean,CNSHA,USLAX,${iso(START)},${iso(START + 100 * HOUR)},booking:BKG-1\n`,
    );
    const dcsa = (name: string, events: object[]) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ events }));
      return path;
    };
    const departed = {
      eventID: 'E1',
      eventDateTime: iso(START + 5 * HOUR),
      eventClassification: { eventTypeCode: 'TRANSPORT', eventClassifierCode: 'ACT', transportEventTypeCode: 'DEPA' },
      shipmentDetails: { documentReference: { typeCode: 'BKG', reference: 'BKG-1' } },
    };
    const night1 = [
      { role: 'plans' as const, path: plans },
      { role: 'events' as const, path: dcsa('night-1', [departed]) },
    ];
    const night2 = [{ role: 'events' as const, path: dcsa('night-2', [{ ...departed, eventID: 'E1-retraction', retractedEventID: 'E1' }]) }];
    const base = { rules, evaluation: {}, actor: 'cron', readerOptions, continueOnRejects: false };
    const incremental = openStore(join(dir, 'incremental.db'));
    const full = openStore(join(dir, 'full.db'));
    for (const [nightInputs, hour] of [
      [night1, 10],
      [night2, 11],
    ] as const) {
      const request = { ...base, inputs: [...nightInputs], asOf: START + hour * HOUR, now: iso(START + hour * HOUR) };
      await runAudit(incremental, request);
      await runAudit(full, { ...request, full: true });
    }
    // The departure was late (5h, tolerance 2h) on night 1; retracted on night 2, nothing says it departed.
    expect(incremental.prepare(`SELECT status FROM cases WHERE rule_id = 'departed-late'`).pluck().all()).toEqual(['cleared']);
    expect(casesOf(incremental)).toEqual(casesOf(full));
    incremental.close();
    full.close();
  });

  it('grows a case stored before band widths were kept, once any run has seen it again', async () => {
    const dir = tempDir();
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const rules = loadRuleText(RULES, 'rules.yaml').rules;
    const inputs = writeNight(dir, 0, {
      hoursLater: 0,
      plans: [1, 2].map((shipment) => ({ shipment, air: false, departedHour: 10, transitHours: 48 })),
      events: [],
      resend: undefined,
      resolveCase: undefined,
    });
    const base = { rules, evaluation: {}, actor: 'cron', readerOptions, continueOnRejects: false };
    const audit = (db: Db, hour: number, full = false, nightInputs = inputs) =>
      auditKeeping(db, { ...base, inputs: nightInputs, asOf: START + hour * HOUR, now: iso(START + hour * HOUR), full });
    const upgraded = openStore(join(dir, 'upgraded.db'));
    await audit(upgraded, 70);
    // As a store from before migration 9 has them: no band width, due again just after that audit.
    upgraded.prepare('UPDATE cases SET band_width_ms = NULL').run();
    upgraded.prepare('UPDATE shipments SET next_due_ms = ?').run(START + 70 * HOUR + 1);
    // A full re-run of the same night finds nothing new: its cases are only touched.
    await audit(upgraded, 70, true, []);
    const grown = await audit(upgraded, 80, false, []);
    expect(grown.shipmentsEvaluated).toBe(0);
    expect(grown.outcomes.map((o) => o.exception.message)).toEqual(Array(2).fill('no arrived yet, 22h after plan (tolerance 6h)'));
    upgraded.close();
  });

  it('evaluates everything again when the rules change, and only what changed when nothing did', async () => {
    const dir = tempDir();
    const db = openStore(join(dir, 'store.db'));
    const readerOptions = { time: new LocationTable().timeContext('UTC'), codes: new CodeResolver(CODE_TABLES, {}) };
    const base = {
      evaluation: {},
      now: iso(START),
      actor: 'cron',
      readerOptions,
      continueOnRejects: false,
    };
    const inputs = writeNight(dir, 0, {
      hoursLater: 0,
      plans: [1, 2, 3].map((shipment) => ({ shipment, air: false, departedHour: 10, transitHours: 48 })),
      events: [{ shipment: 1, byReference: false, status: 'departed', estimated: false, hour: 11, reportedHour: 0, actualReported: false }],
      resend: undefined,
      resolveCase: undefined,
    });
    const rules = loadRuleText(RULES, 'rules.yaml').rules;
    const first = await runAudit(db, { ...base, inputs, rules, asOf: START + 20 * HOUR });
    expect(first.evaluation).toMatchObject({ mode: 'full', reason: 'first audit of this store' });
    // Nothing new and nothing due (arrivals are planned 58h in): nothing to evaluate.
    const quiet = await runAudit(db, { ...base, inputs: [], rules, asOf: START + 21 * HOUR });
    expect(quiet.evaluation.mode).toBe('incremental');
    expect(quiet.shipmentsEvaluated).toBe(0);
    // Past the arrivals' plan plus tolerance: every shipment without an arrival is due.
    const due = await auditKeeping(db, { ...base, inputs: [], rules, asOf: START + 70 * HOUR });
    expect(due.shipmentsEvaluated).toBe(3);
    expect(due.outcomes.filter((o) => o.exception.ruleId === 'arrival-overdue')).toHaveLength(3);
    // Still overdue ten hours later: grown from their cases, no shipment read again.
    const grown = await auditKeeping(db, { ...base, inputs: [], rules, asOf: START + 80 * HOUR });
    expect(grown.shipmentsEvaluated).toBe(0);
    expect(grown.outcomes.filter((o) => o.exception.ruleId === 'arrival-overdue').map((o) => o.exception.message)).toEqual(
      Array(3).fill('no arrived yet, 22h after plan (tolerance 6h)'),
    );
    const tighter = loadRuleText(RULES.replace('tolerance: 6h', 'tolerance: 5h'), 'rules.yaml').rules;
    const changed = await runAudit(db, { ...base, inputs: [], rules: tighter, asOf: START + 70 * HOUR });
    expect(changed.evaluation).toMatchObject({ mode: 'full' });
    expect(changed.evaluation.reason).toMatch(/rules or configuration differ/);
    const earlier = await runAudit(db, { ...base, inputs: [], rules: tighter, asOf: START + 60 * HOUR });
    expect(earlier.evaluation.reason).toMatch(/as-of is earlier/);
    const forced = await runAudit(db, { ...base, inputs: [], rules: tighter, asOf: START + 60 * HOUR, full: true });
    expect(forced.evaluation).toEqual({ mode: 'full', reason: '--full' });
    db.close();
  });
});
