/**
 * Terminal colour for output text. Whether to colour is decided once, by the CLI, from the TTY and
 * NO_COLOR. Output without colour (pipes, files, cron) needs no chalk, so chalk is loaded only for
 * colour: `loadColors()` first, as the CLI does before it renders for a terminal.
 */
import type { ChalkInstance } from 'chalk';

/** Any chain of styles (`colors.bold.red(text)`) gives the text back unchanged, as chalk does at level 0. */
const PLAIN: ChalkInstance = new Proxy(((text: unknown) => String(text)) as ChalkInstance, { get: () => PLAIN });

let chalk: typeof import('chalk') | undefined;

export async function loadColors(): Promise<void> {
  chalk ??= await import('chalk');
}

export function makeColors(enabled: boolean): ChalkInstance {
  if (!enabled) return PLAIN;
  if (!chalk) throw new Error('colour asked for before loadColors()');
  return new chalk.Chalk({ level: 1 });
}
