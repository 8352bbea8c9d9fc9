import type { CliRun } from '../io.js';
import type { Command } from 'commander';
import { hasErrors } from '../../io/diagnostics.js';
import { CHECK_FORMATS } from '../../rules/format/index.js';
import { loadMapping } from '../../io/mapping/load.js';
import { loadRules } from '../../rules/load.js';
import { EDITOR_SCHEMAS, schemaText, type SchemaFiles } from '../../rules/editor-schemas.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { choice, flagNumber } from '../options.js';
import { emit } from '../output.js';
import { addFormatOption, chooseFormat, outputOptions, printFormatted } from '../formatters.js';
import { findRuleTestFiles, runRuleTestFile } from '../../pipeline/rule-tests.js';
import { RULE_TEST_FORMATS } from '../../rules/format/tests.js';
import { sectionValue } from '../../rules/sections/section.js';
import { scoringSection } from '../../rules/sections/scoring.js';
import { slasSection } from '../../rules/sections/slas.js';
import { loadRulesOrFail } from './rules-loading.js';

interface CheckFlags {
  format: string;
  out?: string;
  maxWarnings?: string;
  mapping?: string[];
}

export function registerRules(program: Command, run: CliRun): void {
  const rules = program.command('rules').description('validate and test rule files, print their JSON Schema');
  const check = rules
    .command('check')
    .description('validate rule and configuration files, and mapping files: exit 1 on errors, 2 when a file cannot be read')
    .argument('[path...]', 'rule files or directories')
    .option('--mapping <file...>', 'mapping files to validate too (what audit --mapping would read)');
  addFormatOption(check, CHECK_FORMATS)
    .option('--out <file>', 'write the report to a file (e.g. junit.xml)')
    .option('--max-warnings <n>', 'also exit 1 when there are more warnings than this')
    .action(async (paths: string[], flags: CheckFlags) => {
      const format = chooseFormat(CHECK_FORMATS, flags.format);
      const maxWarnings = flags.maxWarnings === undefined ? Infinity : flagNumber('--max-warnings', flags.maxWarnings, { whole: true });
      if (paths.length === 0 && !flags.mapping) throw new UsageError('nothing to check: pass rule files or directories, or --mapping files');
      const rulesChecked = paths.length > 0 ? loadRules(paths) : { files: [], diagnostics: [] };
      const mappings = (flags.mapping ?? []).map((file) => ({ file, diagnostics: loadMapping(file).diagnostics }));
      const files = [...rulesChecked.files, ...mappings.filter((m) => !m.diagnostics.some((d) => d.code === 'unreadable')).map((m) => m.file)];
      const diagnostics = [...rulesChecked.diagnostics, ...mappings.flatMap((m) => m.diagnostics)];
      await printFormatted(run, format, { files, diagnostics }, await outputOptions(run, flags), flags.out);
      const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
      if (diagnostics.some((d) => d.code === 'unreadable')) run.exitCode = ExitCode.Failure;
      else if (hasErrors(diagnostics) || warnings > maxWarnings) run.exitCode = ExitCode.Findings;
      else run.exitCode = ExitCode.Ok;
    });
  registerRulesTest(rules, run);
  rules
    .command('schema')
    .description('print the JSON Schema of rule files, or of mapping files (for editors: # yaml-language-server: $schema=…)')
    .argument('[files]', `whose schema: ${Object.keys(EDITOR_SCHEMAS).join(' or ')}`, 'rules')
    .action((files: string) => emit(run, schemaText(choice('schema', files, Object.keys(EDITOR_SCHEMAS) as SchemaFiles[])), undefined));
}

interface TestFlags {
  format: string;
  out?: string;
}

/** `logex rules test PATH...`: rules from the paths, test cases from the `*.test.yaml` files among them. */
export function registerRulesTest(rules: Command, run: CliRun): void {
  const test = rules
    .command('test')
    .description('run the *.test.yaml cases beside the rules: exit 1 when a case fails')
    .argument('<path...>', 'rule files or directories (tests are the *.test.yaml files among them)');
  addFormatOption(test, RULE_TEST_FORMATS)
    .option('--out <file>', 'write the report to a file (e.g. junit.xml)')
    .action(async (paths: string[], flags: TestFlags) => {
      const format = chooseFormat(RULE_TEST_FORMATS, flags.format);
      const { rules: compiled, sections } = loadRulesOrFail(run, paths, true);
      const testFiles = findRuleTestFiles(paths);
      if (testFiles.length === 0) throw new UsageError(`no *.test.yaml files in ${paths.join(', ')}`);
      const config = { slas: sectionValue(sections, slasSection), weights: sectionValue(sections, scoringSection) };
      const cases = [];
      for (const file of testFiles) cases.push(...(await runRuleTestFile(file, compiled, config)));
      await printFormatted(run, format, cases, await outputOptions(run, flags), flags.out);
      run.exitCode = cases.every((c) => c.passed) ? ExitCode.Ok : ExitCode.Findings;
    });
}
