/**
 * Envelopes: UNB…UNZ (interchange), UNG…UNE (functional group), UNH…UNT (message). Hands each
 * complete message to the layer above and checks the control counts and references on the way.
 * A count or reference that does not match is a warning naming the envelope: the data inside is
 * intact, and refusing it would only make the user edit a carrier's file by hand. Input that stops
 * before UNT or UNZ is truncated and fails the file, because what is missing cannot be known.
 */
import { InputError, type InputWarning } from '../errors.js';
import type { InputStream } from '../reader.js';
import { componentOf, tokenize, type Segment } from './tokenizer.js';

export interface InterchangeInfo {
  /** UNB interchange sender id (S002/0004): the trading partner for code overrides. */
  sender: string;
  reference: string;
}

export interface Message {
  /** UNH message reference number (0062). */
  reference: string;
  /** UNH message type (S009/0065), e.g. IFTSTA. */
  type: string;
  /** `D:00B:UN` etc., for messages. */
  version: string;
  header: Segment;
  /** The segments between UNH and UNT. */
  body: Segment[];
  interchange: InterchangeInfo;
}

export type EnvelopeItem = { kind: 'message'; message: Message } | { kind: 'warning'; warning: InputWarning };

interface OpenInterchange {
  info: InterchangeInfo;
  unb: Segment;
  messages: number;
  groups: number;
}

interface OpenGroup {
  reference: string;
  ung: Segment;
  messages: number;
}

interface OpenMessage {
  header: Segment;
  body: Segment[];
}

const TRUNCATED_ADVICE = 'the interchange is truncated; ask the sender for the complete file';

export async function* readEnvelopes(input: InputStream, file: string): AsyncGenerator<EnvelopeItem> {
  let interchange: OpenInterchange | undefined;
  let group: OpenGroup | undefined;
  let message: OpenMessage | undefined;
  let last: Segment | undefined;
  let firstSyntax: string | undefined;

  const at = (segment: Segment) => ({ file, segment: segment.index, segmentId: segment.tag });
  const warn = (segment: Segment, text: string): EnvelopeItem => ({
    kind: 'warning',
    warning: { position: at(segment), message: text },
  });

  function* closeMessage(trailer: Segment | undefined): Generator<EnvelopeItem> {
    if (!message || !interchange) return;
    const open = message;
    message = undefined;
    const reference = componentOf(open.header, 0);
    const identifier = open.header.elements[1] ?? [];
    const name = `message ${reference} (UNH at segment ${open.header.index})`;
    if (!trailer) {
      yield warn(open.header, `${name} has no UNT; it ends where the next envelope starts`);
    } else {
      const declared = componentOf(trailer, 0);
      const actual = open.body.length + 2;
      if (declared !== String(actual)) {
        yield warn(trailer, `${name}: UNT says ${declared || 'nothing'} segments, the message has ${actual} (UNH to UNT)`);
      }
      const trailerReference = componentOf(trailer, 1);
      if (trailerReference !== reference) {
        yield warn(trailer, `${name}: UNT reference "${trailerReference}" does not match UNH reference "${reference}"`);
      }
    }
    interchange.messages += 1;
    if (group) group.messages += 1;
    yield {
      kind: 'message',
      message: {
        reference,
        type: (identifier[0] ?? '').toUpperCase(),
        version: identifier.slice(1, 4).join(':'),
        header: open.header,
        body: open.body,
        interchange: interchange.info,
      },
    };
  }

  function* closeGroup(trailer: Segment | undefined): Generator<EnvelopeItem> {
    if (!group || !interchange) return;
    const open = group;
    group = undefined;
    interchange.groups += 1;
    const name = `functional group ${open.reference} (UNG at segment ${open.ung.index})`;
    if (!trailer) {
      yield warn(open.ung, `${name} has no UNE`);
      return;
    }
    const declared = componentOf(trailer, 0);
    if (declared !== String(open.messages)) {
      yield warn(trailer, `${name}: UNE says ${declared || 'nothing'} messages, the group has ${open.messages}`);
    }
    const trailerReference = componentOf(trailer, 1);
    if (trailerReference !== open.reference) {
      yield warn(trailer, `${name}: UNE reference "${trailerReference}" does not match UNG reference "${open.reference}"`);
    }
  }

  function* closeInterchange(trailer: Segment): Generator<EnvelopeItem> {
    if (!interchange) return;
    const open = interchange;
    const name = `interchange ${open.info.reference} (UNB at segment ${open.unb.index})`;
    const declared = componentOf(trailer, 0);
    const [counted, unit] = open.groups > 0 ? [open.groups, 'functional groups'] : [open.messages, 'messages'];
    if (declared !== String(counted)) {
      yield warn(trailer, `${name}: UNZ says ${declared || 'nothing'} ${unit}, the interchange has ${counted}`);
    }
    const trailerReference = componentOf(trailer, 1);
    if (trailerReference !== open.info.reference) {
      yield warn(trailer, `${name}: UNZ reference "${trailerReference}" does not match UNB reference "${open.info.reference}"`);
    }
    interchange = undefined;
  }

  function* handle(segment: Segment): Generator<EnvelopeItem> {
    if (!interchange) {
      if (segment.tag !== 'UNB') {
        throw new InputError(at(segment), `expected UNB (interchange header) but found ${segment.tag}: an EDIFACT interchange starts with UNA or UNB`);
      }
      const syntax = componentOf(segment, 0).toUpperCase();
      firstSyntax ??= syntax;
      if (syntax !== firstSyntax) {
        yield warn(
          segment,
          `this interchange declares character set ${syntax}, but the file is decoded as ${firstSyntax}, ` +
            'the character set of its first interchange; send interchanges in different character sets as separate files',
        );
      }
      interchange = {
        info: { sender: componentOf(segment, 1), reference: componentOf(segment, 4) },
        unb: segment,
        messages: 0,
        groups: 0,
      };
      return;
    }
    switch (segment.tag) {
      case 'UNB':
        yield* closeMessage(undefined);
        yield* closeGroup(undefined);
        yield warn(segment, `interchange ${interchange.info.reference} has no UNZ before the next UNB`);
        interchange = undefined;
        yield* handle(segment);
        return;
      case 'UNG':
        yield* closeMessage(undefined);
        yield* closeGroup(undefined);
        group = { reference: componentOf(segment, 4), ung: segment, messages: 0 };
        return;
      case 'UNE':
        yield* closeMessage(undefined);
        if (group) yield* closeGroup(segment);
        else yield warn(segment, 'UNE without a UNG is ignored');
        return;
      case 'UNH':
        yield* closeMessage(undefined);
        message = { header: segment, body: [] };
        return;
      case 'UNT':
        if (message) yield* closeMessage(segment);
        else yield warn(segment, 'UNT without a UNH is ignored');
        return;
      case 'UNZ':
        yield* closeMessage(undefined);
        yield* closeGroup(undefined);
        yield* closeInterchange(segment);
        return;
      default:
        if (message) message.body.push(segment);
        else yield warn(segment, `${segment.tag} outside a message (not between UNH and UNT) is ignored`);
    }
  }

  for await (const item of tokenize(input, file)) {
    if (item.kind === 'warning') {
      yield { kind: 'warning', warning: { position: { file, segment: 1, segmentId: 'UNB' }, message: item.message } };
      continue;
    }
    const segment = item.segment;
    if (item.kind === 'unterminated') {
      // A missing final terminator after a complete UNZ loses nothing; anywhere else the input stopped early.
      if (segment.tag !== 'UNZ' || message) {
        throw new InputError(at(segment), `input ends inside segment ${segment.tag} (no segment terminator): ${TRUNCATED_ADVICE}`);
      }
      yield warn(segment, 'the last segment (UNZ) has no segment terminator');
    }
    last = segment;
    yield* handle(segment);
  }

  if (!last) throw new InputError({ file }, 'the input is empty: no EDIFACT interchange (UNA/UNB) found');
  if (message) {
    const reference = componentOf(message.header, 0);
    throw new InputError(at(last), `input ends inside message ${reference} (no UNT after segment ${last.index}): ${TRUNCATED_ADVICE}`);
  }
  if (interchange) {
    throw new InputError(at(last), `input ends without UNZ for interchange ${interchange.info.reference}: ${TRUNCATED_ADVICE}`);
  }
}
