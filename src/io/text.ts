/**
 * Text inputs arrive as bytes in whatever a spreadsheet or TMS saved: UTF-8 with or without a BOM,
 * UTF-16 from "Unicode text" exports, Windows-1252 from an old Excel. Decode UTF-8 and UTF-16 (by
 * BOM) to text; anything that is not valid text is refused with the line it starts on, never
 * silently turned into replacement characters.
 */
import { InputError } from './errors.js';
import type { InputStream } from './reader.js';

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

function encodingOf(head: Buffer): Encoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

export async function* decodeText(input: InputStream, file: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let line = 1;
  let pending = Buffer.alloc(0);
  const decode = (chunk: Buffer, stream: boolean): string => {
    let text: string;
    try {
      text = decoder!.decode(chunk, { stream });
    } catch {
      throw new InputError(
        { file, line: line + countLines(bestEffort(chunk)) },
        'the file is not UTF-8 text (it may be Windows-1252 or Latin-1 from an old Excel); save it as "CSV UTF-8" and try again',
      );
    }
    const nul = text.indexOf('\u0000');
    if (nul >= 0)
      throw new InputError({ file, line: line + countLines(text.slice(0, nul)) }, 'the file contains NUL bytes: it looks like a binary file, not text');
    line += countLines(text);
    return text;
  };
  for await (const raw of input) {
    let chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    if (!decoder) {
      // Wait for two bytes to tell a UTF-16 BOM from the start of UTF-8 text.
      pending = Buffer.concat([pending, chunk]);
      if (pending.length < 2) continue;
      decoder = new TextDecoder(encodingOf(pending), { fatal: true });
      chunk = pending;
    }
    const text = decode(chunk, true);
    if (text) yield text;
  }
  // A file shorter than two bytes never chose a decoder: it is UTF-8 (or empty).
  const rest = decoder ? Buffer.alloc(0) : pending;
  decoder ??= new TextDecoder('utf-8', { fatal: true });
  const tail = decode(rest, false);
  if (tail) yield tail;
}

function bestEffort(chunk: Buffer): string {
  // Only to count lines up to the bad byte: lossy decoding is fine for that.
  const text = chunk.toString('utf8');
  const bad = text.indexOf('\uFFFD');
  return bad >= 0 ? text.slice(0, bad) : text;
}

function countLines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
