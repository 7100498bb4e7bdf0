// ESLint: the rules issue 17 asks for (eqeqeq, no-sequences, the layer rule of docs/architecture.md) plus clear
// bug-finders and the team's security and export rules. Formatting is Prettier's (`npm run lint` runs both); no style
// rules here.
import Module, { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const require = createRequire(import.meta.url);

// typescript-eslint's parser needs TypeScript's JavaScript API, which TypeScript 7 (native, our `tsc`) does not
// ship. package.json installs TypeScript 5.9 under the alias `typescript-api-for-eslint`; requests for `typescript`
// from the parser's packages (@typescript-eslint/*, ts-api-utils) are answered with it, in this ESLint process only:
// tsc and Vite keep TypeScript 7.
const typescriptApi = require.resolve('typescript-api-for-eslint');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && /[\\/](@typescript-eslint|ts-api-utils)[\\/]/.test(parent?.filename ?? ''))
    return typescriptApi;
  return resolveFilename.call(this, request, parent, ...rest);
};
const typescriptParser = require('@typescript-eslint/parser');

const root = dirname(new URL(import.meta.url).pathname);

/**
 * The layers of src/, lowest first (docs/architecture.md): a module may import its own layer or one below, never one
 * above. `api` and `transport` share a rank. The mock server is a side tree that shares only `protocol` (and `util`).
 */
const RANK = { util: 0, protocol: 1, api: 2, transport: 2, store: 3, persist: 4, core: 5, ui: 6 };
const ENTRY = 7; // src/bundle.ts, index.ts, headless.ts, init.ts and script-tag/

/** The layer of a file under src/, or undefined outside src/. */
function layerOf(file) {
  const path = relative(resolve(root, 'src'), file).split(sep);
  if (path[0] === '..' || path.length === 0) return undefined;
  if (path.length === 1) return { name: 'entry', rank: ENTRY };
  if (path[0] === 'mock-server') return { name: 'mock-server', rank: -1 };
  if (path[0] === 'script-tag') return { name: 'entry', rank: ENTRY }; // the script tag's entry machinery
  return path[0] in RANK ? { name: path[0], rank: RANK[path[0]] } : { name: path[0], rank: ENTRY };
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'No import from a layer above (docs/architecture.md)' },
    messages: {
      above:
        "{{from}}/ must not import from {{to}}/, a layer above it (move the shared part down to '{{from}}' or lower).",
      mock: 'The mock server shares only protocol/ and util/ with the client, not {{to}}/.',
      intoMock: '{{from}}/ must not import the mock server.',
    },
    schema: [],
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = layerOf(resolve(dirname(context.filename), source));
      if (!to || to.name === from.name) return;
      if (from.name === 'mock-server') {
        if (to.name !== 'protocol' && to.name !== 'util')
          context.report({ node: node.source, messageId: 'mock', data: { to: to.name } });
      } else if (to.name === 'mock-server') {
        context.report({ node: node.source, messageId: 'intoMock', data: { from: from.name } });
      } else if (to.rank > from.rank) {
        context.report({ node: node.source, messageId: 'above', data: { from: from.name, to: to.name } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/** Bug-finders: each of these is a mistake wherever it appears, never a matter of taste. */
const bugFinders = {
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-sequences': ['error', { allowInParentheses: false }],
  'for-direction': 'error',
  'getter-return': 'error',
  'no-async-promise-executor': 'error',
  'no-compare-neg-zero': 'error',
  'no-cond-assign': 'error',
  'no-constant-binary-expression': 'error',
  'no-control-regex': 'error',
  'no-debugger': 'error',
  'no-dupe-else-if': 'error',
  'no-dupe-keys': 'error',
  'no-duplicate-case': 'error',
  'no-empty-character-class': 'error',
  'no-invalid-regexp': 'error',
  'no-loss-of-precision': 'error',
  'no-misleading-character-class': 'error',
  'no-self-assign': 'error',
  'no-self-compare': 'error',
  'no-setter-return': 'error',
  'no-sparse-arrays': 'error',
  'no-unreachable': 'error',
  'no-unsafe-finally': 'error',
  'no-unsafe-negation': 'error',
  'no-unsafe-optional-chaining': 'error',
  'use-isnan': 'error',
  'valid-typeof': 'error',
};

export default [
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'coverage/'] },
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: {
      parser: typescriptParser,
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { webim: { rules: { layers: layersRule } } },
    rules: bugFinders,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'webim/layers': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Untrusted text is never HTML: build nodes (JSX, textContent) instead of innerHTML/outerHTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Untrusted text is never HTML: build nodes (JSX, textContent) instead of insertAdjacentHTML.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Untrusted text is never HTML: no dangerouslySetInnerHTML.',
        },
        {
          selector: 'ExportDefaultDeclaration',
          message: 'No default exports: name what a module exports.',
        },
      ],
    },
  },
  {
    // An ambient module declaration (`declare module '*.css?inline'`) describes Vite's default export.
    files: ['src/**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
];
