import { ICON_TAG } from './scan';

/**
 * The presence icon next to a user link: a `<webim-chatlink>` element in the page with its own open shadow root,
 * so forum CSS cannot restyle or hide the button inside. Built with DOM calls only (no markup strings).
 */

// The host sits in the page's DOM, where a forum rule such as `* { transform: …; color: … !important }` matches it:
// only `!important` in :host beats the page, and `all: initial` stops inherited page styles at the host.
const ICON_CSS = `
:host {
  all: initial !important; display: inline-block !important; vertical-align: middle !important;
  margin-inline-start: 3px !important; line-height: 0 !important;
}
button {
  all: initial; box-sizing: border-box; display: inline-flex; align-items: center; justify-content: center;
  width: 16px; height: 16px; border-radius: 50%; cursor: pointer;
  background: var(--webim-chatlink-color, #2f9e44); color: #fff;
}
button:hover { filter: brightness(1.1); }
button:focus-visible { outline: 2px solid var(--webim-chatlink-focus, #1c7ed6); outline-offset: 2px; }
svg { width: 10px; height: 10px; display: block; }
@media (forced-colors: active) { button { background: ButtonText; color: ButtonFace; border: 1px solid ButtonText; } }
`;

const SVG_NS = 'http://www.w3.org/2000/svg';
const sheets = new WeakMap<Document, CSSStyleSheet>();

function adoptStyles(doc: Document, root: ShadowRoot): void {
  // A constructed sheet is shared by every icon and is not subject to a page's inline-style CSP.
  try {
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function') {
      let sheet = sheets.get(doc);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(ICON_CSS);
        sheets.set(doc, sheet);
      }
      root.adoptedStyleSheets = [sheet];
      return;
    }
  } catch {
    // Fall through to a <style> element.
  }
  const style = doc.createElement('style');
  style.textContent = ICON_CSS;
  root.append(style);
}

function bubble(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = doc.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', 'M3 4h18v12H9l-5 4v-4H3z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

/** Creates an icon host whose button calls `onActivate`; its label is set with `setIconLabel`. */
export function createChatIcon(doc: Document, label: string, onActivate: () => void): HTMLElement {
  const host = doc.createElement(ICON_TAG);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(doc, root);
  const button = doc.createElement('button');
  button.type = 'button';
  button.append(bubble(doc));
  button.addEventListener('click', (e) => {
    // The icon may sit inside a forum's clickable row or link: the chat, not the page, gets this click.
    e.preventDefault();
    e.stopPropagation();
    onActivate();
  });
  root.append(button);
  setIconLabel(host, label);
  return host;
}

export function setIconLabel(host: HTMLElement, label: string): void {
  const button = host.shadowRoot?.querySelector('button');
  if (!button || button.getAttribute('aria-label') === label) return;
  button.setAttribute('aria-label', label);
  button.title = label;
}
