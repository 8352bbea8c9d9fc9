import type { Command } from 'commander';
import { formatDiagnostic, hasErrors } from '../../rules/diagnostics.js';
import { loadRules } from '../../rules/load.js';
import { editorSchema } from '../../rules/schema.js';
import { ExitCode } from '../exit-codes.js';
import { emit } from '../output.js';

export function registerRules(program: Command): void {
  const rules = program.command('rules').description('validate rule files, print their JSON Schema');
  rules
    .command('check')
    .description('validate rule files: exit 1 on errors, 2 when a file cannot be read')
    .argument('<path...>', 'rule files or directories')
    .action((paths: string[]) => {
      const { diagnostics, files, rules: compiled } = loadRules(paths);
      for (const diagnostic of diagnostics) process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`${files.length} file(s), ${compiled.length} rule(s): ${errors} error(s), ${diagnostics.length - errors} warning(s)\n`);
      if (diagnostics.some((d) => d.code === 'unreadable')) process.exitCode = ExitCode.Failure;
      else process.exitCode = hasErrors(diagnostics) ? ExitCode.Findings : ExitCode.Ok;
    });
  rules
    .command('schema')
    .description('print the JSON Schema of rule files (for editors: # yaml-language-server: $schema=…)')
    .action(() => emit(`${JSON.stringify(editorSchema(), null, 2)}\n`, undefined));
}
