/**
 * Node 20 cannot run TypeScript, so the mock server ships as an SSR library build:
 * `src/mock-server/{index,cli}.ts` → `dist/mock-server/{index,cli}.js` (ESM, Node builtins, `ws`, `aedes` and `msw` external).
 * Run with `npx vite build --config build/mock-server.config.ts` (`npm run build:mock`).
 */
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

// Vite loads its config through a default export; this is the one place the project allows one.
export default defineConfig({
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'dist/mock-server',
    emptyOutDir: true,
    minify: false,
    sourcemap: true,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('../src/mock-server/index.ts', import.meta.url)),
        cli: fileURLToPath(new URL('../src/mock-server/cli.ts', import.meta.url)),
        // Separate entry: only unit tests need msw, and the Node server must run without it.
        msw: fileURLToPath(new URL('../src/mock-server/msw.ts', import.meta.url)),
      },
      external: [...builtinModules, /^node:/, 'ws', 'aedes', /^msw(\/|$)/],
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});
