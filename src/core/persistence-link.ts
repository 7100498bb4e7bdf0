import { createArchive, type MessageArchive } from '../persist/archive';
import { createPersistence } from '../persist/persistence';
import { forgetPreviousUser } from '../persist/previous-user';
import { makeSnapshot } from '../persist/snapshot';
import { applySnapshot, applyState, captureState } from '../persist/state';
import type { Persistence, SessionInfo, Snapshot } from '../persist/types';
import type { ConversationKey, Message } from '../protocol/types';
import { createStore } from '../store/store';
import { noop, type Core } from './context';
import type { Outbox } from './outbox';
import type { Session } from './session';
import type { Sync } from './sync';
import type { ClientOptions, WebIMClient } from './types';

/** What the persistence link saves from and restores into. */
export interface PersistenceContext {
  core: Core;
  options: Pick<ClientOptions, 'uid' | 'env' | 'persistence' | 'archive'>;
  /** The site's key for stored snapshots (the page's host). */
  domain: string;
  session: Pick<Session, 'info'>;
  outbox: Pick<Outbox, 'entries'>;
  sync: Pick<Sync, 'cursor' | 'adopt'>;
  on: WebIMClient['on'];
  /** Stored data that failed its checks was dropped. */
  reportTampered(error: unknown): void;
}

/**
 * The client's link to its stored snapshot (see `docs/tabs.md`, "Persistence"): restores the store from it at boot,
 * saves every change (debounced; at once while the page is being hidden), and forgets it on logout. Until
 * `restore` or `forgetOthers` opens storage, saving and flushing do nothing. Beside the snapshot, the message archive
 * (`persist/archive.ts`: the newest 5,000 sent messages per conversation) keeps what the in-memory cap let go, for
 * history paging to read before asking the server.
 */
export function createPersistenceLink(context: PersistenceContext) {
  const { core, options, session, sync } = context;
  const { store, now } = core;
  const env = options.env ?? {};
  let persistence: Persistence | undefined;
  /** Opened with the snapshot storage, unless the options turn it off. */
  let archive: MessageArchive | null = null;
  /** Set by the pagehide flush until the task ends: the page may be gone before a debounced write. */
  let leaving = false;
  /** The user was forgotten (logout): nothing is saved until the next `online`. */
  let forgotten = false;
  /** The stored session, until the next `online` takes it (or `offline` drops it). */
  let restored: SessionInfo | null = null;

  const open = () => {
    archive ??= options.archive === false ? null : (options.archive ?? createArchive({ domain: context.domain }));
    return options.persistence ?? createPersistence({ domain: context.domain, onError: context.reportTampered });
  };
  const conversations = () => [...store.conversations.peek().values()].map((c) => c.peek());
  const snapshot = (): Snapshot => {
    const info = session.info;
    return makeSnapshot(store, {
      uid: options.uid!,
      // While the link is up the session is alive now; otherwise as alive as it last was.
      session: info && { ...info, aliveAt: store.connection.peek().state === 'connected' ? now() : info.aliveAt },
      outbox: context.outbox.entries(),
      cursor: sync.cursor,
      now: now(),
    });
  };
  const flush = () => {
    if (!persistence || forgotten) return;
    if (!leaving) {
      leaving = true;
      // A page kept in the back/forward cache runs this when shown again: debounced writes from then on.
      (env.setTimeout ?? setTimeout)(() => (leaving = false), 0);
    }
    persistence.save(snapshot);
    persistence.flush().catch(noop);
    archive?.flush().catch(noop);
  };

  return {
    /** Schedules a write of the latest state. */
    save(): void {
      persistence?.save(snapshot);
    },
    /** Writes now (`pagehide`), and every change until the task ends. */
    flush,
    /** Another user's stored data is deleted (`forgetOtherUsers`). */
    async forgetOthers(): Promise<void> {
      const p = (persistence ??= open());
      // The previous user's snapshot and their archived messages.
      const both = { clear: (who: string) => Promise.all([p.clear(who), archive?.clear(who)]).then(noop) };
      await forgetPreviousUser(context.domain, options.uid, both).catch(noop);
    },
    /** Older messages of `key` than `oldest` kept on this device, newest `limit` (none without an archive). */
    older(key: ConversationKey, oldest: Message, limit: number): Promise<Message[]> {
      return archive && options.uid ? archive.older(options.uid, key, oldest, limit) : Promise.resolve([]);
    },
    /**
     * Boot: hydrates the store from the user's snapshot (null: none) and saves every change from now on (here or
     * from another tab); while the page is being hidden (the composer saving its draft in a later pagehide
     * listener) a change is written at once.
     */
    async restore(uid: string): Promise<Snapshot | null> {
      const p = (persistence ??= open());
      const a = archive;
      context.on('action', ({ action }) => {
        if (action.type === 'online') forgotten = false;
        if (action.type === 'history/clear') void a?.clear(uid, action.key);
        if (action.type === 'typing/sweep' || forgotten) return;
        a?.save(uid, conversations);
        leaving ? flush() : p.save(snapshot);
      });
      // A reload shows this tab's pagehide copy at once; a newer snapshot on disk (another tab wrote it meanwhile)
      // is applied over it when it comes: `applySnapshot` rewrites only what differs.
      let shown: Snapshot | null = null;
      const stored = await p.load(uid, (early) => applySnapshot(store, (shown = early))).catch(() => shown);
      if (stored && stored !== shown) applySnapshot(store, stored);
      // Restored lists are as the last page left them, and so is the archive: nothing to write until they change.
      for (const c of stored?.state.conversations ?? [])
        a?.remember(store.conversations.peek().get(c.key)!.peek().messages);
      restored = stored?.session ?? null;
      sync.adopt(stored?.cursor);
      return stored;
    },
    /** The restored session, once (null after the first call, a logout, or without one). */
    takeSession(): SessionInfo | null {
      const r = restored;
      restored = null;
      return r;
    },
    /**
     * Forgets the user in this tab: empties the store (conversations, drafts, roster, unsent messages with it, which
     * the outbox then skips) and deletes the stored snapshot and this tab's pagehide copy. Saving resumes with the
     * next `online`.
     */
    async forget(): Promise<void> {
      forgotten = true;
      restored = null;
      applyState(store, captureState(createStore()));
      if (options.uid) await Promise.all([persistence?.clear(options.uid), archive?.clear(options.uid)]);
    },
  };
}

export type PersistenceLink = ReturnType<typeof createPersistenceLink>;
