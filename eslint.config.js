import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';

// Code that runs in the page (the cashier UI, scripts a benchmark injects into it) sees the
// browser's globals only; everything else is Node.
const inPage = ['src/renderer/**/*.{ts,tsx}', 'bench/**/*.page.js'];

// Layering (DESIGN.md §1), the part a glob can say; test/unit/architecture.test.ts checks all of it
// on the resolved import graph. One rule, so each file group below lists every restriction it
// needs: a later config object for the same rule replaces the earlier options, it does not add to them.
const restrictImports = (paths, patterns = []) => ['error', { paths, patterns }];
// The core runs without Electron (serve mode, tests): only the thin shell imports it at run time.
const electron = { name: 'electron', message: 'Only src/main/index.ts, preload.ts, window/ and ipc/ may import electron (type imports are fine).', allowTypeImports: true };
const nodeBuiltins = (who) => builtinModules.filter((m) => !m.startsWith('_')).map((name) => ({ name, message: `${who} does not use Node built-ins.` }));
const nodeScheme = (who) => ({ regex: '^node:', message: `${who} does not use Node built-ins.` });
const upTo = (folders, message) => ({ regex: `^(\\.\\./)+(${folders.join('|')})/`, message });

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
      '@typescript-eslint/no-restricted-imports': restrictImports([electron]),
      eqeqeq: ['error', 'smart'],
      // Allowed: SQL guarantees the row in the places we use it (aggregates, read-after-insert).
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports([electron], [upTo(['main', 'renderer'], 'src/shared is below both processes: it imports nothing from src/main or src/renderer.')]),
    },
  },
  {
    files: ['src/shared/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(
        [electron, ...nodeBuiltins('The engine (pure rules, no I/O)')],
        [nodeScheme('The engine (pure rules, no I/O)'), upTo(['main', 'renderer'], 'The engine imports only src/shared (and zod).')],
      ),
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrictImports(
        [electron, ...nodeBuiltins('The renderer (a sandboxed page)')],
        [nodeScheme('The renderer (a sandboxed page)'), upTo(['main'], 'The renderer reaches the core only through the contract in src/shared.')],
      ),
    },
  },
  {
    files: ['src/main/index.ts', 'src/main/preload.ts', 'src/main/window/**', 'src/main/ipc/**', 'test/**'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
