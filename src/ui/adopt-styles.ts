/**
 * Puts the toolbar's stylesheet into its shadow root: a constructable stylesheet where supported (shared, parsed
 * once, nothing in the DOM), else a `<style>` element whose text is set (never parsed as HTML). Returns a function
 * that takes it out again.
 */
export function adoptStyles(root: ShadowRoot, css: string): () => void {
  const doc = root.ownerDocument;
  const win = doc.defaultView;
  const Sheet = win?.CSSStyleSheet;
  if (Sheet && 'adoptedStyleSheets' in root && typeof Sheet.prototype.replaceSync === 'function') {
    try {
      const sheet = new Sheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return () => {
        root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet);
      };
    } catch {
      /* fall through to a <style> element */
    }
  }
  const style = doc.createElement('style');
  style.textContent = css;
  root.prepend(style);
  return () => style.remove();
}
