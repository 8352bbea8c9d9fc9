/**
 * X12 segments from a stream of chunks. The delimiters come from each interchange's ISA header, so one
 * file may hold several interchanges with different delimiters; only the current partial segment is
 * kept in memory.
 */
import { InputError } from '../errors.js';
import type { InputStream } from '../reader.js';

export interface Delimiters {
  element: string;
  component: string;
  /** ISA11 from version 00402 on; before that ISA11 is the standards identifier ("U"), not a separator. */
  repetition?: string;
  /** "\n" when segments are separated by line breaks (a "\r" before it is dropped). */
  segment: string;
}

export interface Segment {
  id: string;
  /** elements[0] is the segment id, so elements[n] is element n as X12 numbers it (AT701 = elements[1]). */
  elements: readonly string[];
  /** 1-based position in the file, counted across interchanges; what error messages point at. */
  position: number;
  delimiters: Delimiters;
}

/**
 * Element `index` of a segment, trimmed ('' when absent). None of the elements this reader uses may
 * repeat; if a sender repeats one anyway, its first occurrence is taken.
 */
export function element(segment: Segment, index: number): string {
  const raw = segment.elements[index] ?? '';
  const { repetition } = segment.delimiters;
  return (repetition ? (raw.split(repetition, 1)[0] ?? '') : raw).trim();
}

/** True when the text (the first bytes of an input) is an X12 interchange. */
export function looksLikeX12(head: string): boolean {
  return /^\uFEFF?\s*ISA/.test(head);
}

const SEGMENT_ID = /^[A-Z0-9]{2,3}$/;
const ALPHANUMERIC_OR_SPACE = /[A-Za-z0-9\s]/;
const ISA_ELEMENTS = 16;
/** A padded ISA is 106 characters. Beyond this many without 16 elements, it is not an ISA at all. */
const ISA_MAX_LENGTH = 512;
const LEADING_OR_TRAILING_LINE_BREAKS = /^[\r\n]+|[\r\n]+$/g;
/** Far longer than any 214/315 segment: without a terminator by then, the stream is not what its ISA said. */
const MAX_SEGMENT_LENGTH = 100_000;

/** A NUL, or the character the decoder puts where bytes were not UTF-8: stored, either would corrupt the data. */
const UNREADABLE_CHARACTER = /[\u0000\uFFFD]/;

export async function* tokenize(input: InputStream, file: string): AsyncGenerator<Segment> {
  const decoder = new TextDecoder('utf-8');
  const splitter = new SegmentSplitter(file);
  for await (const chunk of input) {
    // stream: true keeps a multi-byte character (such as a "…" terminator) split across chunks intact.
    yield* splitter.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), false);
  }
  yield* splitter.push(decoder.decode(), true);
}

interface IsaHeader {
  delimiters: Delimiters;
  elements: string[];
  /** Index just after the ISA's segment terminator. */
  end: number;
}

class SegmentSplitter {
  private pending = '';
  private delimiters: Delimiters | undefined;
  private segmentCount = 0;

  constructor(private readonly file: string) {}

  *push(text: string, atEnd: boolean): Generator<Segment> {
    this.pending += text;
    let cursor = 0;
    for (;;) {
      if (!this.delimiters) {
        cursor = skipWhitespace(this.pending, cursor);
        if (cursor >= this.pending.length) break;
        const header = this.readIsa(cursor, atEnd);
        if (!header) break;
        this.delimiters = header.delimiters;
        cursor = header.end;
        yield this.segment(header.elements, header.delimiters);
        continue;
      }
      const terminator = this.delimiters.segment;
      const end = this.pending.indexOf(terminator, cursor);
      if (end < 0) {
        if (this.pending.length - cursor > MAX_SEGMENT_LENGTH) {
          throw new InputError(
            { file: this.file, segment: this.segmentCount + 1 },
            `no segment terminator "${terminator}" (from the ISA) in the next ${MAX_SEGMENT_LENGTH} characters: the file does not use the delimiters its ISA declares`,
          );
        }
        if (atEnd) {
          // The last segment may lack its terminator; whether the file is complete is the envelope's call.
          const rest = this.pending.slice(cursor).replace(LEADING_OR_TRAILING_LINE_BREAKS, '');
          cursor = this.pending.length;
          if (rest) yield this.parse(rest, this.delimiters);
        }
        break;
      }
      const raw = this.pending.slice(cursor, end).replace(LEADING_OR_TRAILING_LINE_BREAKS, '');
      cursor = end + terminator.length;
      if (raw === '') continue;
      const segment = this.parse(raw, this.delimiters);
      // After IEA the next interchange may use other delimiters: read them from its own ISA.
      if (segment.id === 'IEA') this.delimiters = undefined;
      yield segment;
    }
    this.pending = this.pending.slice(cursor);
    if (atEnd && this.segmentCount === 0) {
      throw new InputError({ file: this.file, segment: 1 }, 'the input is empty; an X12 file starts with an ISA segment');
    }
  }

  private parse(raw: string, delimiters: Delimiters): Segment {
    const elements = raw.split(delimiters.element);
    const id = elements[0] ?? '';
    if (!SEGMENT_ID.test(id)) {
      throw new InputError(
        { file: this.file, segment: this.segmentCount + 1, segmentId: id.slice(0, 12) },
        `"${preview(raw)}" is not a segment: its id must be 2-3 capital letters or digits followed by "${delimiters.element}" (the file is damaged, or two files were joined)`,
      );
    }
    return this.segment(elements, delimiters);
  }

  private segment(elements: string[], delimiters: Delimiters): Segment {
    this.segmentCount += 1;
    const damaged = elements.find((value) => UNREADABLE_CHARACTER.test(value));
    if (damaged !== undefined) {
      const position = { file: this.file, segment: this.segmentCount, segmentId: (elements[0] ?? '').slice(0, 12) };
      throw new InputError(
        position,
        damaged.includes('\u0000')
          ? 'contains a NUL byte: the file is damaged or not text; ask the sender to resend it'
          : 'contains bytes that are not UTF-8 text (a Latin-1 or Windows-1252 file?); ask the sender for UTF-8 or plain ASCII',
      );
    }
    return { id: elements[0] ?? '', elements, position: this.segmentCount, delimiters };
  }

  /**
   * Reads the ISA at `start`: element separator = the character after "ISA"; ISA16 (component separator)
   * = the character after the 16th element separator; segment terminator = the character after ISA16.
   * Counting separators instead of columns also reads ISAs whose elements are not space-padded.
   * Returns undefined when more input is needed.
   */
  private readIsa(start: number, atEnd: boolean): IsaHeader | undefined {
    const text = this.pending;
    const position = { file: this.file, segment: this.segmentCount + 1, segmentId: 'ISA' };
    const unreadable = (why: string) => new InputError(position, `the ISA header cannot be read: ${why}`);
    if (text.length - start < 4) {
      if (atEnd) throw unreadable('the input ends inside it');
      return undefined;
    }
    if (!text.startsWith('ISA', start)) {
      const what = this.segmentCount === 0 ? 'an X12 interchange starts with "ISA"' : 'after IEA only a new interchange (ISA) may follow';
      throw new InputError({ ...position, segmentId: text.slice(start, start + 3) }, `"${preview(text.slice(start))}" is not an ISA: ${what}`);
    }
    const elementSeparator = text[start + 3] ?? '';
    if (ALPHANUMERIC_OR_SPACE.test(elementSeparator)) {
      throw unreadable(`"${elementSeparator}" after "ISA" cannot be the element separator`);
    }
    let separatorIndex = start + 3;
    for (let count = 2; count <= ISA_ELEMENTS; count += 1) {
      separatorIndex = text.indexOf(elementSeparator, separatorIndex + 1);
      if (separatorIndex < 0 || separatorIndex - start > ISA_MAX_LENGTH) {
        if (separatorIndex < 0 && !atEnd && text.length - start <= ISA_MAX_LENGTH) return undefined;
        throw unreadable(`it has fewer than ${ISA_ELEMENTS} elements`);
      }
    }
    const componentIndex = separatorIndex + 1;
    const component = characterAt(text, componentIndex);
    const terminatorIndex = componentIndex + component.length;
    let terminator = characterAt(text, terminatorIndex);
    let terminatorLength = terminator.length;
    if (terminator === '\r') {
      // "\r\n" (or a bare "\r") separates segments; wait to see which.
      if (terminatorIndex + 1 >= text.length && !atEnd) return undefined;
      terminator = text[terminatorIndex + 1] === '\n' ? '\n' : '\r';
      terminatorLength = terminator === '\n' ? 2 : 1;
    }
    if (!component || !terminator) {
      if (!atEnd) return undefined;
      throw unreadable(component ? 'no segment terminator follows ISA16' : 'the input ends before ISA16');
    }
    const elements = text.slice(start, terminatorIndex).split(elementSeparator);
    if (/[\r\n]/.test(text.slice(start, terminatorIndex))) throw unreadable('a line break interrupts it');
    const version = (elements[12] ?? '').trim();
    if (!/^\d{5}$/.test(version)) throw unreadable(`ISA12 (version) "${version}" is not 5 digits; elements are missing or extra`);
    const controlNumber = (elements[13] ?? '').trim();
    if (!/^\d{1,9}$/.test(controlNumber)) throw unreadable(`ISA13 (control number) "${controlNumber}" is not a number`);
    if (/[A-Za-z0-9]/.test(terminator) || terminator === elementSeparator || terminator === component) {
      throw unreadable(`"${terminator}" after ISA16 cannot be the segment terminator`);
    }
    const isa11 = elements[11] ?? '';
    const repetition = version >= '00402' && isa11.length === 1 && !ALPHANUMERIC_OR_SPACE.test(isa11) && isa11 !== elementSeparator ? isa11 : undefined;
    return {
      delimiters: { element: elementSeparator, component, segment: terminator, ...(repetition ? { repetition } : {}) },
      elements,
      end: terminatorIndex + terminatorLength,
    };
  }
}

/** The whole character (code point) at `index`, so an astral-plane terminator is not cut in half. */
function characterAt(text: string, index: number): string {
  const codePoint = text.codePointAt(index);
  return codePoint === undefined ? '' : String.fromCodePoint(codePoint);
}

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /[\s\uFEFF]/.test(text[index] ?? '')) index += 1;
  return index;
}

function preview(text: string): string {
  const firstLine = text.split(/[\r\n]/, 1)[0] ?? '';
  return firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine;
}
