/**
 * Positions in JSON text, which JSON.parse does not give: where each element of the events array
 * starts (so a bad event is reported at its line), and where a syntax error is (so a broken file is
 * reported at line:col, whatever wording the JavaScript engine uses).
 * A single pass over the text that checks the grammar without building values.
 */

export class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

/** Deep enough for any DCSA message; bounds the recursion on hostile input. */
const MAX_DEPTH = 256;

/**
 * Offsets where the elements of the array at `arrayPath` start: `[]` is a root array,
 * `['events']` the array under the root object's "events". Throws JsonSyntaxError on invalid JSON.
 */
export function scanJson(text: string, arrayPath: readonly string[]): number[] {
  const scanner = new Scanner(text, arrayPath);
  scanner.document();
  return scanner.elementOffsets;
}

/** 1-based line and column of an offset, with the line starts computed once. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let offset = text.indexOf('\n'); offset >= 0; offset = text.indexOf('\n', offset + 1)) {
      this.lineStarts.push(offset + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

class Scanner {
  readonly elementOffsets: number[] = [];
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly target: readonly string[],
  ) {}

  document(): void {
    this.whitespace();
    this.value([], 0);
    this.whitespace();
    if (this.position < this.text.length) this.fail('unexpected text after the end of the JSON value');
  }

  /** `path` is the chain of keys from the root while it can still lead to the target array. */
  private value(path: readonly string[] | undefined, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`nested more than ${MAX_DEPTH} levels deep`);
    const character = this.text[this.position];
    if (character === '{') this.object(path, depth);
    else if (character === '[') this.array(path, depth);
    else if (character === '"') this.string();
    else if (character === '-' || (character !== undefined && character >= '0' && character <= '9')) this.number();
    else if (character === undefined) this.fail('unexpected end of input (the file is cut short?)');
    else this.literal();
  }

  private object(path: readonly string[] | undefined, depth: number): void {
    this.position += 1;
    this.whitespace();
    if (this.text[this.position] === '}') {
      this.position += 1;
      return;
    }
    for (;;) {
      if (this.text[this.position] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.whitespace();
      if (this.text[this.position] !== ':') this.fail(`expected ':' after the property name "${key}"`);
      this.position += 1;
      this.whitespace();
      const leadsToTarget = path !== undefined && path.length < this.target.length && this.target[path.length] === key;
      this.value(leadsToTarget ? [...path, key] : undefined, depth + 1);
      if (!this.more('}', 'a property value')) return;
    }
  }

  private array(path: readonly string[] | undefined, depth: number): void {
    const recording = path !== undefined && path.length === this.target.length;
    this.position += 1;
    this.whitespace();
    if (this.text[this.position] === ']') {
      this.position += 1;
      return;
    }
    for (;;) {
      if (recording) this.elementOffsets.push(this.position);
      this.value(undefined, depth + 1);
      if (!this.more(']', 'an array element')) return;
    }
  }

  /** After a member: true at ',' (another follows), false at the closing bracket; anything else is an error. */
  private more(close: '}' | ']', after: string): boolean {
    this.whitespace();
    const next = this.text[this.position];
    if (next === ',') {
      this.position += 1;
      this.whitespace();
      return true;
    }
    if (next === close) {
      this.position += 1;
      return false;
    }
    this.fail(`expected ',' or '${close}' after ${after}`);
  }

  /** Returns the raw text between the quotes (escapes left as written), enough to compare keys. */
  private string(): string {
    const start = this.position + 1;
    this.position = start;
    for (;;) {
      const character = this.text[this.position];
      if (character === undefined) this.fail('unterminated string (missing closing ")');
      if (character === '"') break;
      if (character === '\\') {
        ESCAPE.lastIndex = this.position;
        if (!ESCAPE.test(this.text)) this.fail('invalid escape sequence in a string');
        this.position = ESCAPE.lastIndex;
        continue;
      }
      if (character < ' ') this.fail('unescaped control character (e.g. a line break) inside a string');
      this.position += 1;
    }
    const raw = this.text.slice(start, this.position);
    this.position += 1;
    return raw;
  }

  private number(): void {
    NUMBER.lastIndex = this.position;
    if (!NUMBER.test(this.text)) this.fail('invalid number');
    this.position = NUMBER.lastIndex;
  }

  private literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return;
      }
    }
    this.fail(`unexpected character ${JSON.stringify(this.text[this.position])}`);
  }

  private whitespace(): void {
    while (/[ \t\n\r]/.test(this.text[this.position] ?? '')) this.position += 1;
  }

  private fail(message: string): never {
    throw new JsonSyntaxError(this.position, message);
  }
}
