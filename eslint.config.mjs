// Lint, and the layering rule: a folder's name says where its code runs, and
// imports may not cross into a place that code cannot run.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Builds a no-restricted-imports rule from named layers that a folder must not reach. */
function forbid({ packages = [], folders = [], builtins = false, why }) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: builtins ? nodeBuiltins.map((name) => ({ name, message: why })) : [],
        patterns: [
          ...(packages.length ? [{ group: packages, message: why }] : []),
          ...folders.map((folder) => ({ regex: `(^|/)(\\.\\./)+${folder}(/|$)`, message: `${why} (no imports from src/${folder})` })),
        ],
      },
    ],
  };
}

const tfjs = ['@tensorflow/*'];
const ui = ['react', 'react-dom', 'react-dom/*', '@xyflow/*', 'recharts', 'zustand', 'zustand/*', 'zundo'];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'e2e/artifacts/**', 'bench/.venv/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['src/engine/**/*.ts'],
    ignores: ['src/engine/**/*.test.ts'],
    rules: forbid({
      builtins: true,
      packages: ['electron', 'ws', ...tfjs, ...ui],
      folders: ['shared', 'node', 'trainer', 'main', 'preload', 'server', 'cli', 'renderer'],
      why: 'src/engine is pure TypeScript: no Node, Electron, DOM, React or tfjs',
    }),
  },
  {
    files: ['src/shared/**/*.ts'],
    ignores: ['src/shared/**/*.test.ts'],
    rules: forbid({
      builtins: true,
      packages: ['electron', 'ws', ...tfjs, ...ui],
      folders: ['node', 'trainer', 'main', 'preload', 'server', 'cli', 'renderer'],
      why: 'src/shared is the contract between hosts and UI and runs in both',
    }),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: forbid({
      builtins: true,
      packages: ['electron', 'ws', ...tfjs],
      folders: ['node', 'trainer', 'main', 'preload', 'server', 'cli'],
      why: 'The renderer runs in a sandboxed page: no Node, no tfjs; it talks to hosts only through the contract',
    }),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: forbid({
      builtins: true,
      packages: ['ws', 'zod', ...tfjs, ...ui],
      folders: ['engine', 'node', 'trainer', 'main', 'server', 'cli', 'renderer'],
      why: 'The sandboxed preload is a bridge only: electron and channel names',
    }),
  },
  {
    files: ['src/node/**/*.ts', 'src/server/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: forbid({
      packages: ['electron', ...tfjs, ...ui],
      folders: ['trainer', 'main', 'preload', 'renderer'],
      why: 'Hosts and services never run tensor work (only the trainer process imports tfjs) and never import Electron',
    }),
  },
  {
    files: ['src/main/**/*.ts'],
    rules: forbid({
      packages: [...tfjs, ...ui],
      folders: ['trainer', 'preload', 'renderer', 'server', 'cli'],
      why: 'The Electron main process is a thin host: no tensor work, no UI code',
    }),
  },
  {
    files: ['src/trainer/**/*.ts'],
    ignores: ['src/trainer/**/*.test.ts'],
    rules: forbid({
      packages: ['electron', 'ws', ...ui],
      folders: ['main', 'preload', 'renderer', 'server', 'cli'],
      why: 'The trainer is a plain Node process driven over IPC',
    }),
  },
  {
    files: ['src/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
