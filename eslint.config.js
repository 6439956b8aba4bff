import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', '.tmp/**', '.artifacts/**', '**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // The web app runs in the browser; its service worker in a worker; its tests, build and scripts in Node.
  { files: ['apps/web/src/**'], languageOptions: { globals: { ...globals.browser } } },
  { files: ['apps/web/sw/**'], languageOptions: { globals: { ...globals.serviceworker } } },
  { files: ['apps/web/test/**'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
);
