import type { SourcePosition } from '../model/records.js';

/** `file:line:col` (or `file:segment N (ID)` for EDI), the prefix of every input message. */
export function formatPosition(pos: SourcePosition): string {
  if (pos.segment !== undefined) {
    return `${pos.file}:segment ${pos.segment}${pos.segmentId ? ` (${pos.segmentId})` : ''}`;
  }
  let text = pos.file;
  if (pos.line !== undefined) text += `:${pos.line}`;
  if (pos.line !== undefined && pos.column !== undefined) text += `:${pos.column}`;
  return text;
}

/**
 * Bad input at a known position. Readers throw it for problems that make the whole file unusable
 * (a truncated interchange) and yield it as a row rejection for problems confined to one record.
 */
export class InputError extends Error {
  constructor(
    readonly position: SourcePosition,
    readonly detail: string,
  ) {
    super(`${formatPosition(position)}: ${detail}`);
    this.name = 'InputError';
  }
}

/** A problem that does not stop the record from being used (e.g. a control count mismatch). */
export interface InputWarning {
  position: SourcePosition;
  message: string;
}

export function formatWarning(warning: InputWarning): string {
  return `${formatPosition(warning.position)}: warning: ${warning.message}`;
}
