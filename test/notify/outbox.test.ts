/**
 * Queueing: which case changes notify whom, once. Real cases in a real store, reconciled run after
 * run as the audit does, then the outbox read back.
 */
import { describe, expect, it } from 'vitest';
import { lateArrival, NotifyStore, settingsFrom } from './fixtures.js';

const TEAMS = `
teams:
  - { name: ocean-desk, email: ocean@example.com }
  - { name: air-desk, email: air@example.com }
channels:
  - { name: chat, type: webhook, url: "https://chat.example.com/hook" }
  - name: mail
    type: email
    smtp: { host: smtp.example.com }
    from: logex@example.com
`;

const immediate = settingsFrom(`${TEAMS}
notifications:
  routes:
    - { team: ocean-desk, channel: mail }
    - { team: ocean-desk, channel: chat, min_severity: high }
`);

describe('queueing notifications', () => {
  it('a new case queues one message per matching route; the same audit again queues nothing', () => {
    const store = new NotifyStore();
    expect(store.audit([lateArrival()], immediate).queued).toBe(1);
    expect(store.messages()).toMatchObject([
      {
        idempotency_key: 'logex:case-1:opened:mail',
        team: 'ocean-desk',
        channel: 'mail',
        mode: 'immediate',
        recipients: '["ocean@example.com"]',
        subject: '[logex] New medium exception: arrival-late on S1, 5h late (case 1)',
      },
    ]);
    expect(store.messages()[0]!.body).toBe(
      [
        'New exception, case 1: arrived 5h late (tolerance 4h)',
        '',
        'Rule:      arrival-late (milestone_late), severity medium',
        'Shipment:  S1, carrier MAEU, ocean lane CNSHA>USLAX',
        'Milestone: arrived',
        'Planned:   2026-05-14 00:00 UTC',
        'Actual:    2026-05-14 05:00 UTC',
        'Late by:   5h',
        '',
        'See it: logex cases show 1',
        '',
      ].join('\n'),
    );
    expect(store.audit([lateArrival()], immediate).queued).toBe(0);
    expect(store.messages()).toHaveLength(1);
  });

  it('routes by team and minimum severity; a case of another team, or of none, queues nothing', () => {
    const store = new NotifyStore();
    store.audit(
      [
        lateArrival({ shipmentId: 'S1', severity: 'high' }),
        lateArrival({ shipmentId: 'S2', team: 'air-desk' }),
        lateArrival({ shipmentId: 'S3', team: undefined }),
      ],
      immediate,
    );
    expect(store.messages().map((m) => m.idempotency_key)).toEqual(['logex:case-1:opened:mail', 'logex:case-1:opened:chat']);
    // A webhook has no addresses: its URL is read from the configuration when it is sent.
    expect(store.messages()[1]!.recipients).toBe('[]');
  });

  it('a channel with its own "to:" sends there instead of to the team address', () => {
    const store = new NotifyStore();
    const settings = settingsFrom(`${TEAMS.replace('from: logex@example.com', 'from: logex@example.com\n    to: [duty@example.com, lead@example.com]')}
notifications:
  routes: [{ team: ocean-desk, channel: mail }]
`);
    store.audit([lateArrival()], settings);
    expect(store.messages()[0]!.recipients).toBe('["duty@example.com","lead@example.com"]');
  });

  it('escalation to a higher band or severity notifies while the case is open, and not once someone acknowledged it or works on it', () => {
    const store = new NotifyStore();
    store.audit([lateArrival({ band: 1 })], immediate);
    const escalated = store.audit([lateArrival({ band: 2, deviationMinutes: 540 })], immediate);
    expect(escalated.outcomes[0]).toMatchObject({ escalated: true, status: 'open' });
    expect(escalated.queued).toBe(1);
    const worse = store.audit([lateArrival({ band: 2, deviationMinutes: 560, severity: 'high' })], immediate);
    expect(worse.queued).toBe(2); // mail, and now the chat route (high and up) too
    expect(store.messages().map((m) => m.idempotency_key)).toEqual([
      'logex:case-1:opened:mail',
      'logex:case-1:escalated-band-2-medium:mail',
      'logex:case-1:escalated-band-2-high:mail',
      'logex:case-1:escalated-band-2-high:chat',
    ]);
    expect(store.messages()[1]!.subject).toBe('[logex] Escalated medium exception: arrival-late on S1, 9h late (case 1)');

    for (const [status, band] of [
      ['acknowledged', 3],
      ['in_progress', 4],
    ] as const) {
      store.setStatus(status);
      const quiet = store.audit([lateArrival({ band, deviationMinutes: band * 240, severity: 'high' })], immediate);
      expect(quiet.outcomes[0]).toMatchObject({ escalated: true, status });
      expect(quiet.queued).toBe(0);
    }
    expect(store.messages()).toHaveLength(4);
  });

  it('an ETA that moves inside its band notifies nothing', () => {
    const store = new NotifyStore();
    const eta = (deviationMinutes: number) =>
      lateArrival({
        ruleId: 'eta',
        kind: 'predicted_late',
        caseKey: 'eta|S1|arrived',
        band: 1,
        deviationMinutes,
        actual: Date.parse('2026-05-14T00:00:00Z') + deviationMinutes * 60_000,
      });
    store.audit([eta(1800)], immediate);
    const churn = store.audit([eta(1980)], immediate);
    expect(churn.outcomes[0]).toMatchObject({ isNew: false, escalated: false });
    expect(churn.queued).toBe(0);
  });

  it('a case that clears and comes back notifies each time it reopens', () => {
    const store = new NotifyStore();
    store.audit([lateArrival()], immediate);
    store.audit([], immediate);
    expect(store.audit([lateArrival()], immediate).queued).toBe(1);
    store.audit([], immediate);
    expect(store.audit([lateArrival()], immediate).queued).toBe(1);
    expect(store.messages().map((m) => m.idempotency_key)).toEqual([
      'logex:case-1:opened:mail',
      'logex:case-1:reopened-run-3:mail',
      'logex:case-1:reopened-run-5:mail',
    ]);
    expect(store.messages()[1]!.subject).toMatch(/^\[logex\] Reopened medium exception/);
  });

  it('a digest is one message per team and channel per run, its cases grouped by severity, worst first', () => {
    const store = new NotifyStore();
    const digest = settingsFrom(`${TEAMS}
notifications:
  routes:
    - { team: ocean-desk, channel: mail, mode: digest }
    - { team: air-desk, channel: mail, mode: digest }
`);
    const first = store.audit(
      [
        lateArrival({ shipmentId: 'S1', severity: 'medium' }),
        lateArrival({ shipmentId: 'S2', severity: 'critical', message: 'arrived 2d late (tolerance 4h)' }),
        lateArrival({ shipmentId: 'S3', severity: 'medium' }),
        lateArrival({ shipmentId: 'S4', team: 'air-desk' }),
      ],
      digest,
    );
    expect(first.queued).toBe(2);
    const [ocean, air] = store.messages();
    expect(ocean).toMatchObject({
      idempotency_key: 'logex:digest:run-1:ocean-desk:mail',
      mode: 'digest',
      recipients: '["ocean@example.com"]',
      subject: '[logex] ocean-desk: 3 new or escalated exception(s) (1 critical, 2 medium)',
    });
    expect(air).toMatchObject({ recipients: '["air@example.com"]', subject: '[logex] air-desk: 1 new or escalated exception(s) (1 medium)' });
    const headings = ocean!.body.split('\n').filter((line) => /^[A-Z]+ \(\d+\)$/.test(line) || /^ {2}New: case/.test(line));
    expect(headings).toEqual([
      'CRITICAL (1)',
      '  New: case 2 — arrived 2d late (tolerance 4h)',
      'MEDIUM (2)',
      '  New: case 1 — arrived 5h late (tolerance 4h)',
      '  New: case 3 — arrived 5h late (tolerance 4h)',
    ]);

    // Next run: only what is news goes in the digest.
    const next = store.audit(
      [
        lateArrival({ shipmentId: 'S1' }),
        lateArrival({ shipmentId: 'S2', severity: 'critical' }),
        lateArrival({ shipmentId: 'S3' }),
        lateArrival({ shipmentId: 'S4', team: 'air-desk' }),
        lateArrival({ shipmentId: 'S5' }),
      ],
      digest,
    );
    expect(next.queued).toBe(1);
    expect(store.messages()[2]).toMatchObject({
      idempotency_key: 'logex:digest:run-2:ocean-desk:mail',
      subject: '[logex] ocean-desk: 1 new or escalated exception(s) (1 medium)',
    });
  });

  it('without routes nothing is queued', () => {
    const store = new NotifyStore();
    expect(store.audit([lateArrival()], settingsFrom(TEAMS)).queued).toBe(0);
    expect(store.messages()).toEqual([]);
  });
});
