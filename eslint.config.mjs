// ESLint 9 flat config: eslint:recommended + typescript-eslint's recommended rules (syntax only, no type
// information: `npm run typecheck` already runs the compiler), plus the layer rule below.
// Formatting is Prettier's job (`prettier --check .` in `npm run lint`), so no stylistic rules here.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import eslint from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** A relative import of any of these src/ folders, from any depth (`../services/x`, `../../routes`). */
const folder = (...names) => `^\\.{1,2}/(?:.*/)?(?:${names.join('|')})(?:/|$)`;

/** What each src/ folder may not import: architecture.json, shared with test/architecture.test.ts. */
const { $comment: _, ...LAYERS } = JSON.parse(readFileSync(new URL('./architecture.json', import.meta.url), 'utf8'));

const layerRules = Object.entries(LAYERS).map(([layer, { folders, packages }]) => ({
  name: `layers/${layer}`,
  files: [`src/${layer}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [folder(...folders), ...packages].map((regex) => ({
          regex,
          message: `src/${layer} may not import this (architecture.json): layers only look down.`,
        })),
      },
    ],
  },
}));

export default defineConfig(
  {
    // Build output, local data, and the throwaway folders that tests and the benchmark generate.
    ignores: ['dist/', 'coverage/', 'data/', 'test/**/tmp-*/', 'bench/.generated-*/', 'client/api.d.ts'],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `const { id: _id, ...rest } = row` is how a key is left out of a copy: the named sibling is the point.
      // A `_` parameter is TypeScript's own convention (noUnusedParameters skips it), e.g. in a method that
      // subclasses override: ESLint agrees with tsc instead of demanding a different escape.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
    },
  },
  {
    // Plain JavaScript here is CommonJS (jest.config.js): module and require are its globals and its imports.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layerRules,
);
