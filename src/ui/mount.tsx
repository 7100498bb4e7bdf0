import { signal } from '@preact/signals';
import { render } from 'preact';
import css from '../../styles/webim.css?inline';
import type { WebIMClient } from '../core/types';
import { adoptStyles } from './adopt-styles';
import { applyHostOptions, lowerFromTopLayer, raiseToTopLayer, trackVisualViewport } from './host';
import type { Locale } from './i18n';
import type { ToolbarOptions } from './options';
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
 * out. The host is a new `<webim-bar>` appended to `document.body` unless `options.host` is given.
 */
export function mountToolbar(client: WebIMClient, options: ToolbarOptions = {}): MountedToolbar {
  const created = !options.host;
  const host = options.host ?? document.createElement('webim-bar');
  const shadowRoot = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const removeStyles = adoptStyles(shadowRoot, css);
  const removeHostOptions = applyHostOptions(host, options);
  const stopViewport = trackVisualViewport(host);
  const container = host.ownerDocument.createElement('div');
  container.className = 'webim-mount';
  shadowRoot.append(container);
  if (created) {
    document.body.append(host);
    // Our own host goes above the page, out of reach of transformed/filtered page ancestors.
    raiseToTopLayer(host);
  }

  const locale = signal<string | undefined>(options.locale || undefined);
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
      stopViewport();
      removeHostOptions();
      removeStyles();
      if (created) {
        lowerFromTopLayer(host);
        host.remove();
      }
    },
  };
}
