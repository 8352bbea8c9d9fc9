/**
 * The service characters of an interchange (UNA) and the character set its bytes are in (UNB syntax
 * identifier). Both are read from the first bytes, before any text is decoded.
 */

/** The six characters UNA declares; without a UNA, ISO 9735 defaults apply (`:+.? '`). */
export interface ServiceCharacters {
  component: string;
  element: string;
  decimal: string;
  release: string;
  /** "Reserved" in syntax 3 (a space), the repetition separator in syntax 4; not used to split data. */
  repetition: string;
  terminator: string;
}

export const DEFAULT_SERVICE_CHARACTERS: ServiceCharacters = {
  component: ':',
  element: '+',
  decimal: '.',
  release: '?',
  repetition: ' ',
  terminator: "'",
};

/** `UNA` plus its six characters. */
export const UNA_LENGTH = 9;

export function parseUna(una: string): ServiceCharacters {
  return {
    component: una.charAt(3),
    element: una.charAt(4),
    decimal: una.charAt(5),
    release: una.charAt(6),
    repetition: una.charAt(7),
    terminator: una.charAt(8),
  };
}

/** Turns bytes into text, chunk by chunk, without splitting a multi-byte character across chunks. */
export interface ChunkDecoder {
  decode(bytes: Buffer): string;
  /** Whatever is left of an incomplete character at the end of the input. */
  flush(): string;
}

/**
 * Syntax identifier (UNB S001, data element 0001) → how to decode. Sources: ISO 9735 code list 0001
 * (UNOA/UNOB are ISO 646 subsets, UNOC–UNOL the ISO/IEC 8859 parts below, UNOW is UTF-8).
 * UNOA/UNOB are read as UTF-8: both are 7-bit, so a conforming file decodes the same either way, and
 * UTF-8 is what non-conforming senders actually put in them.
 */
const ENCODING_BY_SYNTAX: Readonly<Record<string, string>> = {
  UNOA: 'utf-8',
  UNOB: 'utf-8',
  UNOC: 'iso-8859-1',
  UNOD: 'iso-8859-2',
  UNOE: 'iso-8859-5',
  UNOF: 'iso-8859-7',
  UNOG: 'iso-8859-3',
  UNOH: 'iso-8859-4',
  UNOI: 'iso-8859-6',
  UNOJ: 'iso-8859-8',
  UNOK: 'iso-8859-9',
  UNOL: 'iso-8859-15',
  UNOW: 'utf-8',
};

/** Character sets logex cannot decode: refusing them beats reading garbage. */
const UNSUPPORTED_SYNTAX: Readonly<Record<string, string>> = {
  UNOX: 'ISO 2022 code extension (escape sequences)',
  UNOY: 'ISO 10646-1 octets without code extension',
};

export type DecoderChoice = { ok: true; decoder: ChunkDecoder; encoding: string; warning?: string } | { ok: false; error: string };

export function decoderForSyntax(syntaxIdentifier: string | undefined): DecoderChoice {
  const syntax = (syntaxIdentifier ?? '').trim().toUpperCase();
  const unsupported = UNSUPPORTED_SYNTAX[syntax];
  if (unsupported) {
    return {
      ok: false,
      error: `character set ${syntax} (${unsupported}) is not supported; ask the sender for UNOC (ISO-8859-1) or UNOW (UTF-8)`,
    };
  }
  const encoding = ENCODING_BY_SYNTAX[syntax];
  if (encoding) return { ok: true, decoder: makeDecoder(encoding), encoding };
  return {
    ok: true,
    decoder: makeDecoder('utf-8'),
    encoding: 'utf-8',
    warning: syntax ? `unknown syntax identifier "${syntax}" in UNB; the text is read as UTF-8` : 'UNB names no syntax identifier; the text is read as UTF-8',
  };
}

function makeDecoder(encoding: string): ChunkDecoder {
  // WHATWG TextDecoder treats "iso-8859-1" as windows-1252; Node's latin1 is the real ISO-8859-1.
  if (encoding === 'iso-8859-1') return { decode: (bytes) => bytes.toString('latin1'), flush: () => '' };
  const decoder = new TextDecoder(encoding);
  return {
    decode: (bytes) => decoder.decode(bytes, { stream: true }),
    flush: () => decoder.decode(),
  };
}
