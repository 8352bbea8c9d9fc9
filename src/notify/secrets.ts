/**
 * Secrets in channel settings: `${NAME}` inside a string ("Bearer ${OPS_TOKEN}") or `{ env: NAME }`
 * for a whole value. They are read from the environment at send time only, so no secret reaches
 * the outbox, the logs or a dry run, which shows `***` where each one goes.
 */
import { envNames, REFERENCE, type SecretValue } from '../rules/secret-references.js';
import { DeliveryFailure } from './outgoing.js';

export const REDACTED = '***';

/** Raised at send time; names the variable, never a value. */
export class MissingSecret extends DeliveryFailure {
  constructor(
    readonly variable: string,
    where: string,
  ) {
    super(`${where}: environment variable ${variable} is not set`);
  }
}

/** The value with every secret filled in from `env`; `where` names the setting in the error. */
export function resolveSecret(value: SecretValue, env: NodeJS.ProcessEnv, where: string): string {
  const read = (name: string) => {
    const found = env[name];
    if (found === undefined || found === '') throw new MissingSecret(name, where);
    return found;
  };
  if (typeof value !== 'string') return read(value.env);
  return value.replace(REFERENCE, (_, name: string) => read(name));
}

/** The value as it may be shown: secrets replaced by `***`. */
export function redactedSecret(value: SecretValue): string {
  if (typeof value !== 'string') return REDACTED;
  return value.replace(REFERENCE, REDACTED);
}

/**
 * Resolves a channel's secrets for one delivery and remembers their values, so any text the
 * transport produces (an error can echo a URL or a header) is scrubbed before it is shown or stored.
 */
export class SecretResolver {
  private readonly values: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  resolve(value: SecretValue, where: string): string {
    const resolved = resolveSecret(value, this.env, where);
    for (const name of envNames(value)) this.values.push(this.env[name]!);
    return resolved;
  }

  /**
   * Every secret out of the text, in every form a receiver or a library may echo it: as is,
   * URL-encoded (`p4th%20s3cret`, either hex case, `+` for spaces), JSON-escaped and base64. Longer
   * forms first, so one containing another is scrubbed whole.
   */
  scrub(text: string): string {
    const forms = [...new Set(this.values.flatMap(encodedForms))].filter((form) => form !== '').sort((a, b) => b.length - a.length);
    if (forms.length === 0) return text;
    return text.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'gi'), REDACTED);
  }
}

function encodedForms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [
    secret,
    encodeURIComponent(secret),
    encodeURI(secret),
    encodeURIComponent(secret).replaceAll('%20', '+'),
    JSON.stringify(secret).slice(1, -1),
    base64,
    base64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
  ];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
