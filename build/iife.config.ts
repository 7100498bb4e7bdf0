import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { zhCN } from '../src/ui/strings/zh-CN.ts';
import { zhTW } from '../src/ui/strings/zh-TW.ts';
import { mangle } from './mangle.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * `locales/<locale>.js` beside the script: each a page-queue command adding that locale's strings
 * (`src/script-tag/locale-files.ts`), loaded when the bar speaks it.
 */
function localeFiles(): Plugin {
  return {
    name: 'webim-locale-files',
    generateBundle() {
      for (const [locale, texts] of Object.entries({ 'zh-CN': zhCN, 'zh-TW': zhTW }))
        this.emitFile({
          type: 'asset',
          fileName: `locales/${locale}.js`,
          source: `(window.WebIM=window.WebIM||[]).push(${JSON.stringify(['strings', locale, texts])});\n`,
        });
    },
  };
}

/**
 * Script-tag build: one self-contained, minified file (`dist/webim.iife.js`, global `WebIM`), styles and English
 * included, and the other locales' files beside it.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [mangle(), localeFiles()],
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
