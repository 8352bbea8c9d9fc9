/** Where command output goes: stdout or --out FILE (written after the run committed). */
import { randomBytes } from 'node:crypto';
import { accessSync, closeSync, constants, fsyncSync, lstatSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './exit-codes.js';
import type { CliRun } from './io.js';

export function emit(run: CliRun, text: string, out: string | undefined): void {
  emitChunks(run, [text], out);
}

/** Pieces gathered into writes of about this many characters: few system calls, little held at once. */
const WRITE_SIZE = 1 << 20;

/** Like emit, for output too large to build whole: written as it is produced, a megabyte at a time. */
export function emitChunks(run: CliRun, chunks: Iterable<string>, out: string | undefined): void {
  if (out) writeOutputFile(out, chunks);
  else for (const piece of pieces(chunks)) run.io.stdout.write(piece);
}

function* pieces(chunks: Iterable<string>): Generator<string> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= WRITE_SIZE) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/**
 * An output file (--out, --rejects) is written beside its target and renamed over it, so whoever reads
 * it (a dashboard, a spreadsheet, the next cron step) never sees half a report, and a failed write
 * (a full disk) leaves yesterday's file as it was. See writesInPlace for the targets it cannot replace.
 */
export function writeOutputFile(out: string, chunks: Iterable<string>): void {
  const inPlace = writesInPlace(out);
  // The temporary name is unguessable and opened exclusively: a file or symbolic link planted there
  // by someone else makes the write fail instead of being followed.
  const target = inPlace ? out : join(dirname(out), `.${basename(out)}.${randomBytes(8).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(target, inPlace ? 'w' : 'wx');
    for (const piece of pieces(chunks)) writeWhole(fd, Buffer.from(piece, 'utf8'));
    if (!inPlace) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    if (!inPlace) renameSync(target, out);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    if (!inPlace) rmSync(target, { force: true });
    const kept = inPlace ? '' : ' (the previous file, if any, is unchanged)';
    throw new UsageError(`${out}: cannot write the output file: ${writeFailure(error as NodeJS.ErrnoException)}${kept}`);
  }
}

/**
 * writeSync may write less than asked (a file-size limit, a disk filling up) and says so only in the
 * count it returns: go on from there, and treat no progress as the disk being full.
 */
function writeWhole(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset);
    if (written <= 0) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    offset += written;
  }
}

/**
 * Output written after a run committed (its report, its rejected rows). Checked before the run, the
 * file can still fail now (a full disk); exit 2 otherwise means nothing was written, so say the run is.
 */
export function afterRunCommitted(run: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${error.message}; ${run} itself is stored`);
    throw error;
  }
}

/** Said about the file the user named, not the temporary one beside it. */
function writeFailure(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'its folder does not exist';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'permission denied';
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'no space left';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error.message;
  }
}

/**
 * For runs that store something: an output file that cannot be written is refused before the run,
 * when exit 2 still means nothing was written.
 */
export function checkOutputFile(flag: string, out: string | undefined): void {
  if (!out) return;
  const folder = dirname(out);
  const problem = !statSync(folder, { throwIfNoEntry: false })?.isDirectory()
    ? `the folder ${folder} does not exist`
    : lstatSync(out, { throwIfNoEntry: false })?.isDirectory()
      ? 'it is a folder'
      : !writable(writesInPlace(out) ? out : folder)
        ? 'permission denied'
        : undefined;
  if (problem) throw new UsageError(`${flag} ${out}: ${problem}`);
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A target that exists and cannot be replaced by a rename is written in place: one that is not a plain
 * file (/dev/stdout, a pipe, a symbolic link: renaming over it would replace it), or a file in a folder
 * the user may not create files in (a report file an administrator set up for the cron account).
 */
function writesInPlace(out: string): boolean {
  const stat = lstatSync(out, { throwIfNoEntry: false });
  return stat !== undefined && (!stat.isFile() || !writable(dirname(out)));
}
