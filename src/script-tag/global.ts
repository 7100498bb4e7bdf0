import { createClient } from '../core/index';
import type { WebIMClient } from '../core/types';
import { init, type WebIMInstance, type WebIMOptions } from '../init';
import type { ConversationKey } from '../protocol/types';
import { mountToolbar } from '../ui/mount';
import { readConfig, findOwnScript } from './config';
import { keepAttached } from './keep-alive';

/** A command queued before the script loaded: `WebIM.push(['init', {…}])`, `['open', 'chat:bob']`, or a function. */
export type Command = ((api: WebIMGlobal) => void) | [string, ...unknown[]];

/** `window.WebIM` once the script has run. */
export interface WebIMGlobal {
  readonly version: string;
  /** The running instance, if started. */
  readonly instance: WebIMInstance | null;
  /** Starts the bar (once: later calls return the running instance and ignore their options). */
  init(options?: WebIMOptions): WebIMInstance;
  /** Runs a command now (the same forms the pre-load queue takes). */
  push(...commands: Command[]): number;
  destroy(): void;
  /** Building blocks for pages that assemble the bar themselves. */
  createClient: typeof createClient;
  mountToolbar: typeof mountToolbar;
}

const MARK = '__webimGlobal';

/**
 * Installs `window.WebIM`, replays the command queue the page may have built before the script loaded, and
 * auto-starts from `window.webimConfig` + the script tag's `data-*` (unless `data-autostart="false"`). Loading the
 * script twice never mounts two bars: the second copy finds the first and does nothing.
 */
export function installGlobal(win: Window & { WebIM?: unknown; webimConfig?: unknown }, version: string): WebIMGlobal {
  const existing = win.WebIM as Partial<WebIMGlobal> & { [MARK]?: true } | undefined;
  if (existing && existing[MARK]) return existing as WebIMGlobal;

  const queue: Command[] = Array.isArray(win.WebIM) ? (win.WebIM as Command[]) : [];
  const doc = win.document;
  const config = readConfig(findOwnScript(doc), win.webimConfig);
  let instance: WebIMInstance | null = null;
  let stopKeepAlive: (() => void) | null = null;
  const pending: Command[] = [];

  const start = (options: WebIMOptions = {}): WebIMInstance => {
    if (instance) return instance;
    const { autostart: _ignored, ...merged } = { ...config, ...options } as WebIMOptions & { autostart?: boolean };
    instance = init(merged);
    const running = instance;
    stopKeepAlive = keepAttached(running.toolbar.host, () => running.rescan());
    for (const command of pending.splice(0)) run(command);
    return running;
  };

  const run = (command: Command): void => {
    try {
      if (typeof command === 'function') return command(api);
      if (!Array.isArray(command)) return;
      const [name, ...args] = command;
      if (name === 'init') {
        start(args[0] as WebIMOptions | undefined);
        return;
      }
      if (name === 'destroy') return api.destroy();
      // Everything else needs a running client; keep it until the bar starts.
      if (!instance) {
        pending.push(command);
        return;
      }
      const client: WebIMClient = instance.client;
      if (name === 'open' && typeof args[0] === 'string') client.openConversation(args[0] as ConversationKey, args[1] as { nick?: string });
      else if (name === 'on' && typeof args[0] === 'string' && typeof args[1] === 'function') client.on(args[0] as 'message', args[1] as () => void);
      else if (name === 'send' && args[0] && typeof args[0] === 'object') client.sendMessage(args[0] as Parameters<WebIMClient['sendMessage']>[0]);
      else if (name === 'presence' && typeof args[0] === 'string') void client.setPresence(args[0] as 'available', args[1] as string | undefined).catch(() => undefined);
      else console.warn(`webim: unknown command ${String(name)}`);
    } catch (error) {
      // A page's bad command must not break the bar or the page.
      console.error('webim: command failed', error);
    }
  };

  const api: WebIMGlobal & { [MARK]: true } = {
    [MARK]: true,
    version,
    get instance() {
      return instance;
    },
    init: start,
    push(...commands) {
      for (const c of commands) run(c);
      return 0;
    },
    destroy() {
      stopKeepAlive?.();
      stopKeepAlive = null;
      instance?.destroy();
      instance = null;
    },
    createClient,
    mountToolbar,
  };
  win.WebIM = api;

  const explicitInit = queue.some((c) => Array.isArray(c) && c[0] === 'init');
  const boot = () => {
    if (!explicitInit && config.autostart !== false) start();
    for (const command of queue) run(command);
  };
  // The bar goes into <body>; a script in <head> without `async`/`defer` runs before there is one.
  if (doc.body) boot();
  else doc.addEventListener('DOMContentLoaded', boot, { once: true });
  return api;
}
