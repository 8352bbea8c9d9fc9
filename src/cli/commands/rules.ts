import type { Command } from 'commander';
import { hasErrors } from '../../rules/diagnostics.js';
import { FORMAT_NAMES, FORMATTERS } from '../../rules/format/index.js';
import { loadRules } from '../../rules/load.js';
import { editorSchema } from '../../rules/schema.js';
import { colorWanted, makeColors } from '../../report/render/table.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { choice } from '../options.js';
import { emit } from '../output.js';

interface CheckFlags {
  format: string;
  out?: string;
  maxWarnings?: string;
}

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('validate rule files, print their JSON Schema');
  rules
    .command('check')
    .description('validate rule and configuration files: exit 1 on errors, 2 when a file cannot be read')
    .argument('<path...>', 'rule files or directories')
    .option('--format <format>', `output format: ${FORMAT_NAMES.join(', ')}`, 'stylish')
    .option('--out <file>', 'write the report to a file (e.g. junit.xml)')
    .option('--max-warnings <n>', 'also exit 1 when there are more warnings than this')
    .action((paths: string[], flags: CheckFlags) => {
      const format = choice('--format', flags.format, FORMAT_NAMES);
      const maxWarnings = flags.maxWarnings === undefined ? Infinity : Number(flags.maxWarnings);
      if (!Number.isInteger(maxWarnings) && maxWarnings !== Infinity) throw new UsageError(`--max-warnings: "${flags.maxWarnings}" is not a whole number`);
      const { diagnostics, files } = loadRules(paths);
      const colors = makeColors(!flags.out && format === 'stylish' && colorWanted(process.stdout));
      emit(FORMATTERS[format]({ files, diagnostics }, colors), flags.out);
      const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
      if (diagnostics.some((d) => d.code === 'unreadable')) process.exitCode = ExitCode.Failure;
      else if (hasErrors(diagnostics) || warnings > maxWarnings) process.exitCode = ExitCode.Findings;
      else process.exitCode = ExitCode.Ok;
    });
  rules
    .command('schema')
    .description('print the JSON Schema of rule files (for editors: # yaml-language-server: $schema=…)')
    .action(() => emit(`${JSON.stringify(editorSchema(), null, 2)}\n`, undefined));
}
