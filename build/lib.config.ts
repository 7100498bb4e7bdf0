import { defineConfig } from 'vite';

/**
 * npm build: ESM entries with dependencies external, so an SPA's bundler de-duplicates preact & co.
 * `webim` = toolbar + SDK, `headless` = SDK without UI. Styles are inlined as a string by the UI (`?inline`).
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  logLevel: 'warn',
  build: {
    // WEBIM_DIST: a private output directory (parallel builds on one machine must not clobber each other).
    outDir: process.env.WEBIM_DIST ?? 'dist',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    // Readable JavaScript (the SPA's bundler minifies it), but the inlined stylesheet is a string no bundler
    // touches: minify the CSS here.
    minify: false,
    cssMinify: true,
    lib: {
      entry: { webim: 'src/index.ts', headless: 'src/headless.ts' },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      external: [/^preact(\/|$)/, /^@preact\/signals(-core)?(\/|$)/, /^idb-keyval(\/|$)/],
    },
  },
});
