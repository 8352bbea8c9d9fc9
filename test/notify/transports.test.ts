/** The webhook and SMTP transports against real receivers on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { messageIdFor, sendEmail } from '../../src/notify/email.js';
import { DeliveryFailure, type OutgoingMessage } from '../../src/notify/outgoing.js';
import { sendWebhook } from '../../src/notify/webhook.js';
import type { EmailChannel, WebhookChannel } from '../../src/rules/sections/channels.js';
import { SmtpReceiver, WebhookReceiver } from './servers.js';

const message: OutgoingMessage = {
  idempotencyKey: 'logex:case-7:opened:chat',
  team: 'ocean-desk',
  mode: 'immediate',
  recipients: ['ocean@example.com', 'Duty Desk <duty@example.com>'],
  subject: '[logex] New high exception: ocean-departure-late on S2, 9h late (case 7)',
  body: 'New exception, case 7: departed 9h late (tolerance 8h)\n',
  cases: [],
};
const source = { file: 'notify.yaml', line: 1 };
const env = { CHAT_TOKEN: 'chat-token-31a', SMTP_PASSWORD: 'smtp-pass-77b' };

const webhook = (url: string, overrides: Partial<WebhookChannel> = {}): WebhookChannel => ({
  type: 'webhook',
  name: 'chat',
  url,
  format: 'json',
  headers: { Authorization: 'Bearer ${CHAT_TOKEN}', 'X-Team': 'ocean' },
  timeoutMs: 5000,
  source,
  ...overrides,
});

const email = (port: number): EmailChannel => ({
  type: 'email',
  name: 'mail',
  smtp: { host: '127.0.0.1', port, tls: 'none', auth: { user: 'logex', password: { env: 'SMTP_PASSWORD' } } },
  from: 'logex <logex@example.com>',
  to: [],
  timeoutMs: 5000,
  source,
});

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});
async function receiver<T extends { stop(): Promise<void> }>(started: Promise<T>): Promise<T> {
  const running = await started;
  stops.push(() => running.stop());
  return running;
}

describe('webhook transport', () => {
  it('POSTs the JSON message with the secret header resolved and the idempotency key', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    await sendWebhook(message, webhook(hook.url), env);
    expect(hook.requests).toHaveLength(1);
    const [request] = hook.requests;
    expect(request!.headers).toMatchObject({
      authorization: 'Bearer chat-token-31a',
      'x-team': 'ocean',
      'idempotency-key': 'logex:case-7:opened:chat',
      'content-type': 'application/json',
    });
    expect(request!.json).toEqual({
      idempotency_key: 'logex:case-7:opened:chat',
      team: 'ocean-desk',
      mode: 'immediate',
      subject: message.subject,
      text: message.body,
      cases: [],
    });
  });

  it('the text format is the {"text": …} body Slack and Teams incoming webhooks take', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    await sendWebhook(message, webhook(hook.url, { format: 'text' }), env);
    expect(hook.requests[0]!.json).toEqual({ text: `${message.subject}\n\n${message.body}` });
  });

  it('an error answer fails with its status and an excerpt, with secrets scrubbed', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    hook.status = 401;
    hook.answer = 'token chat-token-31a is not valid';
    const failure = await sendWebhook(message, webhook(hook.url), env).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect((failure as Error).message).toBe(`webhook ${hook.url}: HTTP 401 Unauthorized: token *** is not valid`);
  });

  it('a receiver echoing the secret URL-encoded, JSON-escaped or in base64 gets none of it stored', async () => {
    const secretEnv = { CHAT_TOKEN: 'p4th s3cret/"x"', HOOK_PATH: 'hook-9f' };
    const hook = await receiver(new WebhookReceiver().start());
    hook.status = 403;
    const token = secretEnv.CHAT_TOKEN;
    hook.answer = [
      `got Bearer%20${encodeURIComponent(token)}`,
      `or ${encodeURIComponent(token).toLowerCase()}`,
      `json {"auth":${JSON.stringify(`Bearer ${token}`)}}`,
      `b64 ${Buffer.from(token).toString('base64')}`,
      `form ${encodeURIComponent(token).replaceAll('%20', '+')}`,
    ].join('; ');
    const channel = webhook(`${hook.url}/\${HOOK_PATH}`);
    const failure = (await sendWebhook(message, channel, secretEnv).catch((error: unknown) => error)) as Error;
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect(failure.message).toBe(`webhook ${hook.url}/***: HTTP 403 Forbidden: got Bearer%20***; or ***; json {"auth":"Bearer ***"}; b64 ***; form ***`);
  });

  it('a secret straddling the end of the excerpt leaves no readable part', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    hook.status = 500;
    hook.answer = `${'x'.repeat(190)}chat-token-31a and more`;
    const failure = (await sendWebhook(message, webhook(hook.url), env).catch((error: unknown) => error)) as Error;
    expect(failure.message).not.toContain('chat-');
    expect(failure.message.endsWith(`${'x'.repeat(190)}*** and mo`)).toBe(true);
  });

  it('a redirect is a failure, not followed with the secrets', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    hook.status = 302;
    await expect(sendWebhook(message, webhook(hook.url), env)).rejects.toThrow(/HTTP 302 Found/);
  });

  it('a receiver that never answers fails after the channel timeout', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    stops.push(async () => {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
    await expect(sendWebhook(message, webhook(url, { timeoutMs: 300 }), env)).rejects.toThrow(`webhook ${url}: no answer within 0.3s`);
  });

  it('an unset secret fails naming the variable, and nothing is sent', async () => {
    const hook = await receiver(new WebhookReceiver().start());
    await expect(sendWebhook(message, webhook(hook.url), {})).rejects.toThrow(
      'channel "chat" header Authorization: environment variable CHAT_TOKEN is not set',
    );
    expect(hook.requests).toHaveLength(0);
  });

  it('a secret URL is shown as *** when the request cannot be made', async () => {
    const channel = webhook('http://127.0.0.1:1/${HOOK_PATH}', { headers: {} });
    const failure = await sendWebhook(message, channel, { HOOK_PATH: 'T000/B000/secretpath' }).catch((error: Error) => error.message);
    expect(failure).toMatch(/^webhook http:\/\/127\.0\.0\.1:1\/\*\*\*: /);
    expect(failure).not.toContain('secretpath');
  });
});

describe('e-mail transport', () => {
  it('logs in with the password from the environment and sends to every recipient with the key in its headers', async () => {
    const smtp = await receiver(new SmtpReceiver().start());
    await sendEmail(message, email(smtp.port), env);
    expect(smtp.logins).toEqual([{ user: 'logex', password: 'smtp-pass-77b' }]);
    expect(smtp.mails).toEqual([
      {
        from: 'logex@example.com',
        to: ['ocean@example.com', 'duty@example.com'],
        user: 'logex',
        subject: message.subject,
        text: message.body,
        messageId: messageIdFor(message.idempotencyKey, 'logex <logex@example.com>'),
        idempotencyKey: 'logex:case-7:opened:chat',
      },
    ]);
  });

  it('the Message-ID is the same for the same key, and differs between keys', () => {
    const from = 'logex@example.com';
    expect(messageIdFor('logex:case-7:opened:mail', from)).toBe(messageIdFor('logex:case-7:opened:mail', from));
    expect(messageIdFor('logex:case-7:opened:mail', from)).not.toBe(messageIdFor('logex:case-8:opened:mail', from));
  });

  it('refused credentials fail with the server answer and no password in the message', async () => {
    const smtp = await receiver(new SmtpReceiver().start());
    smtp.acceptLogins = false;
    const failure = await sendEmail(message, email(smtp.port), env).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(DeliveryFailure);
    expect((failure as Error).message).toMatch(new RegExp(`^smtp 127\\.0\\.0\\.1:${smtp.port}: Invalid login: 535 `));
    expect((failure as Error).message).not.toContain('smtp-pass-77b');
    expect(smtp.mails).toHaveLength(0);
  });

  it('an unset password fails naming the variable, before connecting', async () => {
    const smtp = await receiver(new SmtpReceiver().start());
    await expect(sendEmail(message, email(smtp.port), {})).rejects.toThrow('channel "mail" smtp password: environment variable SMTP_PASSWORD is not set');
    expect(smtp.logins).toHaveLength(0);
  });
});
