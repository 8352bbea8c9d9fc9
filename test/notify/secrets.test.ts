import { describe, expect, it } from 'vitest';
import { envNames, hasMalformedReference } from '../../src/rules/secret-references.js';
import { MissingSecret, redactedSecret, resolveSecret, SecretResolver } from '../../src/notify/secrets.js';

const env = { OPS_TOKEN: 'tok-123', SMTP_PASSWORD: 'pw-456' };

describe('secrets in channel settings', () => {
  it('fills ${NAME} inside a string and { env: NAME } as a whole value', () => {
    expect(resolveSecret('Bearer ${OPS_TOKEN}', env, 'header')).toBe('Bearer tok-123');
    expect(resolveSecret({ env: 'SMTP_PASSWORD' }, env, 'password')).toBe('pw-456');
    expect(resolveSecret('no secrets here', env, 'header')).toBe('no secrets here');
  });

  it('an unset variable is an error naming the setting and the variable, never a value', () => {
    const attempt = () => resolveSecret('${OPS_TOKEN}:${MISSING_ONE}', env, 'channel "chat" header Authorization');
    expect(attempt).toThrow(MissingSecret);
    expect(attempt).toThrow('channel "chat" header Authorization: environment variable MISSING_ONE is not set');
    expect(() => resolveSecret({ env: 'EMPTY' }, { EMPTY: '' }, 'password')).toThrow('environment variable EMPTY is not set');
  });

  it('shows *** where each secret goes', () => {
    expect(redactedSecret('https://hooks.example.com/${HOOK_PATH}?k=${KEY}')).toBe('https://hooks.example.com/***?k=***');
    expect(redactedSecret({ env: 'SMTP_PASSWORD' })).toBe('***');
    expect(redactedSecret('plain')).toBe('plain');
  });

  it('scrubs resolved values out of text a transport produced', () => {
    const resolver = new SecretResolver({ SHORT: 'abc', LONG: 'abcdef' });
    resolver.resolve('${SHORT}', 'x');
    resolver.resolve({ env: 'LONG' }, 'y');
    expect(resolver.scrub('refused abcdef and abc')).toBe('refused *** and ***');
  });

  it('finds the variables a value reads, and a "${" that reads none', () => {
    expect(envNames('Bearer ${A} ${B_2}')).toEqual(['A', 'B_2']);
    expect(envNames({ env: 'C' })).toEqual(['C']);
    expect(hasMalformedReference('Bearer ${ops-token}')).toBe(true);
    expect(hasMalformedReference('Bearer ${OPS_TOKEN}')).toBe(false);
  });
});
