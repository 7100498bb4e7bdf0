import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';
import { mangle } from './mangle.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Script-tag build: one self-contained, minified file (`dist/webim.iife.js`, global `WebIM`), styles included. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [mangle()],
  logLevel: 'warn',
  define: { 'process.env.NODE_ENV': '"production"', __WEBIM_VERSION__: JSON.stringify(version) },
  build: {
    // WEBIM_DIST: a private output directory (parallel builds on one machine must not clobber each other).
    outDir: process.env.WEBIM_DIST ?? 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: true,
    lib: {
      entry: 'src/bundle.ts',
      formats: ['iife'],
      name: 'WebIM',
      fileName: () => 'webim.iife.js',
    },
  },
});
