import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

// Read at every lint run, so a feature folder added tomorrow is fenced in without editing this file.
const webFeatures = fs
  .readdirSync(path.join(root, 'apps/web/src/features'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const coreSurface = {
  group: ['@olala/core/*/*'],
  message:
    "Import the area's entry point (@olala/core/<area>, packages/core/package.json exports); what it does not export is core's own.",
};
const coreSources = {
  regex: '(^|/)packages/core/src(/|$)',
  message: "Import @olala/core or @olala/core/<area>, never core's source files by path.",
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'data/**', '.tmp/**', '.artifacts/**', '**/dist/**', 'test/fixtures/lint-rules/**'],
  },
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

  // Module boundaries (docs/architecture.md, "Core's surface"). Sources import `./x.js` for
  // `x.ts`/`x.tsx`, so the resolver maps the extension as TypeScript does.
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'] } }),
      ],
    },
  },
  // A cycle makes module start-up order matter (a class used before its module ran); cycles
  // between core's areas, type imports included, are test/lint-rules.test.ts's.
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // One import statement per module: two of the same module are one the reader must merge by eye.
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    rules: { 'import-x/no-duplicates': ['error', { 'prefer-inline': true }] },
  },
  // Outside core, core is what its package exports: "." and one entry point per area.
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    ignores: ['packages/core/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [coreSurface, coreSources] }] },
  },
  // bulletproof-react: a feature never imports another; what two share goes down to src/lib or
  // src/components, and the app shell (src/app) composes features.
  {
    files: ['apps/web/src/features/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: webFeatures.map((feature) => ({
            target: `./apps/web/src/features/${feature}`,
            from: './apps/web/src/features',
            except: [`./${feature}`],
            message:
              'A feature imports no other feature: move what both need to apps/web/src/lib or apps/web/src/components.',
          })),
        },
      ],
    },
  },
);
