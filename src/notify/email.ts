/** E-mail delivery over SMTP with nodemailer: plain text, the idempotency key in the headers. */
import { createHash } from 'node:crypto';
import type { EmailChannel } from '../rules/sections/channels.js';
import { DeliveryFailure, type OutgoingMessage } from './outgoing.js';
import { SecretResolver } from './secrets.js';

/**
 * A Message-ID derived from the idempotency key: a retried message carries the same one, which
 * mail systems and clients use to drop duplicates.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?$/.exec(from)?.[1] ?? 'logex.invalid';
  return `<logex.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

/** Where an e-mail goes: for dry runs and reports (no secrets in any of it). */
export function describeEmail(channel: EmailChannel, recipients: readonly string[]): string {
  const { host, port, tls, auth } = channel.smtp;
  return `e-mail to ${recipients.join(', ')} via ${host}:${port} (${tls}${auth ? ', with login' : ''})`;
}

export async function sendEmail(message: OutgoingMessage, channel: EmailChannel, env: NodeJS.ProcessEnv): Promise<void> {
  const { host, port, tls, auth } = channel.smtp;
  const secrets = new SecretResolver(env);
  const credentials = auth && {
    user: secrets.resolve(auth.user, `channel "${channel.name}" smtp user`),
    pass: secrets.resolve(auth.password, `channel "${channel.name}" smtp password`),
  };
  // Loaded here, not at import: nodemailer is many modules, and only a delivery sends mail.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: tls === 'implicit',
    requireTLS: tls === 'starttls',
    ignoreTLS: tls === 'none',
    auth: credentials,
    connectionTimeout: channel.timeoutMs,
    greetingTimeout: channel.timeoutMs,
    socketTimeout: channel.timeoutMs,
    // Message content is ours, but never let a message make the transport read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    await transport.sendMail({
      from: channel.from,
      to: message.recipients,
      subject: message.subject,
      text: message.body,
      messageId: messageIdFor(message.idempotencyKey, channel.from),
      headers: { 'X-Logex-Idempotency-Key': message.idempotencyKey },
    });
  } catch (error) {
    throw new DeliveryFailure(secrets.scrub(`smtp ${host}:${port}: ${(error as Error).message}`));
  } finally {
    transport.close();
  }
}
