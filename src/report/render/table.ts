/**
 * Terminal tables, coloured with the caller's colours (io/colors.ts).
 *
 * Drawn here rather than by cli-table3, which they used to be and still look like: its layout pass
 * compares every cell with every cell above it, so an audit of 30,000 exceptions took ten minutes to
 * print. This draws the one layout used (a rule under the header only, columns as wide as their
 * widest cell) a row at a time.
 */
import type { ChalkInstance } from 'chalk';
import stringWidth from 'string-width';
import type { Severity } from '../../model/vocabulary.js';

const COLOR_CODE = /\u001b\[(?:\d*;){0,5}\d*m/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Terminal columns a line takes: colour codes take none, wide East Asian characters two (as cli-table3 measured). */
function lineWidth(line: string): number {
  return PRINTABLE_ASCII.test(line) ? line.length : stringWidth(line.replace(COLOR_CODE, ''));
}

function cellWidth(cell: string): number {
  return cell.includes('\n') ? Math.max(...cell.split('\n').map(lineWidth)) : lineWidth(cell);
}

/** Table rows drawn per chunk: a few hundred rows of text at a time. */
const ROWS_PER_CHUNK = 500;

/**
 * The table's text a chunk of rows at a time, for tables too large to build whole. `rows` is called
 * twice, to measure the columns and then to draw them, so it must give the same rows both times.
 * A cell may hold several lines; each line of the text ends with a newline. With no rows, `empty`
 * (when given) is the text instead of a table of just the header.
 */
export function* tableChunks(
  header: string[],
  rows: () => Iterable<string[]>,
  colors: ChalkInstance,
  options: { alignRight?: number[]; empty?: string; fit?: FitWidth } = {},
): Generator<string> {
  const allWidths = header.map((title) => cellWidth(colors.bold(title)));
  let count = 0;
  for (const row of rows()) {
    count++;
    row.forEach((cell, index) => {
      allWidths[index] = Math.max(allWidths[index] ?? 0, cellWidth(cell));
    });
  }
  if (count === 0 && options.empty !== undefined) {
    yield options.empty;
    return;
  }
  const kept = keptColumns(allWidths, options.fit);
  const pick = (row: string[]) => kept.map((index) => row[index] ?? '');
  const head = pick(header).map((title) => colors.bold(title));
  const widths = kept.map((index) => allWidths[index]!);
  const { alignRight = [] } = options;
  const right = kept.map((index) => alignRight.includes(index));
  const rule = (left: string, middle: string, end: string) => `${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${end}\n`;
  const drawLine = (cells: readonly string[]) => {
    let text = '│';
    for (let index = 0; index < widths.length; index++) {
      const content = cells[index] ?? '';
      const padding = ' '.repeat(widths[index]! - lineWidth(content));
      text += right[index] ? ` ${padding}${content} │` : ` ${content}${padding} │`;
    }
    return `${text}\n`;
  };
  // Rows of one line each are nearly all of them: drawn without splitting every cell into lines.
  const draw = (row: string[]) => {
    if (!row.some((cell) => cell.includes('\n'))) return drawLine(row);
    const cells = row.map((cell) => cell.split('\n'));
    let text = '';
    for (let line = 0, height = Math.max(...cells.map((lines) => lines.length)); line < height; line++)
      text += drawLine(cells.map((lines) => lines[line] ?? ''));
    return text;
  };

  let chunk = rule('┌', '┬', '┐') + draw(head);
  let drawn = 0;
  for (const row of rows()) {
    if (drawn === 0) chunk += rule('├', '┼', '┤');
    chunk += draw(pick(row));
    if (++drawn % ROWS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield chunk + rule('└', '┴', '┘');
  if (kept.length < header.length) {
    const left = header.filter((_, index) => !kept.includes(index));
    yield `(${left.join(', ')} left out to fit ${options.fit!.columns} columns; --wide shows them)\n`;
  }
}

/** Fitting a table to a terminal: its width, and which columns to leave out first when it is narrower. */
export interface FitWidth {
  columns: number;
  dropFirst: number[];
}

/** The columns to draw: all, or without the first of `dropFirst` until the table fits. */
function keptColumns(widths: readonly number[], fit: FitWidth | undefined): number[] {
  const kept = widths.map((_, index) => index);
  if (!fit) return kept;
  // Each cell adds a space either side and a border; the table adds one border at the end.
  const tableWidth = () => kept.reduce((sum, index) => sum + widths[index]! + 3, 1);
  for (const index of fit.dropFirst) {
    if (tableWidth() <= fit.columns) break;
    kept.splice(kept.indexOf(index), 1);
  }
  return kept;
}

/** The whole table, with no newline after its last line. */
export function renderTable(header: string[], rows: string[][], colors: ChalkInstance, alignRight: number[] = []): string {
  return [...tableChunks(header, () => rows, colors, { alignRight })].join('').slice(0, -1);
}

export function paintSeverity(colors: ChalkInstance, severity: Severity): string {
  switch (severity) {
    case 'critical':
      return colors.bold.red(severity);
    case 'high':
      return colors.red(severity);
    case 'medium':
      return colors.yellow(severity);
    default:
      return colors.dim(severity);
  }
}
