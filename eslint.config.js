import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

// Electron's APIs are authority: only the Electron shell (main/electron/) and the preload
// that exposes the named bridge methods (preload/index.ts) may import them. The core, the
// CLI, the preview, common/, the renderer, the tests and the scripts all run without it.
const ELECTRON_ANYWHERE = 'Only main/electron/ and preload/index.ts may import electron.';
const electronImports = [{ name: 'electron', message: ELECTRON_ANYWHERE }];
const electronSubpaths = [{ group: ['electron/*'], message: ELECTRON_ANYWHERE }];
const electronLoads = [
  { selector: "ImportExpression[source.value=/^electron($|\\/)/]", message: ELECTRON_ANYWHERE },
  { selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron($|\\/)/]", message: ELECTRON_ANYWHERE },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench-results/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
  {
    rules: {
      'no-restricted-imports': ['error', { paths: electronImports, patterns: electronSubpaths }],
      'no-restricted-syntax': ['error', ...electronLoads],
    },
  },
  {
    // The main process never holds the renderer's side of IPC: ipcRenderer and contextBridge live in the preload.
    files: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcRenderer', 'contextBridge', 'webFrame'],
              message: "The renderer's side of IPC belongs in preload/index.ts.",
            },
          ],
          patterns: electronSubpaths,
        },
      ],
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['preload/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: electronSubpaths }],
      'no-restricted-syntax': 'off',
    },
  },
  {
    // The renderer knows nothing of Node or of main/: it talks to window.widgetToken only.
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to window.widgetToken only.' }],
          patterns: [
            ...electronSubpaths,
            { group: ['node:*'], message: 'The renderer has no Node APIs.' },
            { group: ['**/main/**'], message: 'The renderer never reaches into main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronImports,
          patterns: [
            ...electronSubpaths,
            { group: ['node:*'], message: 'common/ runs in the renderer too: no Node APIs.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'common/ depends on nothing.' },
          ],
        },
      ],
    },
  },
);
