/**
 * `--format` for every command that prints: its choices, default and help come from the command's
 * format registry (io/output-format.ts), an unknown name is the same one-line error everywhere, and
 * what a format renders is written the same way (stdout, or --out replaced whole).
 */
import type { Command } from 'commander';
import { loadColors } from '../io/colors.js';
import type { FormatRegistry, OutputFormat, OutputOptions, Rendered } from '../io/output-format.js';
import { UsageError } from './exit-codes.js';
import type { CliRun } from './io.js';
import { csvDelimiter } from './options.js';
import { emitChunks } from './output.js';

/** `--format <format>`, defaulting to the registry's first format; help lists each with its description. */
export function addFormatOption(command: Command, formats: FormatRegistry<never>): Command {
  const help = formats.map((format) => `${format.name} (${format.description})`).join(', ');
  return command.option('--format <format>', `output format: ${help}`, formats[0].name);
}

export function chooseFormat<Result>(formats: FormatRegistry<Result>, name: string): OutputFormat<Result> {
  const format = formats.find((each) => each.name === name);
  if (!format) throw new UsageError(`--format: "${name}" is not one of ${formats.map((each) => each.name).join(', ')}`);
  return format;
}

/** The flags that say how output is wanted, as every format reads them; --delimiter is checked here. */
export async function outputOptions(
  run: CliRun,
  flags: { out?: string; excel?: boolean; raw?: boolean; delimiter?: string; wide?: boolean },
): Promise<OutputOptions> {
  const color = run.colorOnStdout(flags.out);
  if (color) await loadColors();
  return {
    color,
    terminalColumns: flags.wide ? undefined : run.terminalColumns(flags.out),
    csv: { excel: flags.excel, raw: flags.raw, delimiter: csvDelimiter(flags.delimiter) },
  };
}

/** The format's output of `result`, written to stdout or `out`. */
export async function printFormatted<Result>(
  run: CliRun,
  format: OutputFormat<Result>,
  result: Result,
  options: OutputOptions,
  out: string | undefined,
): Promise<void> {
  emitRendered(run, await format.render(result, options), out);
}

/** A rendered text or its pieces, written to stdout or `out` (a string is one piece, not its characters). */
export function emitRendered(run: CliRun, rendered: Rendered, out: string | undefined): void {
  emitChunks(run, typeof rendered === 'string' ? [rendered] : rendered, out);
}
