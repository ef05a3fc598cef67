import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench-results/**'] },
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
    // The core, the sandbox, the CLI and the preview must run where Electron is absent.
    files: ['main/core/**', 'main/sandbox/**', 'main/cli/**', 'main/preview/**', 'common/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/electron/ may import electron.' }] }],
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
          patterns: [
            { group: ['node:*'], message: 'common/ runs in the renderer too: no Node APIs.' },
            { group: ['**/main/**', '**/renderer/**'], message: 'common/ depends on nothing.' },
          ],
        },
      ],
    },
  },
);
