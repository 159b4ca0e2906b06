import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// Code that runs in the page (the cashier UI, scripts a benchmark injects into it) sees the
// browser's globals only; everything else is Node.
const inPage = ['src/renderer/**/*.{ts,tsx}', 'bench/**/*.page.js'];

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: inPage,
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    ignores: inPage,
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The core runs without Electron (serve mode, tests): only the thin shell imports it at run time.
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts, preload.ts, window/ and ipc/ may import electron (type imports are fine).', allowTypeImports: true }] }],
      eqeqeq: ['error', 'smart'],
      // Allowed: SQL guarantees the row in the places we use it (aggregates, read-after-insert).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/main/index.ts', 'src/main/preload.ts', 'src/main/window/**', 'src/main/ipc/**', 'test/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
