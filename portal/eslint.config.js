// ESLint (flat config): the recommended JavaScript rules everywhere,
// typescript-eslint's type-aware recommended rules for the portal's
// TypeScript (src/, which tsconfig.json covers), and its untyped
// recommended rules for the one TypeScript file outside it (vite.config.ts).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Built, installed and generated files (src/api/schema.d.ts comes from scripts/schema.mjs).
  globalIgnores(['dist/', 'node_modules/', 'e2e/artifacts/', 'src/api/schema.d.ts']),
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The browser tests run in node, but the callbacks they hand to
    // page.evaluate() run in the page: these two globals are the page's.
    files: ['e2e/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, document: 'readonly', window: 'readonly' } },
  },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  // The layers of src/ (scripts/cycles.mjs checks there is no cycle at all):
  // rules/ is pure and depends on nothing above it; a screen borrows nothing
  // from a sibling (what screens share is in widgets/); widgets know no screen.
  {
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['document', 'window', 'location', 'history', 'navigator', 'sessionStorage', 'localStorage', 'fetch'].map(
          (name) => ({ name, message: 'src/rules/ is pure: no DOM, no browser state (Vitest runs it in node).' }),
        ),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '^\\.\\./(?!api/client$)', message: 'src/rules/ imports only rules and the API types.' }],
        },
      ],
    },
  },
  {
    files: ['src/screens/*.ts'],
    ignores: ['src/screens/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['./*'], message: 'A screen borrows nothing from a sibling: shared widgets go to src/widgets/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/widgets/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../screens', '../screens/*'], message: 'Widgets know no screen.' }] },
      ],
    },
  },
  {
    files: ['vite.config.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
