/** `channels:` and `notifications:` as `logex rules check` validates them: positioned, with suggestions. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDiagnostic } from '../../src/io/diagnostics.js';
import { loadRuleText, loadRuleTexts } from '../../src/rules/load.js';
import { settingsFrom } from './fixtures.js';

const check = (yaml: string) => loadRuleText(`version: 1\n${yaml}`, 'n.yaml').diagnostics.map(formatDiagnostic);

afterEach(() => {
  vi.unstubAllEnvs();
});

const TEAMS = `teams:
  - { name: ocean-desk, email: ocean@example.com }
  - { name: road-desk }
`;

describe('notification configuration', () => {
  it('a complete configuration loads with defaults filled in', () => {
    vi.stubEnv('OPS_TOKEN', 'x');
    vi.stubEnv('SMTP_PASSWORD', 'y');
    const settings = settingsFrom(`${TEAMS}channels:
  - name: chat
    type: webhook
    url: https://chat.example.com/hook
    headers: { Authorization: "Bearer \${OPS_TOKEN}" }
  - name: mail
    type: email
    smtp: { host: smtp.example.com, auth: { user: logex, password: { env: SMTP_PASSWORD } } }
    from: "Logex <logex@example.com>"
    timeout: 2m
notifications:
  routes:
    - { team: ocean-desk, channel: chat, min_severity: high, mode: digest }
    - { team: ocean-desk, channel: mail }
`);
    expect(settings.channels.get('chat')).toMatchObject({
      type: 'webhook',
      format: 'json',
      timeoutMs: 30_000,
      headers: { Authorization: 'Bearer ${OPS_TOKEN}' },
    });
    expect(settings.channels.get('mail')).toMatchObject({
      type: 'email',
      smtp: { host: 'smtp.example.com', port: 587, tls: 'starttls' },
      to: [],
      timeoutMs: 120_000,
    });
    expect(settings.routes.map(({ team, channel, minSeverity, mode }) => ({ team, channel, minSeverity, mode }))).toEqual([
      { team: 'ocean-desk', channel: 'chat', minSeverity: 'high', mode: 'digest' },
      { team: 'ocean-desk', channel: 'mail', minSeverity: 'low', mode: 'immediate' },
    ]);
    expect(settings.retry).toEqual({ maxAttempts: 5, backoffMs: 300_000, maxBackoffMs: 21_600_000 });
  });

  it('a route to an unknown team or channel is an error at its position, with a suggestion', () => {
    expect(
      check(`${TEAMS}channels:
  - { name: ops-chat, type: webhook, url: "https://chat.example.com/hook" }
notifications:
  routes:
    - { team: ocean-dsk, channel: ops-chta }
    - team: air-desk
      channel: pager
`),
    ).toEqual([
      'n.yaml:9:15 error unknown-team route: team "ocean-dsk" is not defined; did you mean "ocean-desk"?',
      'n.yaml:9:35 error unknown-channel route: channel "ops-chta" is not defined; did you mean "ops-chat"?',
      'n.yaml:10:13 error unknown-team route: team "air-desk" is not defined (teams: ocean-desk, road-desk)',
      'n.yaml:11:16 error unknown-channel route: channel "pager" is not defined (channels: ops-chat)',
    ]);
  });

  it('without a teams section, the teams the rules name are the known teams', () => {
    const rules = `rules:
  - { id: late, check: { kind: milestone_late, milestone: arrived }, tolerance: 4h, severity: high, team: ocean-desk }
channels:
  - { name: chat, type: webhook, url: "https://chat.example.com/hook" }
notifications:
  routes:
    - { team: ocean-desk, channel: chat }
    - { team: ocean-dsk, channel: chat }
`;
    expect(check(rules)).toEqual(['n.yaml:9:15 error unknown-team route: team "ocean-dsk" is not defined; did you mean "ocean-desk"?']);
  });

  it('an e-mail route needs an address: the channel "to:" or the team email', () => {
    expect(
      check(`${TEAMS}channels:
  - { name: mail, type: email, smtp: { host: smtp.example.com }, from: logex@example.com }
notifications:
  routes:
    - { team: ocean-desk, channel: mail }
    - { team: road-desk, channel: mail }
`),
    ).toEqual(['n.yaml:10:35 error no-recipients route: channel "mail" has no "to:" and team "road-desk" has no email; set one of them']);
  });

  it("each channel type has its own required settings, and refuses the other type's", () => {
    expect(
      check(`channels:
  - name: chat
    type: webhook
    from: logex@example.com
  - name: mail
    type: email
    url: "https://chat.example.com/hook"
    to: [ops.example.com, "Ops <ops@example.com>"]
`),
    ).toEqual(
      [
        'n.yaml:3:5 error missing-setting channel "chat": a webhook channel needs "url"',
        'n.yaml:5:5 error not-for-channel-type channel "chat": "from" does not apply to webhook channels',
        'n.yaml:6:5 error missing-setting channel "mail": an email channel needs "smtp" (host, port, tls, auth)',
        'n.yaml:6:5 error missing-setting channel "mail": an email channel needs "from"',
        'n.yaml:8:5 error not-for-channel-type channel "mail": "url" does not apply to email channels',
        'n.yaml:9:10 error invalid-address channel "mail": "ops.example.com" is not an e-mail address',
      ].sort(byPosition),
    );
  });

  it('catches bad URLs, header names, secret references, names and duplicates', () => {
    expect(
      check(`channels:
  - { name: a, type: webhook, url: "ftp://files.example.com/x" }
  - { name: b, type: webhook, url: "https://x.example.com", headers: { "Bad Header": x, Authorization: "Bearer \${ops-token}" } }
  - { name: "c d", type: webhook, url: "https://x.example.com" }
  - { name: a, type: webhook, url: "https://x.example.com", timeout: 0m }
`),
    ).toEqual([
      'n.yaml:3:36 error invalid-url channel "a": "ftp://files.example.com/x" is not an http:// or https:// URL',
      'n.yaml:4:72 error invalid-header channel "b": "Bad Header" is not a valid HTTP header name',
      'n.yaml:4:104 error invalid-secret-reference channel "b": header Authorization: "${" must open a reference like ${NAME} (letters, digits, "_")',
      'n.yaml:5:13 error invalid-name channel "c d": a channel name is letters, digits, "-", "_" and "." (starting with a letter or digit)',
      'n.yaml:6:13 error duplicate-channel channel "a": is already defined at n.yaml:3',
    ]);
  });

  it('an unset environment variable is a warning (CI checks rule files without secrets); a written password too', () => {
    vi.stubEnv('SET_TOKEN', 'present');
    vi.stubEnv('UNSET_TOKEN', '');
    expect(
      check(`channels:
  - { name: chat, type: webhook, url: "https://x.example.com", headers: { A: "\${SET_TOKEN}", B: "\${UNSET_TOKEN}" } }
  - name: mail
    type: email
    smtp: { host: smtp.example.com, auth: { user: logex, password: hunter2 } }
    from: logex@example.com
`),
    ).toEqual([
      'n.yaml:3:97 warning env-unset channel "chat": header B: environment variable UNSET_TOKEN is not set; sending on this channel fails until it is',
      'n.yaml:6:68 warning secret-in-file channel "mail": the password is written in the file; use "${NAME}" or { env: NAME } to read it from the environment',
    ]);
  });

  it('a second route for the same team and channel, or a second retry setting, is an error', () => {
    const twice = `${TEAMS}channels:
  - { name: chat, type: webhook, url: "https://x.example.com" }
notifications:
  routes:
    - { team: ocean-desk, channel: chat }
    - { team: ocean-desk, channel: chat, min_severity: high }
`;
    expect(check(twice)).toEqual(['n.yaml:10:7 error duplicate-route team "ocean-desk" already has a route to channel "chat" at n.yaml:9']);
    expect(check('notifications: { retry: { max_attempts: 0 } }\n')).toEqual(['n.yaml:2:41 error schema notifications.retry.max_attempts: must be >= 1']);
    const files = loadRulesTexts([
      { text: 'version: 1\nnotifications: { retry: { backoff: 1m } }\n', file: 'a.yaml' },
      { text: 'version: 1\nnotifications: { retry: { backoff: 2m } }\n', file: 'b.yaml' },
    ]);
    expect(files).toEqual(['b.yaml:2:25 error duplicate-setting notifications.retry is already set at a.yaml:2']);
  });
});

function byPosition(a: string, b: string): number {
  const position = (line: string) => line.split(' ')[0]!.split(':').slice(1).map(Number) as [number, number];
  const [la, ca] = position(a);
  const [lb, cb] = position(b);
  return la - lb || ca - cb;
}

function loadRulesTexts(texts: { text: string; file: string }[]): string[] {
  return loadRuleTexts(texts).diagnostics.map(formatDiagnostic);
}
