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
