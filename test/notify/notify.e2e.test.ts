/**
 * Notifications end to end: the CLI against a real webhook receiver and a real SMTP server on
 * 127.0.0.1, asserting what they receive. The "basic" scenario as of 16 May opens five cases:
 * ocean-departure-late S2 (high, ocean-desk), arrival-at-risk S2 and arrival-late S4 (medium,
 * customer-care), arrival-overdue S3 (critical, air-desk), road-transit S4 (low, road-desk).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { logexInProcess, logexSpawned, SCENARIO } from '../cli/run-cli.js';
import { closedPort, SmtpReceiver, WebhookReceiver } from './servers.js';

const AS_OF = '2026-05-16T00:00:00Z';
const HOOK_TOKEN = 'hook-token-5f1c0a';
const SMTP_PASSWORD = 'smtp-pass-9d2e77';
const SECRETS = { LOGEX_TEST_HOOK_TOKEN: HOOK_TOKEN, LOGEX_TEST_SMTP_PASSWORD: SMTP_PASSWORD };

function writeConfig(dir: string, ports: { hook: number; smtp: number }, retry = 'retry: { backoff: 0m }', routes?: string): string {
  const file = join(dir, 'notify.yaml');
  writeFileSync(
    file,
    `version: 1
teams:
  - { name: ocean-desk, email: ocean@example.com }
  - { name: customer-care, email: care@example.com }
  - { name: air-desk, email: air@example.com }
  - { name: road-desk, email: road@example.com }
channels:
  - name: hook
    type: webhook
    url: http://127.0.0.1:${ports.hook}/hook
    headers: { Authorization: "Bearer \${LOGEX_TEST_HOOK_TOKEN}" }
    timeout: 0.1m
  - name: mail
    type: email
    smtp: { host: 127.0.0.1, port: ${ports.smtp}, tls: none, auth: { user: logex, password: { env: LOGEX_TEST_SMTP_PASSWORD } } }
    from: "logex <logex@example.com>"
    timeout: 0.1m
notifications:
  routes:
${
  routes ??
  `    - { team: ocean-desk, channel: hook, min_severity: high }
    - { team: customer-care, channel: mail, mode: digest }
    - { team: air-desk, channel: mail }
    - { team: road-desk, channel: mail, min_severity: high }`
}
  ${retry}
`,
  );
  return file;
}

// In-process runs are async too: the receivers keep serving in this event loop while the CLI sends.
const audit = (db: string, config: string, extra: string[], events = ['events.csv'], asOf = AS_OF) =>
  logexInProcess(
    [
      'audit',
      '--plans',
      `${SCENARIO}/plans.csv`,
      '--events',
      ...events.map((file) => `${SCENARIO}/${file}`),
      '--rules',
      `${SCENARIO}/rules.yaml`,
      config,
      '--db',
      db,
      '--as-of',
      asOf,
      ...extra,
    ],
    { env: SECRETS },
  );
const notify = (db: string, config: string, extra: string[] = []) => logexInProcess(['notify', '--rules', config, '--db', db, ...extra], { env: SECRETS });

function outbox(db: string): { idempotency_key: string; status: string; attempts: number; last_error: string | null }[] {
  const connection = new Database(db, { readonly: true });
  try {
    return connection.prepare('SELECT idempotency_key, status, attempts, last_error FROM outbox ORDER BY id').all() as never;
  } finally {
    connection.close();
  }
}

const casesIn = (request: { json: unknown }) => (request.json as { cases: { rule: string; shipment_id: string }[] }).cases;

let receivers: { stop(): Promise<void> }[] = [];
async function started<T extends { stop(): Promise<void> }>(receiver: Promise<T>): Promise<T> {
  const running = await receiver;
  receivers.push(running);
  return running;
}
afterEach(async () => {
  await Promise.all(receivers.map((receiver) => receiver.stop()));
  receivers = [];
});

describe('notifications, end to end', () => {
  it('each new case reaches its team once: webhook, e-mail, a digest, and nothing for a quiet re-run', async () => {
    const hook = await started(new WebhookReceiver().start());
    const smtp = await started(new SmtpReceiver().start());
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: smtp.port });

    const first = await audit(db, config, ['--notify', '--format', 'json']);
    expect(first.code, first.stderr).toBe(1);
    expect(JSON.parse(first.stdout).run).toMatchObject({ new: 5, notifications_queued: 3 });
    expect(first.stderr).toContain('notify: 3 sent, 0 failed, 0 dead');

    // ocean-desk (high and up) on the webhook: one request, with the secret header resolved and the key.
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${HOOK_TOKEN}`);
    expect(request!.headers['idempotency-key']).toMatch(/^logex:case-\d+:opened:hook$/);
    expect(request!.json).toMatchObject({ team: 'ocean-desk', mode: 'immediate', idempotency_key: request!.headers['idempotency-key'] });
    expect(casesIn(request!)).toEqual([
      expect.objectContaining({
        trigger: 'opened',
        rule: 'ocean-departure-late',
        shipment_id: 'S2',
        carrier: 'HLCU',
        lane: 'DEHAM>CAMTR',
        severity: 'high',
        planned: '2026-05-04T22:00:00Z',
        actual: '2026-05-05T07:00:00Z',
        late_by: '9h',
        show: expect.stringMatching(/^logex cases show \d+ --db /),
      }),
    ]);

    // air-desk: one e-mail per case; customer-care: one digest with both its cases; road-desk's low case: nothing.
    expect(smtp.logins).toEqual([
      { user: 'logex', password: SMTP_PASSWORD },
      { user: 'logex', password: SMTP_PASSWORD },
    ]);
    const byRecipient = Object.fromEntries(smtp.mails.map((mail) => [mail.to.join(','), mail]));
    expect(Object.keys(byRecipient).sort()).toEqual(['air@example.com', 'care@example.com']);
    const air = byRecipient['air@example.com']!;
    expect(air.subject).toMatch(/^\[logex\] New critical exception: arrival-overdue on S3, 2d15h late \(case \d+\)$/);
    expect(air.text).toContain('Shipment:  S3, carrier FX, air lane USMEM>GBLHR');
    expect(air.text).toContain('Planned:   2026-05-13 09:00 UTC');
    expect(air.text).toMatch(/See it: logex cases show \d+ --db /);
    expect(air.idempotencyKey).toMatch(/^logex:case-\d+:opened:mail$/);
    expect(air.messageId).toMatch(/^<logex\.[0-9a-f]{32}@example\.com>$/);
    const digest = byRecipient['care@example.com']!;
    expect(digest.subject).toBe('[logex] customer-care: 2 new or escalated exception(s) (2 medium)');
    expect(digest.text).toContain('arrival-at-risk (predicted_late)');
    expect(digest.text).toContain('arrival-late (milestone_late)');
    expect(digest.idempotencyKey).toBe('logex:digest:run-1:customer-care:mail');

    const again = await audit(db, config, ['--notify']);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toContain('notify: 0 sent, 0 failed, 0 dead');
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);

    // Next night S3 arrives (3d1h late): arrival-late S3 opens for customer-care, the air-desk case clears.
    const nextNight = await audit(db, config, ['--notify'], ['events.csv', 'events-day2.csv'], '2026-05-17T00:00:00Z');
    expect(nextNight.code, nextNight.stderr).toBe(1);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(3);
    expect(smtp.mails[2]).toMatchObject({ to: ['care@example.com'], subject: '[logex] customer-care: 1 new or escalated exception(s) (1 medium)' });
    expect(smtp.mails[2]!.text).toMatch(/New: case \d+ — arrived 3d1h late \(tolerance 4h\)/);
  });

  it('with the channels down the audit still commits and keeps the messages; a later notify delivers each exactly once', async () => {
    const ports = { hook: await closedPort(), smtp: await closedPort() };
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, ports);

    const nightly = await audit(db, config, ['--notify', '--quiet', '--fail-on', 'none']);
    expect(nightly.code, nightly.stderr).toBe(0);
    expect(nightly.stdout).toBe('');
    expect(nightly.stderr.trim().split('\n')).toEqual([
      'logex: warning: 3 notification(s) not delivered and kept in the outbox; "logex notify" retries them and says why',
    ]);
    expect(outbox(db).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);

    const stillDown = await notify(db, config);
    expect(stillDown.code, stillDown.stderr).toBe(2);
    expect(stillDown.stderr).toMatch(/failed, attempt 2 of 5: webhook http:\/\/127\.0\.0\.1:\d+\/hook: connect ECONNREFUSED/);
    expect(stillDown.stderr).toMatch(/failed, attempt 2 of 5: smtp 127\.0\.0\.1:\d+: .*ECONNREFUSED/);

    const hook = await started(new WebhookReceiver().start(ports.hook));
    const smtp = await started(new SmtpReceiver().start(ports.smtp));
    const delivered = await notify(db, config);
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(delivered.stderr).toContain('notify: 3 sent, 0 failed, 0 dead');
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);
    // The retry carries the key the message was queued with.
    const keys = outbox(db).map((m) => m.idempotency_key);
    expect(keys).toContain(hook.requests[0]!.headers['idempotency-key']);
    expect(keys).toEqual(expect.arrayContaining(smtp.mails.map((mail) => mail.idempotencyKey)));

    const nothingLeft = await notify(db, config);
    expect(nothingLeft.code, nothingLeft.stderr).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);
  });

  it('killed (SIGKILL) as delivery starts: the audit is committed, the messages wait, and notify delivers each exactly once', async () => {
    const hook = await started(new WebhookReceiver().start());
    const smtp = await started(new SmtpReceiver().start());
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: smtp.port });

    // Spawned: the crash hook kills the process it runs in.
    const killed = await logexSpawned(
      [
        'audit',
        '--plans',
        `${SCENARIO}/plans.csv`,
        '--events',
        `${SCENARIO}/events.csv`,
        '--rules',
        `${SCENARIO}/rules.yaml`,
        config,
        '--db',
        db,
        '--as-of',
        AS_OF,
        '--notify',
      ],
      { env: { ...SECRETS, LOGEX_CRASH_AT: 'notify' } },
    );
    expect(killed.code, killed.stderr).toBe(-1);
    expect(hook.requests).toHaveLength(0);
    expect(outbox(db).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);

    const delivered = await notify(db, config);
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);
    expect((await notify(db, config)).code).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);
  });

  it('after the last attempt a message is dead, reported on every run until requeued or acknowledged', async () => {
    const port = await closedPort();
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: port, smtp: port }, 'retry: { max_attempts: 2, backoff: 0m }', '    - { team: ocean-desk, channel: hook }');

    expect((await audit(db, config, ['--notify', '--quiet', '--fail-on', 'none'])).code).toBe(0);
    const died = await notify(db, config);
    expect(died.code, died.stderr).toBe(2);
    expect(died.stderr).toMatch(/notify: message 1 \(immediate for ocean-desk on hook\) is dead after 2 attempt\(s\): webhook .*ECONNREFUSED/);
    const reported = await notify(db, config, ['--quiet']);
    expect(reported.code, reported.stderr).toBe(2);
    expect(reported.stderr).toContain('notify: message 1 (immediate for ocean-desk on hook) is dead after 2 attempt(s)');
    expect(outbox(db)).toMatchObject([{ status: 'dead', attempts: 2 }]);

    const hook = await started(new WebhookReceiver().start(port));
    const requeued = await notify(db, config, ['--requeue-dead']);
    expect(requeued.code, requeued.stderr).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(outbox(db)).toMatchObject([{ status: 'sent' }]);
  });

  it('--ack-dead stops the report and the exit code 2', async () => {
    const port = await closedPort();
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: port, smtp: port }, 'retry: { max_attempts: 1 }', '    - { team: ocean-desk, channel: hook }');
    await audit(db, config, ['--notify', '--quiet', '--fail-on', 'none']);
    expect((await notify(db, config)).code).toBe(2);
    const acknowledged = await notify(db, config, ['--ack-dead']);
    expect(acknowledged.stderr).toContain('notify: 1 dead message(s) acknowledged');
    expect(acknowledged.code, acknowledged.stderr).toBe(0);
    expect(await notify(db, config, ['--quiet'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--dry-run shows recipients, subject and body with secrets as *** and sends nothing; the messages stay queued', async () => {
    const hook = await started(new WebhookReceiver().start());
    const smtp = await started(new SmtpReceiver().start());
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: smtp.port });

    const preview = await audit(db, config, ['--dry-run', '--format', 'json']);
    expect(preview.code, preview.stderr).toBe(1);
    expect(JSON.parse(preview.stdout).exceptions).toHaveLength(5);
    expect(preview.stderr).toContain(`hook: POST http://127.0.0.1:${hook.port}/hook (Authorization: Bearer ***)`);
    expect(preview.stderr).toContain(`mail: e-mail to air@example.com via 127.0.0.1:${smtp.port} (none, with login)`);
    expect(preview.stderr).toContain('subject: [logex] customer-care: 2 new or escalated exception(s) (2 medium)');
    expect(preview.stderr).toContain('dry run: 3 message(s) would be sent, 0 dead; nothing was sent');
    expect(preview.stderr).not.toContain(HOOK_TOKEN);
    expect(preview.stderr).not.toContain(SMTP_PASSWORD);
    expect(hook.requests).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);

    const queued = await notify(db, config, ['--dry-run']);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout.match(/^message \d+ \(/gm)).toHaveLength(3);
    expect(queued.stdout).toContain('  to:      mail: e-mail to care@example.com');
    expect(hook.requests).toHaveLength(0);

    expect((await notify(db, config)).code).toBe(0);
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails).toHaveLength(2);
  });

  it('no secret reaches the store, even when the receiver echoes it back in an error', async () => {
    const hook = await started(new WebhookReceiver().start());
    hook.status = 500;
    hook.answer = `denied for Bearer ${HOOK_TOKEN}`;
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: await closedPort() }, 'retry: { backoff: 0m }', '    - { team: ocean-desk, channel: hook }');

    const result = await audit(db, config, ['--notify', '--fail-on', 'none']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('HTTP 500 Internal Server Error: denied for Bearer ***');
    expect(outbox(db)[0]!.last_error).toBe(`webhook http://127.0.0.1:${hook.port}/hook: HTTP 500 Internal Server Error: denied for Bearer ***`);
    const stored = ['', '-wal'].map((suffix) => {
      try {
        return readFileSync(`${db}${suffix}`).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(stored.join('')).not.toContain(HOOK_TOKEN);
    expect(hook.requests).toHaveLength(1);
  });

  it('a failed audit queues and sends nothing', async () => {
    const hook = await started(new WebhookReceiver().start());
    const smtp = await started(new SmtpReceiver().start());
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: smtp.port });
    const failed = await audit(db, config, ['--notify'], ['events.csv', 'events-bad.csv']);
    expect(failed.code, failed.stderr).toBe(2);
    // The first run failed: no store, so no outbox either.
    expect(existsSync(db)).toBe(false);
    expect(hook.requests).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('notify --test sends a test message on a channel, and names a mistyped one', async () => {
    const hook = await started(new WebhookReceiver().start());
    const smtp = await started(new SmtpReceiver().start());
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const config = writeConfig(dir, { hook: hook.port, smtp: smtp.port });

    const mail = await notify(db, config, ['--test', 'mail']);
    expect(mail.code, mail.stderr).toBe(0);
    // The channel has no "to:": the teams routed to it get the test.
    expect(smtp.mails).toMatchObject([{ to: ['care@example.com', 'air@example.com', 'road@example.com'], subject: '[logex] test message on channel mail' }]);
    expect((await notify(db, config, ['--test', 'hook'])).code).toBe(0);
    expect(hook.requests).toMatchObject([{ json: { mode: 'test', subject: '[logex] test message on channel hook' } }]);

    const typo = await notify(db, config, ['--test', 'hok']);
    expect(typo.code, typo.stderr).toBe(2);
    expect(typo.stderr).toContain('logex: --test: no channel "hok"; did you mean "hook"?');
  });

  it('a test on a channel that is down fails with exit 2 and says why', async () => {
    const dir = tempDir();
    const config = writeConfig(dir, { hook: await closedPort(), smtp: await closedPort() });
    const result = await notify(join(dir, 'a.db'), config, ['--test', 'mail']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/notify: test message on channel "mail" failed: smtp 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('--notify without routes is bad usage, before anything is written', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const result = await logexInProcess(['audit', '--plans', `${SCENARIO}/plans.csv`, '--rules', `${SCENARIO}/rules.yaml`, '--db', db, '--notify']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toBe(`logex: --notify: no notification routes in ${SCENARIO}/rules.yaml (add "notifications: routes:" beside the rules)\n`);
  });
});
