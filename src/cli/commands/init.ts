import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { StarterExists, writeStarterConfig } from '../../rules/starter.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { emit } from '../output.js';

export function registerInit(program: Command, run: CliRun): void {
  program
    .command('init')
    .description('write a starter configuration (rules for every check kind with tests, SLAs, scoring, teams, ownership, root causes, a mapping profile)')
    .argument('[dir]', 'folder to write into', '.')
    .action((dir: string) => {
      let written: string[];
      try {
        written = writeStarterConfig(dir);
      } catch (error) {
        if (error instanceof StarterExists) throw new UsageError(error.message);
        throw error;
      }
      const rules = `${dir.replace(/\/$/, '')}/rules`;
      emit(
        run,
        `${written.map((file) => `created ${file}`).join('\n')}\n\nNext:\n` +
          `  logex rules check ${rules}          # validate (CI: --format junit)\n` +
          `  logex rules test ${rules}           # run the rule tests\n` +
          `  logex audit --plans plans.csv --events events.csv --rules ${rules}\n`,
        undefined,
      );
      run.exitCode = ExitCode.Ok;
    });
}
