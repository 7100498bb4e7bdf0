import { createClient } from '../core/index';
import { init, type WebIMInstance, type WebIMOptions } from '../init';
import { mountToolbar } from '../ui/mount';
import { findOwnScript, readConfig } from './config';
import { keepAttached } from './keep-alive';
import { addLocaleFile } from './locale-files';

/** A command queued before the script loaded: `WebIM.push(['init', {…}])`, `['open', 'chat:bob']`, or a function. */
export type Command = ((api: WebIMGlobal) => void) | [string, ...unknown[]];

/** `window.WebIM` once the script has run. */
export interface WebIMGlobal {
  readonly version: string;
  /** The running instance, if started. */
  readonly instance: WebIMInstance | null;
  /** Starts the bar (once: later calls return the running instance and ignore their options). */
  init(options?: WebIMOptions): WebIMInstance;
  /**
   * Runs commands now (the forms the pre-load queue takes): `['init', options]`, `['open', key, {nick}?]`,
   * `['send', {to, body, type?}]`, `['presence', show, status?]`, `['on', event, listener]`, `['logout']` (sign-out:
   * offline and forget this user's data in this browser), `['destroy']`, `['strings', locale, texts]` (what the
   * locale files in `dist/locales/` run), or a
   * function called with this object. Client commands given before the bar starts wait for it.
   */
  push(...commands: Command[]): number;
  destroy(): void;
  /** Building blocks for pages that assemble the bar themselves. */
  createClient: typeof createClient;
  mountToolbar: typeof mountToolbar;
}

type Win = Window & { WebIM?: unknown; webimConfig?: unknown };

/**
 * Marks the object this script installs as `window.WebIM`. A page's markup can put elements there too (`<a id="WebIM">`
 * and `<a id="WebIM" name="mountToolbar">` make it an HTMLCollection with a truthy `mountToolbar`), but no markup can
 * set a symbol-keyed property, so only a copy of this script is recognised as "already running". `Symbol.for` makes
 * it the same key in every copy of the bundle.
 */
const GLOBAL_BRAND = Symbol.for('webim.global');

function isRunningGlobal(value: unknown): value is WebIMGlobal {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[GLOBAL_BRAND] === true;
}

/**
 * Installs `window.WebIM`, replays the command queue the page may have built before the script loaded, and
 * auto-starts from `window.webimConfig` + the script tag's `data-*` (unless `data-autostart="false"`). Loading the
 * script twice never mounts two bars: the second copy finds the first and does nothing.
 */
export function installGlobal(win: Win, version: string): WebIMGlobal {
  const existing = win.WebIM;
  if (isRunningGlobal(existing)) return existing;

  // Only an array is the page's command queue; anything else there (elements a forum post named WebIM) is replaced.
  const queue = Array.isArray(existing) ? (existing as Command[]) : [];
  const doc = win.document;
  const { autostart, ...config } = readConfig(findOwnScript(doc), win.webimConfig);
  let instance: WebIMInstance | null = null;
  let stopKeepAlive: (() => void) | undefined;
  const waiting: Command[] = [];

  const run = (command: Command): void => {
    try {
      if (typeof command === 'function') return command(api);
      const [name, a, b] = command;
      if (name === 'init') start(a as WebIMOptions);
      else if (name === 'strings') addLocaleFile(a, b);
      else if (name === 'destroy') api.destroy();
      else if (!instance) waiting.push(command);
      else {
        const c = instance.client;
        // The page's arguments are as untrusted as its typos: the client checks them where it matters.
        if (name === 'open') c.openConversation(a as never, b as never);
        else if (name === 'send') c.sendMessage(a as never);
        else if (name === 'presence') c.setPresence(a as never, b as never).catch(() => undefined);
        else if (name === 'on') c.on(a as never, b as never);
        else if (name === 'logout') c.logout().catch(() => undefined);
        else console.warn('webim: unknown command', name);
      }
    } catch (error) {
      // A page's bad command must not break the bar or the page.
      console.error('webim: command failed', error);
    }
  };

  const start = (options?: WebIMOptions): WebIMInstance => {
    if (!instance) {
      // The tag's `data-uid` is the site's word on who is signed in: someone else's stored data goes.
      const running = (instance = init({ forgetOtherUsers: true, ...config, ...options }));
      stopKeepAlive = keepAttached(running.toolbar.host, running.rescan);
      waiting.splice(0).forEach(run);
    }
    return instance;
  };

  const api: WebIMGlobal = {
    version,
    get instance() {
      return instance;
    },
    init: start,
    push: (...commands) => {
      commands.forEach(run);
      return 0;
    },
    destroy() {
      stopKeepAlive?.();
      instance?.destroy();
      instance = null;
    },
    createClient,
    mountToolbar,
  };
  Object.defineProperty(api, GLOBAL_BRAND, { value: true });
  win.WebIM = api;

  const boot = () => {
    // Locale files the page listed before this script: their strings are in before the bar's first render.
    const strings = (c: Command) => Array.isArray(c) && c[0] === 'strings';
    queue.filter(strings).forEach(run);
    if (autostart !== false && !queue.some((c) => Array.isArray(c) && c[0] === 'init')) start();
    queue.filter((c) => !strings(c)).forEach(run);
  };
  // The bar goes into <body>; a script in <head> without `async`/`defer` runs before there is one.
  if (doc.body) boot();
  else doc.addEventListener('DOMContentLoaded', boot, { once: true });
  return api;
}
