import { makeSnapshot } from '../persist/snapshot';
import { applySnapshot } from '../persist/state';
import type { Persistence, SessionInfo, Snapshot } from '../persist/types';
import type { ConversationKey, Message } from '../protocol/types';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';
import type { Host } from './host';

/**
 * A stored session this young is still inside the message server's grace period (~8 s after its last subscriber
 * left), so re-subscribing with its ticket brings the user back without buddies seeing an offline/online flicker.
 */
export const SESSION_FRESH_MS = 6_000;

export interface PersistenceLinkDeps {
  store: Store;
  events: ClientEvents;
  host: Host;
  persistence: Persistence;
  uid: string;
  session(): SessionInfo | null;
  outbox(): Array<{ key: ConversationKey; message: Message }>;
}

/** Keeps a snapshot of the store in `persistence` and restores it at boot. */
export interface PersistenceLink {
  /** Loads and applies the stored snapshot (before any network call); returns it, or null. */
  restore(): Promise<Snapshot | null>;
  /** Writes now (pagehide); further changes in the same task are written at once too. */
  flush(): Promise<void>;
  stop(): void;
}

export function linkPersistence(deps: PersistenceLinkDeps): PersistenceLink {
  const { store, host, persistence, uid } = deps;

  const snapshot = (): Snapshot => {
    const info = deps.session();
    // While the link is up the session is alive now; otherwise as alive as it last was.
    const session = info && { ...info, aliveAt: store.connection.peek().state === 'connected' ? host.now() : info.aliveAt };
    return makeSnapshot(store, { uid, session, outbox: deps.outbox(), now: host.now() });
  };

  /** Set by `flush` (pagehide) until the current task ends: the page may be gone before a debounced write. */
  let leaving = false;

  // Every store change (local or from another tab) schedules a debounced write of the latest state; while the page
  // is being hidden (e.g. the composer saving its draft in its own, later `pagehide` listener) it is written at once.
  const stopSaving = deps.events.on('action', ({ action }) => {
    if (action.type === 'typing/sweep') return;
    persistence.save(snapshot);
    if (leaving) void persistence.flush().catch(() => undefined);
  });

  return {
    async restore() {
      let stored: Snapshot | null = null;
      try {
        stored = await persistence.load(uid);
      } catch {
        stored = null; // the contract says load never throws; a broken store must still not stop the boot
      }
      if (stored) applySnapshot(store, stored);
      return stored;
    },
    flush() {
      if (!leaving) {
        leaving = true;
        // A page kept in the back/forward cache runs this when it is shown again: debounced writes from then on.
        host.setTimeout(() => {
          leaving = false;
        }, 0);
      }
      persistence.save(snapshot);
      return persistence.flush();
    },
    stop: stopSaving,
  };
}

/** Whether a stored session may be re-subscribed instead of logging in again. */
export function isFresh(session: SessionInfo | null, uid: string, now: number): session is SessionInfo {
  return session !== null && session.me === uid && now - session.aliveAt <= SESSION_FRESH_MS && now >= session.aliveAt - SESSION_FRESH_MS;
}
