import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** Node built-ins in every spelling an import can use (`fs`, `node:fs`, `fs/promises`). */
const nodeBuiltins = builtinModules.flatMap((m) => [m, `node:${m}`, `${m}/*`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'resources/codesets/**', 'release/**', 'test-results/**', 'playwright-report/**', 'scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core/ runs in Node, workers and the browser; renderer/ runs in a sandboxed page. Neither
    // may reach for Electron or Node: platform access goes through ports (DesktopApi).
    files: ['core/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'core/ and renderer/ must not import Electron; use the DesktopApi port.' }],
          patterns: [{ group: nodeBuiltins, message: 'core/ and renderer/ must not import Node built-ins.' }],
        },
      ],
    },
  },
  {
    // server/ is the reference billing server: Node and SQLite, sharing only core/ (and the
    // pack loader in scripts/) with the workstation, never its UI, database or shell.
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'dexie', 'react', 'react-dom', 'dexie-react-hooks'].map((name) => ({ name, message: 'server/ runs in Node: no Electron, Dexie or React.' })),
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'server/ imports core/, scripts/ and Node only.' }],
        },
      ],
    },
  },
  {
    // core/ is pure domain logic: no DOM, no database, no UI framework.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'dexie', 'react', 'react-dom', 'dexie-react-hooks'].map((name) => ({ name, message: 'core/ is pure: no platform, database or UI imports.' })),
          patterns: [{ group: [...nodeBuiltins, '**/renderer/**', '**/electron/**', '**/server/**'], message: 'core/ imports only core/ and pure libraries.' }],
        },
      ],
    },
  },
);
