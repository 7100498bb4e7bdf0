import { promisifyRequest } from 'idb-keyval';
import { messageConversation } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import { createSaveTimer } from '../util/save-timer';
import { readMessage } from './schema';
import { attempt, pageGlobal } from './util';

/** The local history tier between the in-memory messages and the server (see `createArchive`). */
export interface MessageArchive {
  /**
   * Schedules a write of the conversations `read` returns when it runs (debounced; the latest call wins). Each
   * conversation's messages must be one unbroken stretch of its history, oldest first, as the store keeps them;
   * `hasMore: false` says the stretch starts at the very first message.
   */
  save(uid: string, read: () => Iterable<ArchivedConversation>): void;
  /** This list is as the stored snapshot had it: no need to write it again until it changes. */
  remember(list: readonly Message[]): void;
  /** Runs a scheduled write now (pagehide). */
  flush(): Promise<void>;
  /**
   * Up to `limit` stored messages of `key` just older than `oldest` (the oldest one in memory), oldest first, never
   * splitting a timestamp; empty when the archive has none that follow on from `oldest` without a gap. Never rejects.
   */
  older(uid: string, key: ConversationKey, oldest: Message, limit: number): Promise<Message[]>;
  /** Forgets one conversation (its history was cleared) or, without `key`, everything of the user (logout). */
  clear(uid: string, key?: ConversationKey): Promise<void>;
}

export interface ArchivedConversation {
  key: ConversationKey;
  messages: readonly Message[];
  hasMore: boolean;
}

export interface ArchiveOptions {
  /** The site's IM domain: records of different domains never mix. */
  domain: string;
  /** Pass `null` for none (the archive then keeps nothing and finds nothing). Default: the page's. */
  indexedDB?: IDBFactory | null;
  /** The `IDBKeyRange` of the same implementation as `indexedDB`. Default: the page's. */
  IDBKeyRange?: typeof IDBKeyRange;
  /** Newest messages kept per conversation. Default 5,000. */
  maxMessages?: number;
  /** Quiet time before a scheduled write. Default 500 ms. */
  debounceMs?: number;
  /** Longest a scheduled write waits while messages keep coming. Default 3000 ms. */
  maxWaitMs?: number;
  /** Default `webim-archive`. */
  dbName?: string;
}

export const ARCHIVE_STORE = 'messages';
export const DEFAULT_ARCHIVE_MAX = 5_000;

/**
 * A record: the message, and whether the message stored just before it may be missing (`gap`): written by the first
 * message of a stretch whose predecessor the writer did not have.
 */
interface ArchiveRecord {
  m: Message;
  gap?: true;
}

/**
 * Older messages kept in IndexedDB beyond the in-memory cap (database `webim-archive`, store `messages`, one record
 * per message under `[domain, uid, conversation, timestamp, id]`, so one conversation's messages are one key range in
 * time order), at most `maxMessages` per conversation. Every message the store holds is written once it settles
 * (`sent`); a message's record says whether its predecessor is known, so paging back never skips over messages the
 * archive never saw (a flood that went past the cap before a write, a time offline): it stops there and the server
 * takes over. Without IndexedDB it keeps nothing.
 */
export function createArchive(options: ArchiveOptions): MessageArchive {
  const {
    domain,
    maxMessages = DEFAULT_ARCHIVE_MAX,
    debounceMs = 500,
    maxWaitMs = 3000,
    dbName = 'webim-archive',
  } = options;
  let factory = pageGlobal(options, 'indexedDB', () => indexedDB);
  const Range = pageGlobal(options, 'IDBKeyRange', () => IDBKeyRange);
  if (!Range) factory = null;
  let opening: Promise<IDBDatabase> | undefined;
  const open = () =>
    (opening ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory!.open(dbName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(ARCHIVE_STORE);
      promisifyRequest(request).then((db) => {
        // Another tab upgrading: step aside, the next use reopens.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      }, reject);
    }).catch((error) => {
      factory = null;
      throw error;
    }));
  const transaction = async (mode: IDBTransactionMode) =>
    (await open()).transaction(ARCHIVE_STORE, mode).objectStore(ARCHIVE_STORE);

  const range = (uid: string, key: ConversationKey) => Range!.bound([domain, uid, key], [domain, uid, key, []]);
  /** Messages written with a known predecessor (or as the very first): never written again while unchanged. */
  let clean = new WeakSet<Message>();
  /** Lists written (or restored as written): an unchanged one is skipped whole. */
  let written = new WeakSet<readonly Message[]>();

  const write = async (uid: string, conversations: Iterable<ArchivedConversation>) => {
    const work: Array<[ConversationKey, Message[], boolean]> = [];
    for (const { key, messages, hasMore } of conversations) {
      if (written.has(messages)) continue;
      written.add(messages);
      // Unsent messages live in the outbox; the archive keeps what the server has.
      const sent = messages.filter((m) => m.status === 'sent');
      if (sent.length) work.push([key, sent, hasMore]);
    }
    if (!work.length || !factory) return;
    const store = await transaction('readwrite');
    for (const [key, list, hasMore] of work) {
      let touched = false;
      list.forEach((m, i) => {
        if (clean.has(m)) return;
        touched = true;
        const id = [domain, uid, key, m.timestamp, m.id];
        if (i || !hasMore) {
          store.put({ m } satisfies ArchiveRecord, id);
          clean.add(m);
        } else {
          // The stretch's first message: what came before it is unknown here. A record that exists keeps what an
          // earlier write knew; a new one marks the gap (`add` fails on an existing key, and the failure is ignored).
          store.add({ m, gap: true } satisfies ArchiveRecord, id).onerror = (event) => event.preventDefault();
        }
      });
      if (!touched) continue;
      // Bounded: the oldest beyond `maxMessages` go.
      const all = range(uid, key);
      store.count(all).onsuccess = function () {
        const extra = this.result - maxMessages;
        if (extra > 0)
          store.getAllKeys(all, extra).onsuccess = function () {
            store.delete(Range!.bound([domain, uid, key], this.result.at(-1)!));
          };
      };
    }
    // No early `commit()`: the bound's requests are made from callbacks. A write lost with the page only leaves a gap.
    await promisifyRequest(store.transaction);
  };

  let pending: { uid: string; read: () => Iterable<ArchivedConversation> } | null = null;
  /** Writes and deletions, one after the other in the order asked (a forget is never overtaken); never rejects. */
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>, failed?: () => void) =>
    (queue = queue.then(task).catch(() => failed?.()));
  const run = () => {
    saveTimer.cancel();
    const job = pending;
    pending = null;
    // What the store holds now: a conversation cleared meanwhile is written empty.
    const conversations = job && attempt(() => [...job.read()]);
    if (!conversations) return queue;
    return enqueue(
      () => write(job!.uid, conversations),
      () => {
        // Not stored after all: nothing may count as written.
        clean = new WeakSet();
        written = new WeakSet();
      },
    );
  };

  // Quiet time after the last change, at most `maxWaitMs` after the first: a busy room is archived as it goes.
  const saveTimer = createSaveTimer(() => void run(), { debounceMs, maxWaitMs });

  return {
    save(uid, read) {
      if (!factory) return;
      pending = { uid, read };
      saveTimer.changed();
    },
    remember(list) {
      written.add(list);
    },
    flush: run,
    async older(uid, key, oldest, limit) {
      // What is still to be written goes first.
      await run();
      if (!factory) return [];
      try {
        const store = await transaction('readonly');
        const { timestamp: t } = oldest;
        // The oldest message in memory must be stored as following on from the one stored before it.
        const head = await promisifyRequest<ArchiveRecord[]>(
          store.getAll(Range!.bound([domain, uid, key, t], [domain, uid, key, t, []])),
        );
        if (!head.length || head.some((r) => r.gap)) return [];
        const page: Message[] = [];
        const request = store.openCursor(Range!.bound([domain, uid, key], [domain, uid, key, t], false, true), 'prev');
        /** Once set, the page ends after the last message of this timestamp. */
        let last: number | undefined;
        await new Promise<void>((resolve, reject) => {
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const cursor = request.result;
            const r = cursor?.value as ArchiveRecord | undefined;
            // Other scripts of the origin can write here: a record that is not a sent message of this conversation
            // (as we store them) ends the page like a gap, and the server takes over from there.
            const m = r && attempt(() => readMessage(r.m));
            const ours = m?.status === 'sent' && messageConversation(m, uid) === key;
            if (!ours || (last !== undefined && m.timestamp !== last)) return resolve();
            page.push(m);
            if (r!.gap || page.length >= limit) last = m.timestamp;
            cursor!.continue();
          };
        });
        return page.reverse();
      } catch {
        return [];
      }
    },
    clear(uid, key) {
      // A conversation's clear keeps the scheduled write: it reads the store (the cleared conversation empty) later.
      if (!key && pending?.uid === uid) pending = null;
      return enqueue(async () => {
        if (!factory) return;
        const store = await transaction('readwrite');
        store.delete(key ? range(uid, key) : Range!.bound([domain, uid], [domain, uid, []]));
        await promisifyRequest(store.transaction);
      });
    },
  };
}
