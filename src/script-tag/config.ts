import type { WebIMOptions } from '../init';

/** Text options read from `data-*` attributes: attribute (camelCase dataset name) → option, when they differ. */
const TEXT = ['api:base', 'uid', 'csrfToken', 'locale', 'transport', 'defaultAvatar', 'sound', 'shortcut', 'show'];
const NUMBER = ['zIndex', 'fontScale'];
const FLAG = ['transparent', 'autostart', 'persist'];

/** Script-tag options: `autostart: false` (`data-autostart="false"`) waits for `WebIM.init()`. */
export type ScriptOptions = WebIMOptions & { autostart?: boolean };

/**
 * Options for the script-tag build: `window.webimConfig` (an object the page may set before the script) with the
 * script element's `data-*` attributes on top. Bad values are skipped, never thrown: a typo in a forum template
 * must not take the page's chat down.
 */
export function readConfig(script: HTMLScriptElement | null, globalConfig: unknown): ScriptOptions {
  const options: Record<string, unknown> = isObject(globalConfig) ? { ...globalConfig } : {};
  const data = script?.dataset ?? {};
  for (const pair of TEXT) {
    const [attr, key = attr] = pair.split(':') as [string, string?];
    if (data[attr]) options[key] = data[attr];
  }
  for (const key of NUMBER) if (Number(data[key]) > 0) options[key] = Number(data[key]);
  for (const key of FLAG) if (data[key] !== undefined) options[key] = data[key] !== 'false';
  const { chatlink, chatlinkAttribute, menu } = data;
  if (chatlink || chatlinkAttribute) {
    options.chatlink = {
      ...(options.chatlink as object),
      enabled: true,
      ...(chatlink && { patterns: chatlink.split('||') }),
      ...(chatlinkAttribute && { attribute: chatlinkAttribute }),
    };
  }
  try {
    const items: unknown = menu && JSON.parse(menu);
    // Labels must be text; hrefs are checked where the menu renders them (http(s) and relative only).
    if (Array.isArray(items)) options.menu = items.filter((m) => isObject(m) && typeof m.label === 'string');
  } catch {
    // An unreadable menu is left out; the bar still starts.
  }
  return options as ScriptOptions;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The script element that loaded this bundle (async scripts included), or the first one that looks like it. */
export function findOwnScript(doc: Document): HTMLScriptElement | null {
  const current = doc.currentScript;
  return current instanceof HTMLScriptElement
    ? current
    : doc.querySelector('script[data-api][src*="webim"],script[src*="webim.iife"]');
}
