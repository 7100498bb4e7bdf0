/**
 * Puts a stylesheet into a shadow root: a constructable stylesheet where supported (parsed once, nothing in the
 * DOM), else a `<style>` element whose text is set (never parsed as HTML). Returns a function that takes it out.
 */
export function adoptStyles(root: ShadowRoot, css: string): () => void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => (root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet));
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.prepend(style);
    return () => style.remove();
  }
}
