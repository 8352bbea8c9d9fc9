/**
 * Streaming EDIFACT tokenizer: bytes in, segments out, one chunk at a time, so an interchange of any
 * size is read in constant memory. It knows the syntax (UNA, release character, character set) and
 * nothing about messages; envelopes and IFTSTA are read by the layers above.
 */
import { InputError } from '../errors.js';
import type { InputStream } from '../reader.js';
import { DEFAULT_SERVICE_CHARACTERS, UNA_LENGTH, decoderForSyntax, parseUna, type ChunkDecoder, type ServiceCharacters } from './syntax.js';

export interface Segment {
  /** Three upper-case letters: UNB, STS, DTM… */
  tag: string;
  /** Data elements after the tag, each split into its components; release characters are resolved. */
  elements: string[][];
  /** 1-based position in the file, counting UNB as 1 (UNA is a service string advice, not a segment). */
  index: number;
}

export type TokenizerItem =
  | { kind: 'segment'; segment: Segment }
  /** The last segment of the input has no terminator (the layer above decides whether that is fatal). */
  | { kind: 'unterminated'; segment: Segment }
  | { kind: 'warning'; message: string };

/** Component `component` (0-based) of data element `element` (0-based, after the tag), or ''. */
export function componentOf(segment: Segment, element: number, component = 0): string {
  return segment.elements[element]?.[component] ?? '';
}

/** Longer than any real segment (a free-text FTX is 5 × 512): beyond it, reading would only exhaust memory. */
const MAX_SEGMENT_LENGTH = 100_000;

/** How much of the start of the input to hold back while looking for UNA and the UNB syntax identifier. */
const HEADER_SNIFF_BYTES = 1024;

export async function* tokenize(input: InputStream, file: string): AsyncGenerator<TokenizerItem> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Array<Buffer | string> = [];
  let headText = '';
  let exhausted = false;
  while (!exhausted && !headerDecided(headText) && headText.length < HEADER_SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head.push(next.value);
    // latin1 maps every byte to one character, so the sniffed text lines up with the bytes.
    headText += typeof next.value === 'string' ? next.value : next.value.toString('latin1');
  }

  const header = sniffHeader(headText);
  const start = stripLeading(headText);
  if (!header.hasUna && !start.startsWith('UNB') && start !== '') {
    throw new InputError({ file, segment: 1 }, `not an EDIFACT interchange: it starts with "${start.slice(0, 10)}" where UNA or UNB is expected`);
  }
  const stringInput = head.some((chunk) => typeof chunk === 'string');
  let decoder: ChunkDecoder | undefined;
  if (!stringInput) {
    const choice = decoderForSyntax(header.syntaxIdentifier);
    if (!choice.ok) throw new InputError({ file, segment: 1, segmentId: 'UNB' }, choice.error);
    decoder = choice.decoder;
    if (choice.warning) yield { kind: 'warning', message: choice.warning };
  }
  const toText = (chunk: Buffer | string): string => (typeof chunk === 'string' ? chunk : (decoder?.decode(chunk) ?? chunk.toString('utf8')));

  const lineTerminated = !header.hasUna && segmentsEndAtLineBreaks(start);
  if (lineTerminated) {
    yield {
      kind: 'warning',
      message:
        "the file has no UNA and no ' segment terminator: each line is read as one segment " +
        "(a non-standard convention; ask the sender for ' terminators or a UNA that declares the line break)",
    };
  }
  const splitter = new SegmentSplitter(file, lineTerminated ? LINE_TERMINATED_SERVICE_CHARACTERS : DEFAULT_SERVICE_CHARACTERS);
  for (const chunk of head) yield* splitter.push(toText(chunk));
  if (!exhausted) {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      yield* splitter.push(toText(next.value));
    }
  }
  if (decoder) yield* splitter.push(decoder.flush());
  yield* splitter.end();
}

interface Header {
  hasUna: boolean;
  syntaxIdentifier?: string;
}

function stripLeading(text: string): string {
  return text.replace(/^(\u00ef\u00bb\u00bf|\ufeff)/, '').replace(/^\s+/, '');
}

function headerComplete(headText: string): boolean {
  const text = stripLeading(headText);
  const afterUna = text.startsWith('UNA') ? text.slice(UNA_LENGTH) : text;
  return /UNB.{6}/s.test(afterUna);
}

/**
 * Enough of the start is read to know the syntax identifier and how segments end: a UNA says so
 * itself; otherwise a ' settles it, and so do a few lines without one.
 */
function headerDecided(headText: string): boolean {
  if (!headerComplete(headText)) return false;
  const text = stripLeading(headText);
  return text.startsWith('UNA') || text.includes(DEFAULT_SERVICE_CHARACTERS.terminator) || text.split('\n').length > LINES_TO_DECIDE;
}

const LINES_TO_DECIDE = 3;

/**
 * Some senders end each segment with a line break and never write the ' terminator (nor a UNA that
 * would declare the line break). Read that way only when the start of the file has no ' and each of
 * its complete lines starts with a segment tag: a file wrapped at a fixed width breaks mid-segment.
 */
function segmentsEndAtLineBreaks(start: string): boolean {
  if (start.includes(DEFAULT_SERVICE_CHARACTERS.terminator)) return false;
  const completeLines = start
    .split('\n')
    .slice(0, -1)
    .map((line) => line.replace(/\r$/, '').trimStart())
    .filter((line) => line !== '');
  return completeLines.length > 0 && completeLines.every((line) => /^[A-Z]{3}(\+|$)/.test(line));
}

/** The defaults, with the line feed ending a segment (a CR before it is still layout). */
const LINE_TERMINATED_SERVICE_CHARACTERS: ServiceCharacters = { ...DEFAULT_SERVICE_CHARACTERS, terminator: '\n' };

/** Whether there is a UNA, and the UNB syntax identifier, read from the first bytes before decoding. */
function sniffHeader(headText: string): Header {
  const text = stripLeading(headText);
  const hasUna = text.startsWith('UNA') && text.length >= UNA_LENGTH;
  const service = hasUna ? parseUna(text.slice(0, UNA_LENGTH)) : DEFAULT_SERVICE_CHARACTERS;
  const afterUna = (hasUna ? text.slice(UNA_LENGTH) : text).replace(/^\s+/, '');
  if (!afterUna.startsWith('UNB')) return { hasUna };
  const rest = afterUna.slice(4);
  const end = [service.component, service.element, service.terminator]
    .map((delimiter) => rest.indexOf(delimiter))
    .filter((position) => position >= 0)
    .reduce((first, position) => Math.min(first, position), rest.length);
  return { hasUna, syntaxIdentifier: rest.slice(0, end) };
}

/**
 * The character-level state machine: delimiters, release character, line breaks between segments.
 * A UNA (at the start, or before each interchange of a concatenated file) is read here too, so its
 * six characters are taken verbatim and the delimiters change from the next segment on.
 */
class SegmentSplitter {
  private lineBreaksAreData = false;
  private elements: string[][] = [];
  private components: string[] = [];
  private current = '';
  private released = false;
  /** Characters of a UNA service string advice still to read, and those read so far. */
  private unaRemaining = 0;
  private unaText = '';
  private segmentCount = 0;
  /** Characters since the last terminator: a segment is far shorter than MAX_SEGMENT_LENGTH. */
  private segmentLength = 0;

  constructor(
    private readonly file: string,
    private service: ServiceCharacters,
  ) {}

  *push(text: string): Generator<TokenizerItem> {
    for (const character of text) {
      if (this.unaRemaining > 0) {
        this.readUna(character);
        continue;
      }
      const { component, element, release, terminator } = this.service;
      if (++this.segmentLength > MAX_SEGMENT_LENGTH) this.overlong();
      if (this.released) {
        this.current += character;
        this.released = false;
      } else if (character === release) {
        this.released = true;
      } else if (character === terminator) {
        const segment = this.finishSegment();
        if (segment) yield { kind: 'segment', segment };
      } else if (character === element) {
        this.finishElement();
      } else if (character === component) {
        this.components.push(this.current);
        this.current = '';
      } else if ((character === '\n' || character === '\r') && !this.lineBreaksAreData) {
        // Line breaks between (or wrapping) segments are layout, not data.
      } else {
        this.current += character;
        if (this.elements.length === 0 && this.components.length === 0 && this.current.replace(/^\s+/, '') === 'UNA') {
          this.current = '';
          this.unaText = 'UNA';
          this.unaRemaining = UNA_LENGTH - 3;
        }
      }
    }
  }

  private overlong(): never {
    const shown = this.service.terminator === '\n' ? 'a line break' : `"${this.service.terminator}"`;
    throw new InputError(
      { file: this.file, segment: this.segmentCount + 1 },
      `no segment terminator ${shown} in ${MAX_SEGMENT_LENGTH} characters: the segment is damaged or the file does not use the delimiters it declares`,
    );
  }

  private readUna(character: string): void {
    this.unaText += character;
    this.unaRemaining -= 1;
    if (this.unaRemaining > 0) return;
    this.service = parseUna(this.unaText);
    const delimiters = [this.service.component, this.service.element, this.service.release, this.service.terminator];
    this.lineBreaksAreData = delimiters.includes('\n') || delimiters.includes('\r');
  }

  *end(): Generator<TokenizerItem> {
    if (this.unaRemaining > 0) {
      throw new InputError({ file: this.file, segment: this.segmentCount + 1, segmentId: 'UNA' }, 'input ends inside the UNA service string advice');
    }
    const segment = this.finishSegment();
    // Where lines are segments, the last one needs no line break after it.
    if (segment) yield { kind: this.service.terminator === '\n' ? 'segment' : 'unterminated', segment };
  }

  private finishElement(): void {
    this.components.push(this.current);
    this.elements.push(this.components);
    this.components = [];
    this.current = '';
  }

  private finishSegment(): Segment | undefined {
    this.segmentLength = 0;
    this.finishElement();
    const [tagElement = [''], ...elements] = this.elements;
    this.elements = [];
    const rawTag = (tagElement[0] ?? '').replace(/^\s+/, '');
    if (rawTag === '' && tagElement.length === 1 && elements.length === 0) return undefined;
    this.segmentCount += 1;
    if (!/^[A-Z]{3}$/.test(rawTag) || tagElement.length > 1) {
      const shown = [tagElement.join(this.service.component), ...elements.map((parts) => parts.join(this.service.component))]
        .join(this.service.element)
        .slice(0, 20);
      throw new InputError(
        { file: this.file, segment: this.segmentCount },
        `garbled segment "${shown}": a segment must start with a three-letter tag such as STS or DTM; ` + 'the file is damaged or is not EDIFACT',
      );
    }
    return { tag: rawTag, elements, index: this.segmentCount };
  }
}
