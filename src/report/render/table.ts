/** Terminal tables. Colour is decided once, by the caller, from the TTY and NO_COLOR. */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Severity } from '../../model/vocabulary.js';

export function makeColors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}

/** Colour only for a terminal, never when NO_COLOR is set (https://no-color.org). */
export function colorWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

export function renderTable(header: string[], rows: string[][], colors: ChalkInstance, alignRight: number[] = []): string {
  const table = new Table({
    head: header.map((title) => colors.bold(title)),
    // cli-table3 colours the head red by default; plain text when colour is off.
    style: { head: [], border: [], compact: true },
    colAligns: header.map((_, index) => (alignRight.includes(index) ? 'right' : 'left')),
    wordWrap: false,
  });
  table.push(...rows);
  return table.toString();
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
