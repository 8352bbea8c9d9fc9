/**
 * ISA/GS/ST…SE/GE/IEA envelopes: groups segments into transaction sets and checks the trailers' counts
 * and control numbers. A count or number that does not match is a warning naming the envelope (the data
 * is all there); a trailer missing in mid-file is a warning too (the next header shows where the envelope
 * ended). Input that ends inside an envelope is truncated: that throws, since data may be missing.
 */
import { InputError, type InputWarning } from '../errors.js';
import { element, type Segment } from './tokenizer.js';

export interface InterchangeInfo {
  /** ISA06, trimmed: identifies the trading partner when a message names no SCAC. */
  senderId: string;
  controlNumber: string;
  position: number;
}

export interface TransactionSet {
  /** ST01: "214", "315", … */
  id: string;
  controlNumber: string;
  /** ST through SE (without SE when a following header closed the set). */
  segments: Segment[];
  interchange: InterchangeInfo;
  /** GS04 and GS05 of its functional group: when the sender built the group, the events' receipt time. */
  groupSent?: { date: string; time: string };
}

export type EnvelopeItem =
  { type: 'transaction'; transaction: TransactionSet } | { type: 'warning'; warning: InputWarning } | { type: 'reject'; error: InputError };

interface OpenGroup {
  header: Segment;
  controlNumber: string;
  transactionCount: number;
}

export async function* readEnvelopes(segments: AsyncIterable<Segment>, file: string): AsyncGenerator<EnvelopeItem> {
  const tracker = new EnvelopeTracker(file);
  for await (const segment of segments) yield* tracker.accept(segment);
  tracker.finish();
}

class EnvelopeTracker {
  private interchange: (InterchangeInfo & { header: Segment; groupCount: number }) | undefined;
  private group: OpenGroup | undefined;
  private transaction: TransactionSet | undefined;
  private lastSegment: Segment | undefined;

  constructor(private readonly file: string) {}

  *accept(segment: Segment): Generator<EnvelopeItem> {
    this.lastSegment = segment;
    switch (segment.id) {
      case 'ISA':
        yield* this.closeInterchangeImplicitly(segment);
        this.interchange = {
          header: segment,
          senderId: element(segment, 6),
          controlNumber: element(segment, 13),
          position: segment.position,
          groupCount: 0,
        };
        return;
      case 'GS': {
        const interchange = this.requireInterchange(segment);
        yield* this.closeGroupImplicitly(segment);
        interchange.groupCount += 1;
        this.group = { header: segment, controlNumber: element(segment, 6), transactionCount: 0 };
        return;
      }
      case 'ST': {
        const interchange = this.requireInterchange(segment);
        yield* this.closeTransactionImplicitly(segment);
        if (!this.group) {
          throw new InputError(this.position(segment), 'ST outside a functional group: the GS header before it is missing');
        }
        this.group.transactionCount += 1;
        const groupSent = { date: element(this.group.header, 4), time: element(this.group.header, 5) };
        this.transaction = { id: element(segment, 1), controlNumber: element(segment, 2), segments: [segment], interchange, groupSent };
        return;
      }
      case 'SE':
        yield* this.closeTransaction(segment);
        return;
      case 'GE':
        yield* this.closeTransactionImplicitly(segment);
        yield* this.closeGroup(segment);
        return;
      case 'IEA':
        yield* this.closeGroupImplicitly(segment);
        yield* this.closeInterchange(segment);
        return;
      default:
        if (this.transaction) {
          this.transaction.segments.push(segment);
        } else {
          yield this.reject(segment, `${segment.id} outside a transaction set (not between ST and SE); it cannot be read`);
        }
    }
  }

  /** Input ended: every envelope must have been closed, or the file was cut short. */
  finish(): void {
    const open = this.transaction
      ? `transaction set ${this.transaction.id} #${this.transaction.controlNumber} (ST at segment ${this.transaction.segments[0]?.position}) has no SE`
      : this.group
        ? `functional group #${this.group.controlNumber} (GS at segment ${this.group.header.position}) has no GE`
        : this.interchange
          ? `interchange #${this.interchange.controlNumber} (ISA at segment ${this.interchange.position}) has no IEA`
          : undefined;
    if (open && this.lastSegment) {
      throw new InputError(this.position(this.lastSegment), `the input ends here but ${open}: the file is truncated; ask the sender to resend it`);
    }
  }

  private requireInterchange(segment: Segment): InterchangeInfo & { header: Segment; groupCount: number } {
    // The tokenizer only lets a file start (and continue after IEA) with ISA, so this is a safety net.
    if (!this.interchange) throw new InputError(this.position(segment), `${segment.id} outside an interchange (no ISA before it)`);
    return this.interchange;
  }

  private *closeTransaction(trailer: Segment): Generator<EnvelopeItem> {
    const transaction = this.transaction;
    if (!transaction) {
      yield this.reject(trailer, 'SE without a matching ST');
      return;
    }
    transaction.segments.push(trailer);
    this.transaction = undefined;
    const name = `transaction set ${transaction.id} #${transaction.controlNumber} (ST at segment ${transaction.segments[0]?.position})`;
    yield* this.checkCount(trailer, 1, 'segments', transaction.segments.length, name);
    yield* this.checkControlNumber(trailer, 2, 'ST02', transaction.controlNumber, name);
    yield { type: 'transaction', transaction };
  }

  private *closeGroup(trailer: Segment): Generator<EnvelopeItem> {
    const group = this.group;
    if (!group) {
      yield this.reject(trailer, 'GE without a matching GS');
      return;
    }
    this.group = undefined;
    const name = `functional group #${group.controlNumber} (GS at segment ${group.header.position})`;
    yield* this.checkCount(trailer, 1, 'transaction sets', group.transactionCount, name);
    yield* this.checkControlNumber(trailer, 2, 'GS06', group.controlNumber, name);
  }

  private *closeInterchange(trailer: Segment): Generator<EnvelopeItem> {
    const interchange = this.requireInterchange(trailer);
    this.interchange = undefined;
    const name = `interchange #${interchange.controlNumber} (ISA at segment ${interchange.position})`;
    yield* this.checkCount(trailer, 1, 'functional groups', interchange.groupCount, name);
    yield* this.checkControlNumber(trailer, 2, 'ISA13', interchange.controlNumber, name);
  }

  private *closeTransactionImplicitly(next: Segment): Generator<EnvelopeItem> {
    const transaction = this.transaction;
    if (!transaction) return;
    this.transaction = undefined;
    yield this.warn(
      next,
      `transaction set ${transaction.id} #${transaction.controlNumber} (ST at segment ${transaction.segments[0]?.position}) has no SE; read up to this ${next.id}`,
    );
    yield { type: 'transaction', transaction };
  }

  private *closeGroupImplicitly(next: Segment): Generator<EnvelopeItem> {
    yield* this.closeTransactionImplicitly(next);
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    yield this.warn(next, `functional group #${group.controlNumber} (GS at segment ${group.header.position}) has no GE; it ends at this ${next.id}`);
  }

  private *closeInterchangeImplicitly(next: Segment): Generator<EnvelopeItem> {
    yield* this.closeGroupImplicitly(next);
    const interchange = this.interchange;
    if (!interchange) return;
    this.interchange = undefined;
    yield this.warn(next, `interchange #${interchange.controlNumber} (ISA at segment ${interchange.position}) has no IEA; it ends at this ISA`);
  }

  private *checkCount(trailer: Segment, index: number, what: string, actual: number, name: string): Generator<EnvelopeItem> {
    const label = `${trailer.id}${String(index).padStart(2, '0')}`;
    const { value, junk } = leadingToken(trailer.elements[index] ?? '');
    if (junk) yield this.warn(trailer, `${label} "${trailer.elements[index]}" has text after the number; read as ${value}`);
    if (!/^\d+$/.test(value)) {
      yield this.warn(trailer, `${label} "${value}" is not a count; the number of ${what} in ${name} is not checked`);
    } else if (Number(value) !== actual) {
      yield this.warn(trailer, `${label} says ${Number(value)} ${what} but ${name} has ${actual}`);
    }
  }

  private *checkControlNumber(trailer: Segment, index: number, headerLabel: string, expected: string, name: string): Generator<EnvelopeItem> {
    const label = `${trailer.id}${String(index).padStart(2, '0')}`;
    const { value, junk } = leadingToken(trailer.elements[index] ?? '');
    if (junk) yield this.warn(trailer, `${label} "${trailer.elements[index]}" has text after the control number; read as "${value}"`);
    if (!sameControlNumber(value, expected)) {
      yield this.warn(trailer, `${label} control number "${value}" does not match ${headerLabel} "${expected}" of ${name}`);
    }
  }

  private position(segment: Segment) {
    return { file: this.file, segment: segment.position, segmentId: segment.id };
  }

  private warn(segment: Segment, message: string): EnvelopeItem {
    return { type: 'warning', warning: { position: this.position(segment), message } };
  }

  private reject(segment: Segment, detail: string): EnvelopeItem {
    return { type: 'reject', error: new InputError(this.position(segment), detail) };
  }
}

/** "001 N/L" → value "001", junk "N/L": some senders append notes after a trailer's numbers. */
function leadingToken(raw: string): { value: string; junk: string } {
  const [, value = '', junk = ''] = /^\s*(\S*)\s*(.*)$/s.exec(raw) ?? [];
  return { value, junk: junk.trim() };
}

/** Control numbers are numeric, and senders zero-pad them differently ("1644" vs "000001644"). */
function sameControlNumber(a: string, b: string): boolean {
  return /^\d+$/.test(a) && /^\d+$/.test(b) ? BigInt(a) === BigInt(b) : a === b;
}
