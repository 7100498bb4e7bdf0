import type { WebIMOptions } from '../init';
import type { MenuItem } from '../ui/options';

/** `data-*` attributes of the script tag, and what option each sets. */
const STRING_ATTRS = {
  api: 'base',
  uid: 'uid',
  csrfToken: 'csrfToken',
  locale: 'locale',
  transport: 'transport',
  defaultAvatar: 'defaultAvatar',
  sound: 'sound',
  shortcut: 'shortcut',
  show: 'show',
} as const;

/**
 * Options for the script-tag build: `window.webimConfig` (an object the page may set before the script) with the
 * script element's `data-*` attributes on top. Bad values are skipped, never thrown: a typo in a forum template
 * must not take the page's chat down.
 */
export function readConfig(script: HTMLScriptElement | null, globalConfig: unknown): WebIMOptions & { autostart?: boolean } {
  const options: WebIMOptions & { autostart?: boolean } = isObject(globalConfig) ? { ...(globalConfig as WebIMOptions) } : {};
  if (!script) return options;
  const data = script.dataset;
  const target = options as Record<string, unknown>;
  for (const [attr, key] of Object.entries(STRING_ATTRS)) {
    const value = data[attr];
    if (value) target[key] = value;
  }
  if (data.zIndex && Number.isFinite(Number(data.zIndex))) options.zIndex = Number(data.zIndex);
  if (data.fontScale && Number(data.fontScale) > 0) options.fontScale = Number(data.fontScale);
  if (data.transparent !== undefined) options.transparent = data.transparent !== 'false';
  if (data.autostart !== undefined) options.autostart = data.autostart !== 'false';
  if (data.persist !== undefined) options.persist = data.persist !== 'false';
  if (data.chatlink || data.chatlinkAttribute) {
    options.chatlink = {
      ...options.chatlink,
      enabled: true,
      ...(data.chatlink ? { patterns: data.chatlink.split(/\s*\|\|\s*/).filter(Boolean) } : {}),
      ...(data.chatlinkAttribute ? { attribute: data.chatlinkAttribute } : {}),
    };
  }
  if (data.menu) {
    const menu = parseMenu(data.menu);
    if (menu) options.menu = menu;
  }
  return options;
}

function parseMenu(text: string): MenuItem[] | null {
  try {
    const raw: unknown = JSON.parse(text);
    if (!Array.isArray(raw)) return null;
    return raw
      .filter((m): m is Record<string, unknown> => isObject(m) && typeof m.label === 'string')
      .map((m) => ({
        label: m.label as string,
        ...(typeof m.href === 'string' ? { href: m.href } : {}),
        ...(m.target === '_blank' || m.target === '_self' ? { target: m.target } : {}),
      }));
  } catch {
    return null;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The script element that loaded this bundle (async scripts included), or the first one that looks like it. */
export function findOwnScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return doc.querySelector<HTMLScriptElement>('script[data-api][src*="webim"], script[src*="webim.iife"]');
}
