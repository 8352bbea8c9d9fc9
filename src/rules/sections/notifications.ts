/**
 * `notifications:` — who hears about which cases, and how hard delivery tries. A route sends a
 * team's cases at or above a severity to a channel, one message per case (`immediate`) or one
 * per run (`digest`). Routes are checked against `teams:` and `channels:` once all are merged.
 */
import { closestName } from '../../model/suggest.js';
import { SEVERITIES, type Severity } from '../../model/vocabulary.js';
import type { Diagnostic, ProblemCode } from '../../io/diagnostics.js';
import { DURATION_PATTERN, parseDuration } from '../duration.js';
import { channelsSection } from './channels.js';
import { sectionValue, type ConfigSection, type Position } from './section.js';
import { teamsSection } from './teams.js';

export const NOTIFY_MODES = ['immediate', 'digest'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

export interface Route {
  team: string;
  channel: string;
  minSeverity: Severity;
  mode: NotifyMode;
  source: { file: string; team: Position; channel: Position };
}

export interface RetryPolicy {
  /** A message that failed this many times is dead: reported until someone acknowledges it. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one, up to maxBackoffMs. 0: every run retries. */
  backoffMs: number;
  maxBackoffMs: number;
}

export interface NotificationsConfig {
  routes: Route[];
  retry: RetryPolicy;
}

/** Five tries over about two and a half hours for a frequent `logex notify`, or five nights for a nightly audit. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoffMs: 5 * 60_000, maxBackoffMs: 6 * 3_600_000 };

interface RawNotifications {
  routes?: { team: string; channel: string; min_severity?: Severity; mode?: NotifyMode }[];
  retry?: { max_attempts?: number; backoff?: string; max_backoff?: string };
}

export const notificationsSection: ConfigSection<NotificationsConfig> = {
  key: 'notifications',
  schema: {
    type: 'object',
    description: 'Routing of new, reopened and escalated cases to channels, and delivery retries.',
    properties: {
      routes: {
        type: 'array',
        items: {
          type: 'object',
          required: ['team', 'channel'],
          properties: {
            team: { type: 'string' },
            channel: { type: 'string' },
            min_severity: { type: 'string', enum: [...SEVERITIES], description: 'lowest severity sent (default low)' },
            mode: { type: 'string', enum: [...NOTIFY_MODES], description: 'immediate: one message per case; digest: one per team per run' },
          },
          additionalProperties: false,
        },
      },
      retry: {
        type: 'object',
        properties: {
          max_attempts: { type: 'integer', minimum: 1, description: 'failed attempts before a message is dead (default 5)' },
          backoff: { type: 'string', pattern: DURATION_PATTERN, description: 'wait after the first failure, doubling (default 5m; 0m retries on every run)' },
          max_backoff: { type: 'string', pattern: DURATION_PATTERN, description: 'longest wait between attempts (default 6h)' },
        },
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  },
  empty: { routes: [], retry: DEFAULT_RETRY },
  merge(parts) {
    const routes: Route[] = [];
    const diagnostics: Diagnostic[] = [];
    let retry = DEFAULT_RETRY;
    let retrySource: { file: string; line: number } | undefined;
    for (const part of parts) {
      const raw = part.value as RawNotifications;
      (raw.routes ?? []).forEach((entry, index) => {
        const at = part.locate(['routes', index]);
        const twin = routes.find((route) => route.team === entry.team && route.channel === entry.channel);
        if (twin) {
          diagnostics.push({
            file: part.file,
            ...at,
            severity: 'error',
            code: 'duplicate-route',
            message: `team "${entry.team}" already has a route to channel "${entry.channel}" at ${twin.source.file}:${twin.source.team.line}`,
          });
          return;
        }
        routes.push({
          team: entry.team,
          channel: entry.channel,
          minSeverity: entry.min_severity ?? 'low',
          mode: entry.mode ?? 'immediate',
          source: { file: part.file, team: part.locate(['routes', index, 'team']), channel: part.locate(['routes', index, 'channel']) },
        });
      });
      if (raw.retry) {
        const at = part.locate(['retry']);
        if (retrySource) {
          diagnostics.push({
            file: part.file,
            ...at,
            severity: 'error',
            code: 'duplicate-setting',
            message: `notifications.retry is already set at ${retrySource.file}:${retrySource.line}`,
          });
          continue;
        }
        retrySource = { file: part.file, line: at.line };
        retry = {
          maxAttempts: raw.retry.max_attempts ?? DEFAULT_RETRY.maxAttempts,
          backoffMs: raw.retry.backoff === undefined ? DEFAULT_RETRY.backoffMs : (parseDuration(raw.retry.backoff) ?? 0),
          maxBackoffMs: raw.retry.max_backoff === undefined ? DEFAULT_RETRY.maxBackoffMs : (parseDuration(raw.retry.max_backoff) ?? 0),
        };
      }
    }
    return { value: { routes, retry }, diagnostics };
  },
  crossCheck(config, sections, rules) {
    const teams = sectionValue(sections, teamsSection);
    const channels = sectionValue(sections, channelsSection);
    // Without a teams section, the teams rules name are the teams there are.
    const knownTeams = [...new Set([...teams.keys(), ...rules.flatMap((rule) => (rule.team ? [rule.team.name] : []))])];
    const diagnostics: Diagnostic[] = [];
    const error = (file: string, at: Position, code: ProblemCode, message: string) => diagnostics.push({ file, ...at, severity: 'error', code, message });
    for (const route of config.routes) {
      const { file } = route.source;
      if (!knownTeams.includes(route.team)) {
        error(file, route.source.team, 'unknown-team', `route: team "${route.team}" is not defined${suggestion(route.team, knownTeams, 'teams')}`);
      }
      const channel = channels.get(route.channel);
      if (!channel) {
        error(
          file,
          route.source.channel,
          'unknown-channel',
          `route: channel "${route.channel}" is not defined${suggestion(route.channel, [...channels.keys()], 'channels')}`,
        );
        continue;
      }
      if (channel.type === 'email' && channel.to.length === 0 && knownTeams.includes(route.team) && !teams.get(route.team)?.email) {
        error(
          file,
          route.source.channel,
          'no-recipients',
          `route: channel "${route.channel}" has no "to:" and team "${route.team}" has no email; set one of them`,
        );
      }
    }
    return diagnostics;
  },
};

function suggestion(name: string, candidates: readonly string[], what: string): string {
  const near = closestName(name, candidates);
  if (near) return `; did you mean "${near}"?`;
  return candidates.length ? ` (${what}: ${candidates.join(', ')})` : ` (no ${what} are defined)`;
}
