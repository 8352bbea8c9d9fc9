// ESLint flat config: ESLint's and typescript-eslint's recommended rules, tuned to this codebase; no
// stylistic rules (formatting is left for later). `npm run lint`; CI runs it before the tests.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'out/', 'bench/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Deliberate: registries of differently typed rule kinds and config sections (ConfigSection<any>).
      '@typescript-eslint/no-explicit-any': 'off',
      // tsc's noUnusedLocals already checks locals; leaving out fields by destructuring is the idiom here.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Terminal output is checked and stripped with ANSI escape patterns (\x1b).
      'no-control-regex': 'off',
      // Rendered tables are matched with their spaces as printed.
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
