import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const yjsImports = ['yjs', 'y-websocket', 'y-protocols', 'lib0'].map((name) => ({
  name,
  message: 'Only client/lib/yjs.ts opens Yjs documents; use its useBoardDoc hook instead.',
}));

const yjsSubpaths = {
  group: ['yjs/*', 'y-websocket/*', 'y-protocols/*', 'lib0/*'],
  message: 'Only client/lib/yjs.ts opens Yjs documents; use its useBoardDoc hook instead.',
};

// The server's layers (ARCHITECTURE.md, "Layers"): transport and app.ts call features, features
// use core, and nothing points back. server/imports.test.ts checks the same over the whole graph,
// with import cycles, so a rule switched off here still fails the tests.
const noTransport = {
  group: ['**/transport/**', '**/app.ts'],
  message:
    'Features and core have no transport inside: take what you need as a port from server/core (documents.ts, commands.ts, http.ts), wired in server/app.ts.',
};
const noFeatures = {
  group: ['**/features/**'],
  message: 'server/core is shared by the features and depends on none of them.',
};
const dbKnowsNoFeature = {
  group: ['**/features/**', '**/transport/**', '**/app.ts'],
  message: 'server/db serves the features and knows neither them nor the transport.',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', 'test-results', 'playwright-report', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // useLoad takes its deps like useEffect, so the lint checks them the same way.
      'react-hooks/exhaustive-deps': ['warn', { additionalHooks: '^useLoad$' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'socket.io-client',
              message: 'Only client/lib/socket.ts talks to Socket.IO; use its hooks instead.',
            },
            ...yjsImports,
          ],
          patterns: [
            { group: ['**/server/**'], message: 'The client may import shared/, never server/.' },
            yjsSubpaths,
          ],
        },
      ],
    },
  },
  {
    files: ['client/lib/socket.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The one module that opens Yjs documents (read-only: changes go as Socket.IO commands).
    files: ['client/lib/yjs.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'socket.io-client',
              message: 'Only client/lib/socket.ts talks to Socket.IO; use its hooks instead.',
            },
          ],
          patterns: [
            { group: ['**/server/**'], message: 'The client may import shared/, never server/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/features/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTransport] }] },
  },
  {
    files: ['server/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noTransport, noFeatures] }] },
  },
  {
    files: ['server/db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [dbKnowsNoFeature] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/client/**', 'express', 'socket.io', 'react'],
              message:
                'shared/ is the protocol and domain rules used by both ends; it depends on neither.',
            },
          ],
        },
      ],
    },
  },
);
