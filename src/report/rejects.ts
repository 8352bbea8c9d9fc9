/**
 * The `--rejects FILE` CSV: each bad row with where it was and why, then its original fields under
 * their own names. Ours are prefixed: an events file has a `reason` column of its own.
 */
import { formatPosition } from '../io/errors.js';
import type { Rejection } from '../pipeline/ingest.js';
import { toCsv } from '../io/csv/write.js';

export function rejectsCsv(rejections: readonly Rejection[]): string {
  const fieldNames = [...new Set(rejections.flatMap((r) => Object.keys(r.raw ?? {})))];
  return toCsv(
    ['rejected_source', 'rejected_reason', ...fieldNames],
    rejections.map((r) => [formatPosition(r.error.position), r.error.detail, ...fieldNames.map((name) => r.raw?.[name])]),
  );
}
