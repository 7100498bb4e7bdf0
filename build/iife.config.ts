import { defineConfig } from 'vite';

/** Script-tag build: one self-contained, minified file (`dist/webim.iife.js`, global `WebIM`), styles included. */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
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
