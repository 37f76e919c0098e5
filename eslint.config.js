// @ts-check
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Workflow code must be deterministic: no Node APIs, no I/O libraries, nothing from the API.
const nodeApis = { group: ['node:*'], message: 'Workflow code must not use Node APIs.' };
const sideEffects = {
  group: [
    'pg',
    'kysely',
    'express',
    'luxon',
    'pino',
    'nodemailer',
    '@temporalio/client',
    '@temporalio/worker',
    '@temporalio/activity',
  ],
  message: 'Workflow code is deterministic: side effects belong in activities.',
};
const impure = ['api', 'activities', 'temporal'].flatMap((dir) => [`../${dir}/*`, `../../${dir}/*`]);

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'web/dist/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeApis,
            sideEffects,
            {
              group: impure,
              message: 'Workflows import only pure modules (import type is fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'setImmediate'],
    },
  },
  {
    // The worker side never reaches into the API process.
    files: ['activities/**/*.ts', 'temporal/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/*'], message: 'api/ is the API process only: share code through platform/.' }] },
      ],
    },
  },
  {
    // platform/ is what both processes share (the ticket service among it): it stands below the API and
    // the activities, so each may use it and it uses neither.
    files: ['platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/api/*'], message: 'api/ is the API process only: share code through platform/.' },
            { group: ['**/activities/*'], message: 'platform/ is used by activities, not the other way round.' },
          ],
        },
      ],
    },
  },
  {
    // The one exception: the configuration composes the vendors' settings from their list
    // (activities/integrations/vendors.ts, whose adapters load only when connected).
    files: ['platform/config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/api/*'], message: 'api/ is the API process only: share code through platform/.' }] },
      ],
    },
  },
  {
    // Entry points in scripts/ run in production too: they never import the test suite's helpers. The
    // chaos run is the exception: a test of the whole system, it runs the tests' local vendor servers.
    files: ['scripts/**/*.ts'],
    ignores: ['scripts/chaos/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test/*'], message: 'scripts/ must not depend on test/.' }] },
      ],
    },
  },
  {
    // The ticket workflow bundle also stays free of the schema library: types only from the definition module.
    files: ['workflows/ticket/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'Validation runs in the API, not in workflow code.' }],
          patterns: [
            nodeApis,
            sideEffects,
            {
              group: [...impure, '**/process/definition.js', '**/process/validate.js'],
              message: 'Workflows import only pure modules; the definition module only as types (it brings zod).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // The web app runs in a browser and knows the API by its schema only (web/schema.graphql): nothing
    // of the server, the worker or the workflows is bundled into it.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'The web app runs in a browser: no Node APIs.' },
            {
              group: [
                '**/api/**',
                '**/workflows/**',
                '**/activities/**',
                '**/temporal/**',
                '**/platform/**',
                '**/scripts/**',
                '**/test/**',
              ],
              message:
                'web/ imports nothing from the server side: its types come from the schema (npm run web:schema).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
