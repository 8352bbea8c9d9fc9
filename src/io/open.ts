/** Opening an input path as a byte stream; "-" is stdin. */
import { createReadStream, statSync } from 'node:fs';
import { InputError } from './errors.js';
import type { InputStream } from './reader.js';

export const STDIN = '-';

export function displayName(path: string): string {
  return path === STDIN ? '<stdin>' : path;
}

export function openInput(path: string): InputStream {
  if (path === STDIN) return process.stdin;
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new InputError({ file: path }, 'cannot read the file: no such file');
  }
  if (!isFile) throw new InputError({ file: path }, 'cannot read: not a regular file');
  return createReadStream(path);
}
