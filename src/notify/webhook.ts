/**
 * Webhook delivery with Node's own fetch: a POST with a JSON body, the idempotency key as a header,
 * a timeout, and any answer but 2xx a failure. Redirects are failures too: a webhook that moved
 * should be reconfigured, not followed with the secrets in tow.
 */
import type { WebhookChannel } from '../rules/sections/channels.js';
import { DeliveryFailure, type OutgoingMessage } from './outgoing.js';
import { redactedSecret, SecretResolver } from './secrets.js';

/** Enough of an error page to tell what went wrong, not enough to flood a log. */
const MAX_ERROR_BODY = 200;

export function webhookBody(message: OutgoingMessage, channel: WebhookChannel): string {
  if (channel.format === 'text') return JSON.stringify({ text: `${message.subject}\n\n${message.body}` });
  return JSON.stringify({
    idempotency_key: message.idempotencyKey,
    team: message.team,
    mode: message.mode,
    subject: message.subject,
    text: message.body,
    cases: message.cases,
  });
}

/** Where a webhook message goes, with `***` for secrets: for dry runs and reports. */
export function describeWebhook(channel: WebhookChannel): string {
  const headers = Object.entries(channel.headers).map(([name, value]) => `${name}: ${redactedSecret(value)}`);
  return `POST ${redactedSecret(channel.url)}${headers.length ? ` (${headers.join('; ')})` : ''}`;
}

export async function sendWebhook(message: OutgoingMessage, channel: WebhookChannel, env: NodeJS.ProcessEnv): Promise<void> {
  const secrets = new SecretResolver(env);
  const where = `webhook ${redactedSecret(channel.url)}`;
  let response: Response;
  try {
    const url = secrets.resolve(channel.url, `channel "${channel.name}" url`);
    const headers = new Headers();
    for (const [name, value] of Object.entries(channel.headers)) headers.set(name, secrets.resolve(value, `channel "${channel.name}" header ${name}`));
    // Set last, so a configured header cannot replace the body type or the key receivers dedupe on.
    headers.set('Content-Type', 'application/json');
    headers.set('Idempotency-Key', message.idempotencyKey);
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: webhookBody(message, channel),
      redirect: 'manual',
      signal: AbortSignal.timeout(channel.timeoutMs),
    });
  } catch (error) {
    if (error instanceof DeliveryFailure) throw error;
    // A bad URL or header value is echoed in the error: scrub the secrets out of it.
    throw new DeliveryFailure(secrets.scrub(`${where}: ${fetchErrorText(error, channel.timeoutMs)}`));
  }
  const answer = await response.text().catch(() => '');
  if (!response.ok) {
    // Scrubbed whole before it is cut, so a secret straddling the cut cannot leave a readable half.
    const excerpt = secrets.scrub(answer.trim()).slice(0, MAX_ERROR_BODY);
    throw new DeliveryFailure(secrets.scrub(`${where}: HTTP ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`));
  }
}

function fetchErrorText(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000}s`;
  const cause = failure.cause;
  return cause?.message ?? cause?.code ?? failure.message;
}
