/**
 * The one shape of an output format, shared by every command that prints (audit, report, cases,
 * rules check and test, db check, locations). Each command keeps a registry of its formats beside
 * its renderers; the CLI takes `--format`'s choices, default (the first) and help from it
 * (src/cli/formatters.ts), so a format added to a registry is offered everywhere it applies.
 */
import type { CsvOptions } from './csv/write.js';

/** A format's output: the whole text, or pieces written as they are produced (reports too large to build whole). */
export type Rendered = string | Iterable<string>;

/** How the output is wanted, whatever the format; each format uses what applies to it. */
export interface OutputOptions {
  /** Colour codes allowed: a terminal that did not set NO_COLOR, and no --out. */
  color: boolean;
  /** A terminal's width when the output goes to one, for tables that fit it; undefined for files and pipes. */
  terminalColumns?: number;
  /** --excel, --raw, --delimiter. */
  csv: CsvOptions;
}

export interface OutputFormat<Result> {
  /** What `--format` takes. */
  readonly name: string;
  /** A few words for `--help`. */
  readonly description: string;
  /** A promise for formats that load a large library first (HTML's charts). */
  render(result: Result, options: OutputOptions): Rendered | Promise<Rendered>;
}

/** A command's formats; the first is its default. */
export type FormatRegistry<Result> = readonly [OutputFormat<Result>, ...OutputFormat<Result>[]];
