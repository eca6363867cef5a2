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
  {
    files: ['vite.config.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
