/**
 * Changing cases by hand (`cases update`, `cases import`): every request is checked against the case as
 * it is inside one write transaction, and either all requests apply, each changed field a history
 * row with actor and time, or none does. BEGIN IMMEDIATE takes the write lock before the first read,
 * so two processes updating the same cases queue up instead of overwriting each other's changes.
 */
import type { Db } from '../store/database.js';
import { parseRootCause, parseTeam, type CaseConfig } from './config.js';
import { parseCaseStatus, transitionProblem, type CaseStatus } from '../model/case-lifecycle.js';

/** Fields a person edits; a note is added to the history, never replacing an earlier one. */
export const EDITABLE_FIELDS = ['status', 'assignee', 'team', 'root_cause', 'outcome'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** Values as typed: an absent field is left alone, `null` clears it. */
export type CaseEdit = Partial<Record<EditableField, string | null>> & { note?: string };

export interface EditRequest {
  caseId: number;
  edit: CaseEdit;
  /** Where the request came from, for messages (`cases.csv:7`). */
  origin?: string;
  /** The sheet line it came from, to list a file's problems in its order. */
  line?: number;
  /** The revision an export showed: a field someone changed since then is not overwritten. */
  baseRevision?: number;
}

/**
 * `command`: the request is an action (a `--note` is always added). `sheet`: the request is the
 * state a spreadsheet row shows (a note already there is not added again), so importing twice is a no-op.
 */
export type EditMode = 'command' | 'sheet';

export interface UpdateContext {
  config: CaseConfig;
  mode: EditMode;
  actor: string;
  /** Wall-clock time for the history rows. */
  now: string;
  /** Check and report, write nothing. */
  dryRun?: boolean;
}

export interface FieldChange {
  field: EditableField | 'note';
  from: string | null;
  to: string | null;
}

export interface CaseChange {
  caseId: number;
  origin?: string;
  changes: FieldChange[];
}

export interface EditProblem {
  caseId: number;
  origin?: string;
  line?: number;
  message: string;
}

/** `cases.csv:7: case 12: …`, or `case 12: …` for a command's request. */
export function editProblemText(problem: EditProblem): string {
  return `${problem.origin ? `${problem.origin}: ` : ''}case ${problem.caseId}: ${problem.message}`;
}

export interface UpdateOutcome {
  changed: CaseChange[];
  unchanged: number[];
  /** Any problem means nothing was written. */
  problems: EditProblem[];
}

type CaseState = Record<EditableField, string | null> & { id: number; note: string | null };

/** History actions that changed each field: the audit changes a status too (opened, cleared, reopened). */
const ACTIONS_OF: Record<EditableField, readonly string[]> = {
  status: ['opened', 'status', 'cleared', 'reopened'],
  assignee: ['assignee'],
  team: ['team'],
  root_cause: ['root_cause'],
  outcome: ['outcome'],
};

export function updateCases(db: Db, requests: readonly EditRequest[], context: UpdateContext): UpdateOutcome {
  const readCase = db.prepare(`
    SELECT id, status, assignee, team, root_cause, outcome,
      (SELECT note FROM case_history h WHERE h.case_id = cases.id AND h.action = 'note' ORDER BY h.id DESC LIMIT 1) AS note
    FROM cases WHERE id = ?`);
  const changesAfter = db.prepare(`
    SELECT from_value, actor, at FROM case_history
    WHERE case_id = ? AND id > ? AND action IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const noteAt = db.prepare(`SELECT note FROM case_history WHERE case_id = ? AND action = 'note' AND id <= ? ORDER BY id DESC LIMIT 1`).pluck();
  const history = db.prepare(`
    INSERT INTO case_history (case_id, run_id, at, actor, action, from_value, to_value, note) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)`);

  const plan = (request: EditRequest, problems: string[]): FieldChange[] => {
    const current = readCase.get(request.caseId) as CaseState | undefined;
    if (!current) {
      problems.push('no such case');
      return [];
    }
    const changes: FieldChange[] = [];
    for (const field of EDITABLE_FIELDS) {
      const typed = sameLineBreaks(request.edit[field]);
      if (typed === undefined) continue;
      const desired = normalise(field, typed, context.config, problems);
      if (desired === undefined) continue;
      // What the exporting person saw: the value before the first change made after their export.
      const later =
        request.baseRevision === undefined ? [] : (changesAfter.all(current.id, request.baseRevision, JSON.stringify(ACTIONS_OF[field])) as HistoryChange[]);
      const exported = later.length ? later[0]!.from_value : current[field];
      if (desired === exported || desired === current[field]) continue;
      if (exported !== current[field]) {
        const last = later.at(-1)!;
        problems.push(
          `${field} was changed after this export (now ${shown(current[field])}, by ${last.actor} at ${last.at}); export again and redo this change`,
        );
        continue;
      }
      if (field === 'status') {
        const refused = transitionProblem(current.status as CaseStatus, desired as CaseStatus);
        if (refused) {
          problems.push(refused);
          continue;
        }
      }
      changes.push({ field, from: current[field], to: desired });
    }
    const note = sameLineBreaks(request.edit.note)?.trim();
    if (note && context.mode === 'command') changes.push({ field: 'note', from: null, to: note });
    else if (note) {
      // A sheet shows the latest note as of its export: only different text is a new note.
      const shownNote = request.baseRevision === undefined ? current.note : ((noteAt.get(current.id, request.baseRevision) as string | undefined) ?? null);
      if (note !== shownNote && note !== current.note) changes.push({ field: 'note', from: null, to: note });
    }
    // A required field refused above is reported once, as refused, not again as missing.
    if (problems.length === 0) problems.push(...missingRequirements(current, changes, context.config));
    return changes;
  };

  const run = db.transaction((): UpdateOutcome => {
    const outcome: UpdateOutcome = { changed: [], unchanged: [], problems: [] };
    const seen = new Map<number, string | undefined>();
    for (const request of requests) {
      const problems: string[] = [];
      if (seen.has(request.caseId)) {
        const first = seen.get(request.caseId);
        problems.push(`the case is listed twice${first ? ` (first at ${first})` : ''}`);
      }
      seen.set(request.caseId, request.origin);
      const changes = problems.length ? [] : plan(request, problems);
      outcome.problems.push(...problems.map((message) => ({ caseId: request.caseId, origin: request.origin, line: request.line, message })));
      if (changes.length) outcome.changed.push({ caseId: request.caseId, origin: request.origin, changes });
      else outcome.unchanged.push(request.caseId);
    }
    if (outcome.problems.length > 0 || context.dryRun) return outcome;
    for (const { caseId, changes } of outcome.changed) {
      const fields = changes.filter((change) => change.field !== 'note');
      // Column names come from EDITABLE_FIELDS, never from input.
      const assignments = [...fields.map((change) => `${change.field} = ?`), 'updated_at = ?'].join(', ');
      db.prepare(`UPDATE cases SET ${assignments} WHERE id = ?`).run(...fields.map((change) => change.to), context.now, caseId);
      for (const change of changes) {
        if (change.field === 'note') history.run(caseId, context.now, context.actor, 'note', null, null, change.to);
        else history.run(caseId, context.now, context.actor, change.field, change.from, change.to, null);
      }
    }
    return outcome;
  });
  return run.immediate();
}

interface HistoryChange {
  from_value: string | null;
  actor: string;
  at: string;
}

/** The stored form of a typed value, or undefined after recording why it cannot be stored. */
function normalise(field: EditableField, typed: string | null, config: CaseConfig, problems: string[]): string | null | undefined {
  const text = typed?.trim() ?? '';
  if (field === 'status') {
    if (text === '') {
      problems.push('status cannot be empty');
      return undefined;
    }
    const parsed = parseCaseStatus(text);
    if ('problem' in parsed) problems.push(parsed.problem);
    return 'status' in parsed ? parsed.status : undefined;
  }
  if (text === '') return null;
  if (field === 'root_cause') {
    const parsed = parseRootCause(text, config.rootCauses);
    if ('problem' in parsed) problems.push(parsed.problem);
    return 'code' in parsed ? parsed.code : undefined;
  }
  if (field === 'team') {
    const parsed = parseTeam(text, config.teams);
    if ('problem' in parsed) problems.push(parsed.problem);
    return 'team' in parsed ? parsed.team : undefined;
  }
  return text;
}

/** A status's required fields (`cases.require`), checked when the status or one of those fields changes. */
function missingRequirements(current: CaseState, changes: readonly FieldChange[], config: CaseConfig): string[] {
  const after: CaseState = { ...current };
  for (const change of changes) if (change.field !== 'note') after[change.field] = change.to;
  const status = after.status as CaseStatus;
  const statusChanged = after.status !== current.status;
  const touched = new Set(changes.map((change) => change.field));
  const missing = (config.workflow.require.get(status) ?? []).filter((field) => after[field] === null && (statusChanged || touched.has(field)));
  return missing.length ? [`status ${status} needs ${missing.join(' and ')}; set ${missing.length > 1 ? 'them' : 'it'} in the same update`] : [];
}

function shown(value: string | null): string {
  return value === null ? 'empty' : `"${value}"`;
}

/**
 * Text is stored with LF line breaks only, as a spreadsheet gives them back: a note typed with CRLF
 * would otherwise differ from its own export and come back as a new note on every import.
 */
function sameLineBreaks<T extends string | null | undefined>(text: T): T {
  return (typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : text) as T;
}
