/** What `logex db check` prints: the store's health, or why it could not be read at all. */
import type { FormatRegistry } from '../io/output-format.js';
import type { StoreHealth } from '../store/maintenance.js';

/** The store checked (its path as given), and its health, or the one problem of a file too damaged to read. */
export type DbCheckOutput = { db: string; health: StoreHealth } | { db: string; damaged: string };

function text(output: DbCheckOutput): string {
  if ('damaged' in output) return `${output.db}: 1 problem(s)\n${output.damaged}\n`;
  const { db, health } = output;
  const lines = [
    `${db}: ${health.ok ? 'ok' : `${health.problems.length} problem(s)`}`,
    `schema version ${health.schemaVersion} (this logex: ${health.knownSchemaVersion})`,
    Object.entries(health.counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(', '),
    health.lastRun ? `last run #${health.lastRun.id} (${health.lastRun.command}) started ${health.lastRun.started_at}` : 'no runs yet',
    ...health.problems,
  ];
  return `${lines.join('\n')}\n`;
}

function json(output: DbCheckOutput): string {
  const body = 'damaged' in output ? { ok: false, problems: [output.damaged] } : output.health;
  return `${JSON.stringify(body, null, 2)}\n`;
}

export const DB_CHECK_FORMATS: FormatRegistry<DbCheckOutput> = [
  { name: 'text', description: 'a few lines', render: text },
  { name: 'json', description: 'the same as an object', render: json },
];
