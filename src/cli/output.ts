/** Where command output goes: stdout or --out FILE (written whole, after the run committed). */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { UsageError } from './exit-codes.js';

export function emit(text: string, out: string | undefined): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new UsageError(`${out}: cannot write the output file: ${(error as Error).message}`);
  }
}

/** Pieces gathered into writes of about this many characters: few system calls, little held at once. */
const WRITE_SIZE = 1 << 20;

/** Like emit, for output too large to build whole: written as it is produced, a megabyte at a time. */
export function emitChunks(chunks: Iterable<string>, out: string | undefined): void {
  let fd: number | undefined;
  try {
    fd = out ? openSync(out, 'w') : undefined;
    let pending = '';
    const flush = () => {
      if (fd === undefined) process.stdout.write(pending);
      else writeSync(fd, pending);
      pending = '';
    };
    for (const chunk of chunks) {
      pending += chunk;
      if (pending.length >= WRITE_SIZE) flush();
    }
    flush();
  } catch (error) {
    if (!out) throw error;
    throw new UsageError(`${out}: cannot write the output file: ${(error as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Told on stderr before a run upgrades an older store (store/database.ts onUpgrade). */
export function noteUpgrade(upgrade: string): void {
  note(`note: ${upgrade}`);
}
