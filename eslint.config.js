import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', '.gpu/**', '.gl/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Barrels list their exports by name.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@pandaas/cli', '@pandaas/cli/*'], message: 'No package imports the CLI.' }] }],
    },
  },
);
