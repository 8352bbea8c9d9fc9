/**
 * Real receivers for notification tests: an HTTP server and an SMTP server on 127.0.0.1, on a free
 * port, recording what arrives. Tests stop them when done (and may restart them on the same port,
 * to play a channel that was down).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface WebhookRequest {
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export class WebhookReceiver {
  readonly requests: WebhookRequest[] = [];
  /** What the receiver answers; tests set 500 to play a failing service. */
  status = 200;
  answer = 'ok';
  private server?: Server;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        this.requests.push({ headers: request.headers, body, json: JSON.parse(body) });
        response.writeHead(this.status, { 'content-type': 'text/plain' }).end(this.answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user?: string;
  password?: string;
  subject: string;
  text: string;
  messageId: string;
  idempotencyKey: string;
}

export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  readonly logins: { user: string; password: string }[] = [];
  /** Tests set false to play a server that refuses the credentials. */
  acceptLogins = true;
  private server?: SMTPServer;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => {
        this.logins.push({ user: auth.username ?? '', password: auth.password ?? '' });
        if (this.acceptLogins) callback(null, { user: auth.username });
        else callback(new Error('Invalid username or password'));
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            this.mails.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              user: session.user as string | undefined,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              messageId: parsed.messageId ?? '',
              idempotencyKey: String(parsed.headers.get('x-logex-idempotency-key') ?? ''),
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port nothing listens on (taken from the OS, then released): a channel that is down. */
export async function closedPort(): Promise<number> {
  const probe = await new WebhookReceiver().start();
  const { port } = probe;
  await probe.stop();
  return port;
}
