/** Where command output goes: stdout or --out FILE (written whole, after the run committed). */
import { writeFileSync } from 'node:fs';
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

export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}
