/**
 * Delivering the outbox with a stand-in transport and an explicit clock: sent once, retried with
 * backoff, dead after the last attempt and reported until acknowledged, never dropped.
 */
import { describe, expect, it } from 'vitest';
import { deliverOutbox, type Send } from '../../src/notify/deliver.js';
import { acknowledgeDead, deadMessages, nextAttemptAt, pendingMessages, requeueDead } from '../../src/notify/outbox.js';
import { DeliveryFailure, type OutgoingMessage } from '../../src/notify/outgoing.js';
import type { NotificationSettings } from '../../src/notify/settings.js';
import { lateArrival, NotifyStore, settingsFrom } from './fixtures.js';

const T0 = Date.parse('2026-05-16T02:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const config = (retry: string) =>
  settingsFrom(`
teams: [{ name: ocean-desk, email: ocean@example.com }]
channels:
  - { name: chat, type: webhook, url: "https://chat.example.com/hook" }
  - { name: mail, type: email, smtp: { host: smtp.example.com }, from: logex@example.com }
notifications:
  routes:
    - { team: ocean-desk, channel: chat }
    - { team: ocean-desk, channel: mail }
  retry: ${retry}
`);

/** A transport that records what it was given and fails while its channel is listed as down. */
function transport(down: Set<string> = new Set()) {
  const sent: { channel: string; message: OutgoingMessage }[] = [];
  const send: Send = async (message, channel) => {
    if (down.has(channel.name)) throw new DeliveryFailure(`${channel.name} is down`);
    sent.push({ channel: channel.name, message });
  };
  return { sent, send, down };
}

const undelivered = (store: NotifyStore) => pendingMessages(store.db).length + deadMessages(store.db).length;

function queued(settings: NotificationSettings, exceptions = [lateArrival()]): NotifyStore {
  const store = new NotifyStore();
  store.audit(exceptions, settings);
  return store;
}

describe('delivering the outbox', () => {
  it('sends each due message once, with its idempotency key; the next pass sends nothing', async () => {
    const settings = config('{ backoff: 1m }');
    const store = queued(settings);
    const channels = transport();
    const report = await deliverOutbox(store.db, settings, at(0), channels.send);
    expect(report.sent.map((m) => m.idempotencyKey)).toEqual(['logex:case-1:opened:chat', 'logex:case-1:opened:mail']);
    expect(channels.sent.map(({ channel, message }) => [channel, message.idempotencyKey, message.recipients])).toEqual([
      ['chat', 'logex:case-1:opened:chat', []],
      ['mail', 'logex:case-1:opened:mail', ['ocean@example.com']],
    ]);
    const again = await deliverOutbox(store.db, settings, at(60), channels.send);
    expect(again).toMatchObject({ sent: [], failed: [], pending: [], dead: [] });
    expect(channels.sent).toHaveLength(2);
  });

  it('a failed message waits base·2^(attempts−1), capped, and is dead after the last attempt', async () => {
    const settings = config('{ max_attempts: 4, backoff: 1m, max_backoff: 2.5m }');
    const store = queued(settings);
    const channels = transport(new Set(['chat']));
    const attempts: [number, number, boolean][] = [];
    for (const seconds of [0, 30, 60, 90, 180, 300, 330, 400]) {
      const report = await deliverOutbox(store.db, settings, at(seconds), channels.send);
      for (const failure of report.failed) if (failure.message.channel === 'chat') attempts.push([seconds, failure.message.attempts + 1, failure.dead]);
    }
    // Tried at 0; due again 60s later, then 120s; then the 150s cap: 180 + 150 = 330.
    expect(attempts).toEqual([
      [0, 1, false],
      [60, 2, false],
      [180, 3, false],
      [330, 4, true],
    ]);
    expect(channels.sent.map((s) => s.channel)).toEqual(['mail']);
    expect(deadMessages(store.db)).toMatchObject([{ channel: 'chat', status: 'dead', attempts: 4, lastError: 'chat is down' }]);
  });

  it('a dead message is reported on every pass until acknowledged, and sent once requeued', async () => {
    const settings = config('{ max_attempts: 1 }');
    const store = queued(settings);
    const channels = transport(new Set(['chat']));
    await deliverOutbox(store.db, settings, at(0), channels.send);
    const later = await deliverOutbox(store.db, settings, at(3600), channels.send);
    expect(later.failed).toEqual([]);
    expect(later.dead.map((m) => m.idempotencyKey)).toEqual(['logex:case-1:opened:chat']);
    expect(undelivered(store)).toBe(1);

    channels.down.clear();
    expect(requeueDead(store.db, at(3700))).toBe(1);
    const retried = await deliverOutbox(store.db, settings, at(3700), channels.send);
    expect(retried.sent.map((m) => m.idempotencyKey)).toEqual(['logex:case-1:opened:chat']);
    expect(undelivered(store)).toBe(0);
  });

  it('acknowledging dead messages stops the report; they stay in the store', async () => {
    const settings = config('{ max_attempts: 1 }');
    const store = queued(settings);
    await deliverOutbox(store.db, settings, at(0), transport(new Set(['chat', 'mail'])).send);
    expect(deadMessages(store.db)).toHaveLength(2);
    expect(acknowledgeDead(store.db, at(10))).toBe(2);
    expect(deadMessages(store.db)).toEqual([]);
    expect(undelivered(store)).toBe(0);
    expect(store.db.prepare(`SELECT count(*) FROM outbox WHERE status = 'dead'`).pluck().get()).toBe(2);
  });

  it('once a channel fails, its other messages wait for the next pass without an attempt counted; other channels go on', async () => {
    const settings = config('{ backoff: 0m }');
    const store = queued(settings, [lateArrival({ shipmentId: 'S1' }), lateArrival({ shipmentId: 'S2' })]);
    const channels = transport(new Set(['chat']));
    const report = await deliverOutbox(store.db, settings, at(0), channels.send);
    expect(report.failed.map((f) => f.message.idempotencyKey)).toEqual(['logex:case-1:opened:chat']);
    expect(report.deferred.map((m) => [m.idempotencyKey, m.attempts])).toEqual([['logex:case-2:opened:chat', 0]]);
    expect(report.sent.map((m) => m.idempotencyKey)).toEqual(['logex:case-1:opened:mail', 'logex:case-2:opened:mail']);

    channels.down.clear();
    const next = await deliverOutbox(store.db, settings, at(1), channels.send);
    expect(next.sent.map((m) => m.idempotencyKey)).toEqual(['logex:case-1:opened:chat', 'logex:case-2:opened:chat']);
  });

  it('a message whose channel left the configuration fails, naming the channel', async () => {
    const settings = config('{ max_attempts: 1 }');
    const store = queued(settings);
    const withoutChat = { ...settings, channels: new Map([...settings.channels].filter(([name]) => name !== 'chat')) };
    const report = await deliverOutbox(store.db, withoutChat, at(0), transport().send);
    expect(report.failed).toMatchObject([{ error: 'channel "chat" is no longer in the configuration', dead: true }]);
  });

  it('an unexpected error is recorded by kind only: its text might carry a secret', async () => {
    const settings = config('{ backoff: 0m }');
    const store = queued(settings);
    const report = await deliverOutbox(store.db, settings, at(0), async () => {
      throw new TypeError('Invalid header value "Bearer s3cret"');
    });
    expect(report.failed.map((f) => f.error)).toEqual(['unexpected TypeError while sending', 'unexpected TypeError while sending']);
    expect(store.db.prepare('SELECT last_error FROM outbox').pluck().all()).not.toContainEqual(expect.stringContaining('s3cret'));
  });

  it.each([
    [1, '2026-05-16T02:01:00.000Z'],
    [2, '2026-05-16T02:02:00.000Z'],
    [3, '2026-05-16T02:04:00.000Z'],
    [4, '2026-05-16T02:05:00.000Z'],
  ])('after %i failure(s) the next attempt is at %s (1m base, 5m cap)', (attempts, expected) => {
    expect(nextAttemptAt(attempts, { maxAttempts: 9, backoffMs: 60_000, maxBackoffMs: 300_000 }, at(0))).toBe(expected);
  });
});
