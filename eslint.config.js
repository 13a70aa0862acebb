import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** WebGPU's globals (GPUBufferUsage, ...): Node scripts install them from the `webgpu` package. */
const webgpuGlobals = Object.fromEntries(Object.entries(globals.browser).filter(([name]) => name.startsWith('GPU')));

export default defineConfig([
  globalIgnores(['**/dist/**', '**/node_modules/**', 'docs/api/**', 'coverage/**', '.gpu/**', '.gpu-build/**', '.gl/**']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Barrels list their exports by name.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // plain JavaScript (configs, scripts) runs in Node; TypeScript files are checked by tsc instead
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node, ...webgpuGlobals } },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@pandaas/cli', '@pandaas/cli/*'], message: 'No package imports the CLI.' }] }],
    },
  },
]);
