/**
 * `channels:` — where notifications go: a webhook (JSON, or the `{"text": …}` body Slack and Teams
 * incoming webhooks take) or e-mail over SMTP. Secrets are written as `${NAME}` or `{ env: NAME }`
 * and read at send time; an unset variable is a warning here (CI checking rule files has no
 * secrets) and an error when a message is sent.
 */
import { envNames, hasMalformedReference, type SecretValue } from '../secret-references.js';
import type { Diagnostic, ProblemCode } from '../../io/diagnostics.js';
import { DURATION_PATTERN, parseDuration } from '../duration.js';
import type { ConfigSection, Position, SectionPart } from './section.js';

export const CHANNEL_TYPES = ['webhook', 'email'] as const;
export const WEBHOOK_FORMATS = ['json', 'text'] as const;
export const SMTP_TLS_MODES = ['starttls', 'implicit', 'none'] as const;
export type SmtpTls = (typeof SMTP_TLS_MODES)[number];

/** Long enough for a slow chat service, short enough that a dead one does not stall the nightly run. */
export const DEFAULT_CHANNEL_TIMEOUT_MS = 30_000;

interface ChannelBase {
  name: string;
  timeoutMs: number;
  source: { file: string; line: number };
}

export interface WebhookChannel extends ChannelBase {
  type: 'webhook';
  url: SecretValue;
  /** `json`: the full message with its cases; `text`: `{"text": …}` for Slack / Teams. */
  format: (typeof WEBHOOK_FORMATS)[number];
  headers: Record<string, SecretValue>;
}

export interface EmailChannel extends ChannelBase {
  type: 'email';
  smtp: { host: string; port: number; tls: SmtpTls; auth?: { user: SecretValue; password: SecretValue } };
  from: string;
  /** Fixed recipients; when empty, each routed team's `email`. */
  to: string[];
}

export type Channel = WebhookChannel | EmailChannel;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** `ops@example.com` or `Ops Desk <ops@example.com>`. */
const ADDRESS = /^(?:[^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;
const DEFAULT_SMTP_PORT: Record<SmtpTls, number> = { starttls: 587, implicit: 465, none: 25 };

const secret = {
  oneOf: [
    { type: 'string', minLength: 1 },
    { type: 'object', required: ['env'], properties: { env: { type: 'string', minLength: 1 } }, additionalProperties: false },
  ],
};

interface RawChannel {
  name: string;
  type: Channel['type'];
  url?: SecretValue;
  format?: WebhookChannel['format'];
  headers?: Record<string, SecretValue>;
  smtp?: { host: string; port?: number; tls?: SmtpTls; auth?: { user: SecretValue; password: SecretValue } };
  from?: string;
  to?: string | string[];
  timeout?: string;
}

const WEBHOOK_ONLY = ['url', 'format', 'headers'] as const;
const EMAIL_ONLY = ['smtp', 'from', 'to'] as const;

export const channelsSection: ConfigSection<Map<string, Channel>> = {
  key: 'channels',
  schema: {
    type: 'array',
    description: 'Notification channels: webhook (JSON or Slack/Teams text) or e-mail over SMTP. Secrets as "${NAME}" or { env: NAME }.',
    items: {
      type: 'object',
      required: ['name', 'type'],
      properties: {
        name: { type: 'string', minLength: 1 },
        type: { type: 'string', enum: [...CHANNEL_TYPES] },
        description: { type: 'string' },
        url: secret,
        format: { type: 'string', enum: [...WEBHOOK_FORMATS], description: 'json (default) or text: {"text": …} for Slack and Teams' },
        headers: { type: 'object', additionalProperties: secret },
        smtp: {
          type: 'object',
          required: ['host'],
          properties: {
            host: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            tls: { type: 'string', enum: [...SMTP_TLS_MODES], description: 'starttls (default, port 587), implicit (465) or none (25)' },
            auth: {
              type: 'object',
              required: ['user', 'password'],
              properties: { user: secret, password: secret },
              additionalProperties: false,
            },
          },
          additionalProperties: false,
        },
        from: { type: 'string' },
        to: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }] },
        timeout: { type: 'string', pattern: DURATION_PATTERN, description: 'per delivery, e.g. 0.5m (default 30 seconds)' },
      },
      additionalProperties: false,
    },
  },
  empty: new Map(),
  merge(parts) {
    const channels = new Map<string, Channel>();
    // Every name defined, valid or not: a second definition is a duplicate either way.
    const defined = new Map<string, ChannelBase['source']>();
    const diagnostics: Diagnostic[] = [];
    for (const part of parts) {
      (part.value as RawChannel[]).forEach((raw, index) => {
        const problems = new ChannelProblems(part, index, raw.name, diagnostics);
        const source = { file: part.file, line: part.locate([index, 'name']).line };
        const existing = defined.get(raw.name);
        if (existing) {
          problems.error([index, 'name'], 'duplicate-channel', `is already defined at ${existing.file}:${existing.line}`);
          return;
        }
        defined.set(raw.name, source);
        if (!NAME.test(raw.name)) {
          problems.error([index, 'name'], 'invalid-name', 'a channel name is letters, digits, "-", "_" and "." (starting with a letter or digit)');
          return;
        }
        const channel = compileChannel(raw, problems, source);
        if (channel) channels.set(raw.name, channel);
      });
    }
    return { value: channels, diagnostics };
  },
};

/** Positioned diagnostics about one channel, each starting with its name. */
class ChannelProblems {
  failed = false;
  constructor(
    private readonly part: SectionPart,
    private readonly index: number,
    private readonly name: string,
    private readonly diagnostics: Diagnostic[],
  ) {}

  error(path: (string | number)[], code: ProblemCode, message: string, keyOf?: string): void {
    this.failed = true;
    this.push(this.part.locate(path, keyOf), 'error', code, message);
  }

  warning(path: (string | number)[], code: ProblemCode, message: string, keyOf?: string): void {
    this.push(this.part.locate(path, keyOf), 'warning', code, message);
  }

  at(...path: (string | number)[]): (string | number)[] {
    return [this.index, ...path];
  }

  private push(position: Position, severity: Diagnostic['severity'], code: ProblemCode, message: string): void {
    this.diagnostics.push({ file: this.part.file, ...position, severity, code, message: `channel "${this.name}": ${message}` });
  }
}

function compileChannel(raw: RawChannel, problems: ChannelProblems, source: ChannelBase['source']): Channel | undefined {
  const foreign = raw.type === 'webhook' ? EMAIL_ONLY : WEBHOOK_ONLY;
  for (const key of foreign) {
    if (raw[key] !== undefined) problems.error(problems.at(), 'not-for-channel-type', `"${key}" does not apply to ${raw.type} channels`, key);
  }
  const timeoutMs = raw.timeout === undefined ? DEFAULT_CHANNEL_TIMEOUT_MS : (parseDuration(raw.timeout) ?? DEFAULT_CHANNEL_TIMEOUT_MS);
  if (timeoutMs <= 0) problems.error(problems.at('timeout'), 'invalid-timeout', 'timeout must be longer than zero');
  const secrets: { value: SecretValue; path: (string | number)[]; what: string }[] = [];

  let channel: Channel | undefined;
  if (raw.type === 'webhook') {
    if (raw.url === undefined) {
      problems.error(problems.at(), 'missing-setting', 'a webhook channel needs "url"');
    } else {
      secrets.push({ value: raw.url, path: problems.at('url'), what: 'url' });
      if (typeof raw.url === 'string' && envNames(raw.url).length === 0 && !isHttpUrl(raw.url)) {
        problems.error(problems.at('url'), 'invalid-url', `"${raw.url}" is not an http:// or https:// URL`);
      }
    }
    for (const [header, value] of Object.entries(raw.headers ?? {})) {
      if (!HEADER_NAME.test(header)) problems.error(problems.at('headers'), 'invalid-header', `"${header}" is not a valid HTTP header name`, header);
      secrets.push({ value, path: problems.at('headers', header), what: `header ${header}` });
    }
    if (raw.url !== undefined) {
      channel = { type: 'webhook', name: raw.name, url: raw.url, format: raw.format ?? 'json', headers: raw.headers ?? {}, timeoutMs, source };
    }
  } else {
    if (raw.smtp === undefined) problems.error(problems.at(), 'missing-setting', 'an email channel needs "smtp" (host, port, tls, auth)');
    if (raw.from === undefined) problems.error(problems.at(), 'missing-setting', 'an email channel needs "from"');
    else if (!ADDRESS.test(raw.from)) problems.error(problems.at('from'), 'invalid-address', `"${raw.from}" is not an e-mail address`);
    const to = raw.to === undefined ? [] : Array.isArray(raw.to) ? raw.to : [raw.to];
    to.forEach((address, position) => {
      if (!ADDRESS.test(address))
        problems.error(problems.at('to', ...(Array.isArray(raw.to) ? [position] : [])), 'invalid-address', `"${address}" is not an e-mail address`);
    });
    const auth = raw.smtp?.auth;
    if (auth) {
      secrets.push({ value: auth.user, path: problems.at('smtp', 'auth', 'user'), what: 'smtp user' });
      secrets.push({ value: auth.password, path: problems.at('smtp', 'auth', 'password'), what: 'smtp password' });
      if (typeof auth.password === 'string' && envNames(auth.password).length === 0) {
        problems.warning(
          problems.at('smtp', 'auth', 'password'),
          'secret-in-file',
          'the password is written in the file; use "${NAME}" or { env: NAME } to read it from the environment',
        );
      }
    }
    if (raw.smtp && raw.from) {
      const tls = raw.smtp.tls ?? 'starttls';
      channel = {
        type: 'email',
        name: raw.name,
        smtp: { host: raw.smtp.host, port: raw.smtp.port ?? DEFAULT_SMTP_PORT[tls], tls, auth },
        from: raw.from,
        to,
        timeoutMs,
        source,
      };
    }
  }

  for (const { value, path, what } of secrets) {
    if (hasMalformedReference(value)) {
      problems.error(path, 'invalid-secret-reference', `${what}: "\${" must open a reference like \${NAME} (letters, digits, "_")`);
    }
    for (const variable of envNames(value)) {
      if (!process.env[variable]) {
        problems.warning(path, 'env-unset', `${what}: environment variable ${variable} is not set; sending on this channel fails until it is`);
      }
    }
  }
  return problems.failed ? undefined : channel;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
