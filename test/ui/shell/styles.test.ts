import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The toolbar imports `styles/webim.css?inline` and adopts the string into its shadow root, where `@import` does
 * not work (constructable stylesheets ignore it). This checks that a Vite build really inlines the imported files.
 * (Vitest itself does not process CSS unless `test.css` is on, so unit tests see an empty string.)
 */
describe('styles in a Vite build', () => {
  it('inline every @import of webim.css into one string', async () => {
    const entry = fileURLToPath(new URL('./fixtures/styles-entry.ts', import.meta.url));
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      root: fileURLToPath(new URL('../../..', import.meta.url)),
      build: { write: false, minify: false, lib: { entry, formats: ['es'], fileName: 'styles' } },
    });
    const chunk = (Array.isArray(out) ? out[0]! : out) as { output: Array<{ type: string; code?: string }> };
    const code = chunk.output.find((o) => o.type === 'chunk')!.code!;
    // The module is a string literal and its export: the CSS markers appear (escaped) in it, or not at all.
    const css = code;
    expect(css).not.toMatch(/@import/);
    // One marker from each file.
    expect(css).toContain('--webim-accent'); // tokens.css
    expect(css).toContain('.webim-badge'); // base.css
    expect(css).toContain('.webim-toolbar'); // bar.css
    expect(css).toContain('.webim-pane'); // panes.css
    expect(css).toContain('prefers-color-scheme: dark');
    expect(css).toContain('prefers-reduced-motion');
  }, 60_000);
});
