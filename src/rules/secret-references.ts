/**
 * How channel settings name a secret (the syntax; notify/secrets.ts reads the values at send time):
 * `${NAME}` inside a string ("Bearer ${OPS_TOKEN}") or `{ env: NAME }` for a whole value. The
 * `channels:` section checks references with these when the rules load.
 */
export type SecretValue = string | { env: string };

export const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** A `${` that does not open a valid reference: almost always a typo the user should hear about. */
const MALFORMED = /\$\{(?![A-Za-z_][A-Za-z0-9_]*\})/;

/** The environment variables a value reads. */
export function envNames(value: SecretValue): string[] {
  if (typeof value !== 'string') return [value.env];
  return [...value.matchAll(REFERENCE)].map((match) => match[1]!);
}

export function hasMalformedReference(value: SecretValue): boolean {
  return typeof value === 'string' && MALFORMED.test(value);
}
