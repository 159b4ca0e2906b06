import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts, preload.ts, window/ and ipc/ may import electron.' }] }],
      eqeqeq: ['error', 'smart'],
      // Allowed: SQL guarantees the row in the places we use it (aggregates, read-after-insert).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
