import type { ToolbarOptions } from './options';

export const DEFAULT_Z_INDEX = 2147483000;
const FONT_SCALE_MIN = 0.5;
const FONT_SCALE_MAX = 3;

/**
 * Applies the visual options to the host element: z-index, theme custom properties (only `--*` names),
 * font scale (clamped), transparent skin. Returns a function that removes exactly what was set.
 */
export function applyHostOptions(host: HTMLElement, options: ToolbarOptions): () => void {
  const set: string[] = [];
  const setProp = (name: string, value: string) => {
    host.style.setProperty(name, value);
    set.push(name);
  };
  const z = options.zIndex;
  setProp('--webim-z', String(typeof z === 'number' && Number.isFinite(z) ? Math.round(z) : DEFAULT_Z_INDEX));
  for (const [name, value] of Object.entries(options.theme ?? {})) {
    if (/^--[A-Za-z0-9_-]+$/.test(name) && typeof value === 'string') setProp(name, value);
  }
  const scale = options.fontScale;
  if (typeof scale === 'number' && Number.isFinite(scale) && scale > 0) {
    setProp('--webim-font-scale', String(Math.min(FONT_SCALE_MAX, Math.max(FONT_SCALE_MIN, scale))));
  }
  if (options.transparent) host.setAttribute('data-transparent', '');
  return () => {
    for (const name of set) host.style.removeProperty(name);
    if (options.transparent) host.removeAttribute('data-transparent');
  };
}

/**
 * Keeps `--webim-vvh` on the host equal to the visual viewport's height (px), so full-screen views on phones can
 * size themselves to what is visible above the on-screen keyboard. Returns a function that stops it.
 */
export function trackVisualViewport(host: HTMLElement, win: Window = host.ownerDocument.defaultView ?? window): () => void {
  const vv = win.visualViewport;
  if (!vv) return () => undefined;
  const update = () => host.style.setProperty('--webim-vvh', `${Math.round(vv.height)}px`);
  update();
  vv.addEventListener('resize', update);
  vv.addEventListener('scroll', update);
  return () => {
    vv.removeEventListener('resize', update);
    vv.removeEventListener('scroll', update);
    host.style.removeProperty('--webim-vvh');
  };
}

/**
 * Puts the host in the browser's top layer (a manual popover) where the browser has one. A forum theme's
 * `transform`, `filter`, `contain` or `will-change` on `<html>`, `<body>` or a wrapper makes that element the
 * containing block of fixed-position descendants, so the bar would be fixed to it (mid-page, rotated, scrolling
 * away) instead of to the viewport; the top layer has no such ancestors. Removing the host from the document takes
 * it out of the top layer, so call this again after re-attaching it. Elsewhere the bar stays fixed in the page.
 */
export function raiseToTopLayer(host: HTMLElement): void {
  if (typeof host.showPopover !== 'function' || !host.isConnected) return;
  try {
    host.setAttribute('popover', 'manual');
    host.showPopover();
  } catch {
    // Already showing (InvalidStateError), or a browser that refuses: the bar is still there, fixed in the page.
  }
}

/** Takes the host out of the top layer again (see `raiseToTopLayer`). */
export function lowerFromTopLayer(host: HTMLElement): void {
  try {
    if (host.hasAttribute('popover') && typeof host.hidePopover === 'function') host.hidePopover();
  } catch {
    // Not showing: nothing to do.
  }
  host.removeAttribute('popover');
}
