import type { MessageKind } from '../im/router';

/** A stored message (v5 type names; converted to the site's generation on the way out). */
export interface LogItem {
  type: MessageKind;
  from: string;
  to: string;
  nick: string;
  to_nick?: string;
  body: string;
  style?: string;
  timestamp: number;
  client_id?: string;
  /** Server id: assigned when stored, growing site-wide (the `sync` cursor orders by it). */
  id?: number;
}

interface Stored {
  item: LogItem;
  seq: number;
  key: string;
}

/**
 * Key of the log of events addressed to one user (an invitation): stored, so they get a server id and `sync`
 * answers them to that user, but never a conversation's history (`logKey` never names it), where a stale event
 * would show up as text in an old client.
 */
export const eventKey = (to: string): string => `event:${to}`;

/** Whether a log key is a user's events (see `eventKey`). */
export const isEventKey = (key: string): boolean => key.startsWith('event:');

/** Conversation key of a log: a chat between two users (order-free), a room, or the site broadcasts. */
export function logKey(kind: MessageKind, a: string, b: string): string {
  if (kind === 'grpchat') return `grpchat:${b}`;
  if (kind === 'broadcast') return 'broadcast:';
  return a < b ? `chat:${a}\n${b}` : `chat:${b}\n${a}`;
}

/**
 * Chat history per conversation, kept sorted by timestamp. Timestamps are unique within a conversation (a clash
 * moves the newcomer forward a millisecond) so `before`-paging by timestamp never skips or repeats an item.
 * Clearing is per user and soft: it hides what that user has seen so far, the other side keeps theirs.
 *
 * Every stored item gets a server `id` that only grows (1, 2, 3… site-wide), so `since(id)` can answer everything
 * stored after a cursor across all conversations; and a (`from`, `client_id`) pair is stored once only, so a
 * retried POST whose answer was lost finds the copy it already made.
 */
export class History {
  private readonly logs = new Map<string, Stored[]>();
  /** Every stored item in id order (ids are assigned in storing order, so appending keeps it sorted). */
  private readonly journal: Stored[] = [];
  /** `from \n client_id` → the stored item. */
  private readonly sent = new Map<string, LogItem>();
  /** `uid \n key` → the last seq hidden from that user. */
  private readonly cleared = new Map<string, number>();
  private seq = 0;
  /** Bumped by `reset`: a cursor from before it points into a database that is gone. */
  generation = 1;
  /** The last id of the database's initial contents: where a cursor of an older generation goes on from. */
  baseline = 0;

  /**
   * The stored time of a new item of that conversation: the sender's `ts`, or one millisecond after the conversation's
   * last item when that is later. So every conversation's times are unique (paging by `before` neither skips nor
   * repeats) and grow in storing order — the order every reader and `sync` see. Moving a message to a free
   * millisecond in the middle instead reordered one sender's burst: two messages stamped in one millisecond were
   * stored as …-0 at t+1 and …-1 at t when another sender's message held t.
   */
  freeTimestamp(key: string, ts: number): number {
    const last = this.logs.get(key)?.at(-1)?.item.timestamp;
    return last === undefined || ts > last ? ts : last + 1;
  }

  /** Stores the item (its timestamp moved to a free millisecond if taken) and returns what was stored. */
  add(key: string, item: LogItem): LogItem {
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = []));
    const timestamp = this.freeTimestamp(key, item.timestamp);
    const seq = ++this.seq;
    const stored: LogItem = { ...item, timestamp, id: seq };
    const entry = { item: stored, seq, key };
    // Its time is past every other one of the conversation: the log stays in time order by appending.
    log.push(entry);
    this.journal.push(entry);
    if (stored.client_id) this.sent.set(`${stored.from}\n${stored.client_id}`, stored);
    return stored;
  }

  /**
   * Takes back an item just stored (its push was refused: a dead ticket), so the client's retry stores and pushes
   * it then; its id is not reused.
   */
  remove(stored: LogItem): void {
    const drop = (list: Stored[] | undefined) => {
      const i = list?.findIndex((e) => e.item === stored) ?? -1;
      if (i >= 0) list!.splice(i, 1);
    };
    for (const log of this.logs.values()) drop(log);
    drop(this.journal);
    if (stored.client_id && this.sent.get(`${stored.from}\n${stored.client_id}`) === stored)
      this.sent.delete(`${stored.from}\n${stored.client_id}`);
  }

  /** The item `from` already stored with this client id (a retried send), if any. */
  findSent(from: string, clientId: string | undefined): LogItem | undefined {
    return clientId ? this.sent.get(`${from}\n${clientId}`) : undefined;
  }

  /** What is stored so far is the database's initial contents (seed data), not news for anyone. */
  markBaseline(): void {
    this.baseline = this.seq;
  }

  /** The newest server id handed out (0 when nothing is stored). */
  get lastId(): number {
    return this.seq;
  }

  /**
   * Items stored after `since` (a server id) that `visible(key, item)` lets through and `uid` has not cleared,
   * oldest first, at most `limit`; `last` is the id of the last item examined (the next cursor), `more` whether
   * items after it remain unexamined.
   */
  since(
    uid: string,
    since: number,
    limit: number,
    visible: (key: string, item: LogItem) => boolean,
  ): { items: LogItem[]; last: number; more: boolean } {
    const items: LogItem[] = [];
    // The journal is in id order: start at the first id after the cursor.
    let lo = 0;
    let hi = this.journal.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.journal[mid].seq <= since) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let last = Math.max(0, Math.min(this.seq, Math.floor(since)));
    for (; i < this.journal.length && items.length < limit; i++) {
      const { item, seq, key } = this.journal[i];
      last = seq;
      if (seq <= (this.cleared.get(`${uid}\n${key}`) ?? 0) || !visible(key, item)) continue;
      items.push(item);
    }
    return { items, last, more: i < this.journal.length };
  }

  /** The `limit` newest items older than `before` (all when undefined) that `uid` has not cleared, ascending. */
  page(uid: string, key: string, before: number | undefined, limit: number): LogItem[] {
    const log = this.logs.get(key) ?? [];
    const hidden = this.cleared.get(`${uid}\n${key}`) ?? 0;
    const end = before === undefined ? log.length : this.indexBefore(log, before);
    const out: LogItem[] = [];
    for (let i = end - 1; i >= 0 && out.length < limit; i--) {
      if (log[i].seq > hidden) out.push(log[i].item);
    }
    return out.reverse();
  }

  clear(uid: string, key: string): void {
    this.cleared.set(`${uid}\n${key}`, this.seq);
  }

  /**
   * Deletes whole conversations: their items (from every reader: `page`, `since`, the retry de-dup) and every
   * user's cleared marker for them. A room that is deleted takes its log along, so a new room under the same id
   * starts empty instead of handing the old members' talk to whoever makes it.
   */
  forget(keys: ReadonlySet<string>): void {
    if (keys.size === 0) return;
    for (const key of keys) this.logs.delete(key);
    const gone = new Set(this.journal.filter((entry) => keys.has(entry.key)).map((entry) => entry.item));
    if (gone.size > 0) {
      // In place, keeping the id order `since` relies on.
      const kept = this.journal.filter((entry) => !gone.has(entry.item));
      this.journal.length = 0;
      this.journal.push(...kept);
      for (const [sentKey, item] of this.sent) if (gone.has(item)) this.sent.delete(sentKey);
    }
    for (const marker of this.cleared.keys()) {
      if (keys.has(marker.slice(marker.indexOf('\n') + 1))) this.cleared.delete(marker);
    }
  }

  /**
   * Deletes everything of a user who is gone for good (an expired visitor): their chats, their events, and what
   * they cleared. Nobody can reach these again (the id is never handed out twice), so keeping them only grows memory.
   */
  forgetUser(uid: string): void {
    const keys = new Set<string>();
    for (const key of this.logs.keys()) {
      if (key === eventKey(uid)) keys.add(key);
      else if (key.startsWith('chat:') && key.slice(5).split('\n').includes(uid)) keys.add(key);
    }
    this.forget(keys);
    for (const marker of this.cleared.keys()) if (marker.startsWith(`${uid}\n`)) this.cleared.delete(marker);
  }

  /** Forgets every item; ids keep growing (a cursor a client holds must never point past a newer item). */
  reset(): void {
    this.logs.clear();
    this.journal.length = 0;
    this.sent.clear();
    this.cleared.clear();
    this.generation++;
  }

  /** First index whose timestamp is at least `ts`. */
  private indexBefore(log: Stored[], ts: number): number {
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid].item.timestamp < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
