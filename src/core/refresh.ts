import type { Dispose } from '../util/disposables';
import { parseConversationKey } from '../protocol/keys';
import { noop, type Core } from './context';

/** Notifications are fetched this long after a login, off the login's critical path. */
export const NOTIFICATIONS_DELAY_MS = 1_500;
export const DEFAULT_NOTIFICATIONS_REFRESH_MS = 300_000;

/** The notifications' re-reading: `soon()` after a login (or a resumed session), `stop()` when going offline. */
export interface NotificationRefresh {
  soon(): void;
  stop(): void;
}

/**
 * Reads the site's notifications after a login, then every `everyMs` (a forum's notifications have no push; 0: only
 * once); a disconnected page skips a turn. Its timer is the core's, so it stops with the client.
 */
export function createNotificationRefresh(
  core: Core,
  read: () => Promise<unknown>,
  everyMs = DEFAULT_NOTIFICATIONS_REFRESH_MS,
): NotificationRefresh {
  const timer = core.timer(() => {
    const { state } = core.store.connection.peek();
    if (state === 'connected' || state === 'connecting') read().catch(noop);
    if (everyMs > 0) timer.start(everyMs);
  });
  return { soon: () => timer.start(NOTIFICATIONS_DELAY_MS), stop: timer.stop };
}

export const DEFAULT_STRANGERS_REFRESH_MS = 60_000;

/**
 * The fallback for strangers' presence (people the user chats with who are not buddies): the site names the ones it
 * knows of at login in `presences/online`, so their changes are pushed; a chat opened after the login, or a server
 * that does not pass them, gets no push. So every `everyMs` while connected the leader re-reads the open chats'
 * strangers (`refresh`: `refreshPeople`, which keeps the strangers among the ids and asks for them with one
 * `buddies` call — none, no request). Returns the undo.
 */
export function startStrangersRefresh(
  core: Core,
  deps: { leading(): boolean; refresh(ids: string[]): void },
  everyMs = DEFAULT_STRANGERS_REFRESH_MS,
): Dispose {
  if (everyMs <= 0) return noop;
  const { store } = core;
  const timer = core.timer(() => {
    if (store.connection.peek().state === 'connected' && deps.leading()) {
      const ids: string[] = [];
      for (const key of store.tabs.peek()) {
        const p = parseConversationKey(key);
        if (p?.type === 'chat') ids.push(p.id);
      }
      deps.refresh(ids);
    }
    timer.start(everyMs);
  });
  // Runs while connected: a new link starts the count afresh (the login just read everyone).
  return store.connection.subscribe(({ state }) => (state === 'connected' ? timer.start(everyMs) : timer.stop()));
}

/**
 * Typing indicators go when the earliest runs out; no timer runs while nobody is typing. Returns the undo (the timer
 * itself is the core's).
 */
export function startTypingSweep(core: Core): Dispose {
  const sweep = core.timer(() => core.dispatch({ type: 'typing/sweep' }));
  return core.store.typing.subscribe((typing) => {
    const until = Math.min(...[...typing.values()].flat().map((e) => e.until));
    if (until < Infinity) sweep.start(Math.max(0, until - core.now()));
    else sweep.stop();
  });
}
