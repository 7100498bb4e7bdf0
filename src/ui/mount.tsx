import { signal } from '@preact/signals';
import { render } from 'preact';
import css from '../../styles/webim.css?inline';
import type { WebIMClient } from '../core/types';
import { adoptStyles } from './adopt-styles';
import { raiseToTopLayer } from './host';
import type { Locale } from './i18n';
import type { ToolbarOptions } from './options';
import { fontScale } from './shell-state';
import { Toolbar } from './Toolbar';

/** A toolbar on the page. */
export interface MountedToolbar {
  /** The element carrying the shadow root (`<webim-bar>`, or `options.host`). */
  host: HTMLElement;
  /** The open shadow root the toolbar renders into. */
  shadowRoot: ShadowRoot;
  /** Switches the UI language now (`null` goes back to the user's setting / the browser). */
  setLocale(locale: Locale | string | null): void;
  /** Unmounts, takes the styles and host options back, and removes the host if this call created it. */
  destroy(): void;
}

/**
 * Renders the chat bar for `client` in an open shadow root, so forum CSS doesn't reach in and ours doesn't leak
 * out. The host is a new `<webim-bar>` appended to `document.body` (and put in the top layer, unless `zIndex` is
 * given) unless `options.host` is given.
 */
export function mountToolbar(client: WebIMClient, options: ToolbarOptions = {}): MountedToolbar {
  const created = !options.host;
  const host = options.host || document.createElement('webim-bar');
  const shadowRoot = host.shadowRoot || host.attachShadow({ mode: 'open' });
  const doc = host.ownerDocument;
  const { style } = host;
  const set: string[] = [];
  const setProp = (name: string, value: unknown) => {
    style.setProperty(name, '' + value);
    set.push(name);
  };

  const removeStyles = adoptStyles(shadowRoot, css);

  // Host options: z-index, theme custom properties (only `--*` names), font scale (clamped), transparent skin.
  const z = options.zIndex!;
  const fixed = Number.isFinite(z);
  if (fixed) setProp('--webim-z', Math.round(z));
  for (const [name, value] of Object.entries(options.theme ?? {})) {
    if (/^--[\w-]+$/.test(name) && typeof value === 'string') setProp(name, value);
  }
  const scale = fontScale(options);
  if (options.fontScale) setProp('--webim-font-scale', scale);
  if (options.transparent) host.setAttribute('data-transparent', '');

  // --webim-visual-viewport-height: the visual viewport's height in the root's zoomed px, so full-screen views on phones fit above
  // the on-screen keyboard.
  const vv = doc.defaultView?.visualViewport;
  const fit = () => style.setProperty('--webim-visual-viewport-height', Math.round(vv!.height / scale) + 'px');
  const viewportEvents = ['resize', 'scroll'];
  if (vv) {
    set.push('--webim-visual-viewport-height');
    fit();
    for (const e of viewportEvents) vv.addEventListener(e, fit);
  }

  const container = doc.createElement('div');
  shadowRoot.append(container);
  if (created) {
    doc.body.append(host);
    // Above the page, out of reach of transformed/filtered page ancestors; an explicit zIndex asks for a classic
    // fixed layer at that z-index instead.
    if (!fixed) raiseToTopLayer(host);
  }

  const locale = signal(options.locale || undefined);
  render(<Toolbar client={client} options={options} locale={locale} />, container);

  let destroyed = false;
  return {
    host,
    shadowRoot,
    setLocale(next) {
      locale.value = next || undefined;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      render(null, container);
      container.remove();
      if (vv) for (const e of viewportEvents) vv.removeEventListener(e, fit);
      for (const name of set) style.removeProperty(name);
      if (options.transparent) host.removeAttribute('data-transparent');
      removeStyles();
      if (created) host.remove();
    },
  };
}
