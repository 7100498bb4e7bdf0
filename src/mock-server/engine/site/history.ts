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
}

interface Stored {
  item: LogItem;
  seq: number;
}

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
 */
export class History {
  private readonly logs = new Map<string, Stored[]>();
  /** `uid \n key` → the last seq hidden from that user. */
  private readonly cleared = new Map<string, number>();
  private seq = 0;

  /** `ts`, or the next millisecond not yet taken in that conversation. */
  freeTimestamp(key: string, ts: number): number {
    const log = this.logs.get(key) ?? [];
    let at = this.indexAfter(log, ts);
    while (at > 0 && log[at - 1].item.timestamp === ts) {
      ts++;
      at = this.indexAfter(log, ts);
    }
    return ts;
  }

  /** Stores the item (its timestamp moved to a free millisecond if taken) and returns what was stored. */
  add(key: string, item: LogItem): LogItem {
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = []));
    const timestamp = this.freeTimestamp(key, item.timestamp);
    const stored = timestamp === item.timestamp ? item : { ...item, timestamp };
    log.splice(this.indexAfter(log, timestamp), 0, { item: stored, seq: ++this.seq });
    return stored;
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

  reset(): void {
    this.logs.clear();
    this.cleared.clear();
  }

  /** First index whose timestamp is greater than `ts`. */
  private indexAfter(log: Stored[], ts: number): number {
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid].item.timestamp <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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
