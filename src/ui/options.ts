import type { Locale } from './i18n';

/** An entry a site adds to the bar's menu (left side), e.g. "Hot threads". */
export interface MenuItem {
  /** Visible text (already in the page's language). */
  label: string;
  /** Opened in the same tab unless `target` says otherwise; http(s) or relative URLs only. */
  href?: string;
  target?: '_self' | '_blank';
  /** Called on activation instead of (or before) following `href`. */
  onSelect?: () => void;
}

/** How the chatlink feature finds user links on the page. */
export interface ChatlinkOptions {
  /** Off by default; on when this object is given. */
  enabled?: boolean;
  /** URL patterns whose first capture group is the user id, e.g. `space\\.php\\?uid=(\\d+)`. */
  patterns?: Array<string | RegExp>;
  /** Attribute naming the user id on any element (default `data-webim-uid`). */
  attribute?: string;
  /** Where to look (default `document.body`). */
  root?: Element;
  /**
   * How often, in seconds, the presence of linked users who are not buddies is read again while the page is visible
   * and connected (the server pushes presence for buddies only). Default 60; 0 turns it off.
   */
  refreshSeconds?: number;
}

/** Visual and behavioural options of the toolbar (the SDK's options are separate: `ClientOptions`). */
export interface ToolbarOptions {
  /** Element to render into (its shadow root); default: a new `<webim-bar>` appended to `document.body`. */
  host?: HTMLElement;
  /** `en`, `zh-CN`, `zh-TW`; default: settings, then the browser's languages. */
  locale?: Locale | string;
  /**
   * Left out (the default), the bar goes into the browser's top layer (a manual popover), above everything on the
   * page whatever its stacking contexts, transforms or filters. Given, the bar is instead a classic `position:
   * fixed` layer at this z-index (e.g. below a site's own modal); a transformed page ancestor then captures it.
   * The top layer is used only for the host the toolbar creates (not `host`).
   */
  zIndex?: number;
  /** CSS custom properties to set on the host, e.g. `{'--webim-accent': '#c00'}`. */
  theme?: Record<string, string>;
  /** Transparent bar background (the original product's "transparent" skin). */
  transparent?: boolean;
  /** Zoom factor of the whole bar (1 = 100 %), clamped to 0.5–3. */
  fontScale?: number;
  /** Site menu entries shown on the left of the bar. */
  menu?: MenuItem[];
  /** Image shown when a user or room has no avatar (before falling back to initials). */
  defaultAvatar?: string;
  /** Sound played for new messages (URL); default: a short built-in tone (Web Audio). */
  sound?: string;
  /** Keyboard shortcut that focuses the bar: default `Alt+Shift+M`. */
  shortcut?: string;
  chatlink?: ChatlinkOptions;
}
