import type { Message } from '../../protocol/types';
import type { Notice } from '../../store/types';

/** Messages from one sender closer together than this share one header (avatar, nick, time). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

/** One line of the log: a day separator, a room notice, or a message (with its sender header or grouped). */
export type LogRow =
  | { kind: 'day'; key: string; timestamp: number }
  | { kind: 'notice'; key: string; notice: Notice }
  | { kind: 'message'; key: string; message: Message; head: boolean };

/** Where a build of the rows stopped: enough to go on with messages that come after the last row. */
export interface RowsEnd {
  /** `Date#toDateString()` of the last row's day ('' before any row). */
  day: string;
  /** The local bounds of that day: a row inside them needs no Date (10,000 rows would make 10,000). */
  dayStart: number;
  dayEnd: number;
  /** The message a next message would group with (none after a day separator or a notice). */
  prev?: Message;
}

/** Appends rows to `rows`, going on from `end` (which it updates). */
class RowWriter {
  constructor(
    readonly rows: LogRow[],
    readonly end: RowsEnd,
    private readonly previous: ReadonlyMap<string, LogRow>,
  ) {}

  /** A row equal to one in `previous` (same key, same message, same grouping) is that object again. */
  private push(row: LogRow): void {
    const old = this.previous.get(row.key);
    const same =
      old?.kind === row.kind &&
      (row.kind === 'message'
        ? old.kind === 'message' && old.message === row.message && old.head === row.head
        : row.kind === 'notice'
          ? old.kind === 'notice' && old.notice === row.notice
          : true);
    this.rows.push(same ? old! : row);
  }

  /** A day separator first when `timestamp` starts a new day. */
  private day(timestamp: number): void {
    const end = this.end;
    if (timestamp >= end.dayStart && timestamp < end.dayEnd) return;
    const date = new Date(timestamp);
    end.dayStart = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
    end.dayEnd = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
    if (date.toDateString() === end.day) return;
    end.day = date.toDateString();
    end.prev = undefined;
    this.push({ kind: 'day', key: `d:${end.day}`, timestamp });
  }

  notice(notice: Notice): void {
    this.day(notice.timestamp);
    this.push({ kind: 'notice', key: `n:${notice.id}`, notice });
    this.end.prev = undefined;
  }

  message(m: Message): void {
    this.day(m.timestamp);
    const prev = this.end.prev;
    const head =
      m.type === 'broadcast' || !prev || prev.from !== m.from || m.timestamp - prev.timestamp >= GROUP_GAP_MS;
    this.end.prev = m;
    this.push({ kind: 'message', key: `m:${m.id}`, message: m, head });
  }
}

/** Where a build starts: before any row. */
export const startOfRows = (): RowsEnd => ({ day: '', dayStart: Infinity, dayEnd: -Infinity });

/**
 * The log's rows: messages and notices by time (a message first on equal times), a day separator before each
 * day's first row, and sender groups that restart at a day separator, a notice, a broadcast or a gap of
 * {@link GROUP_GAP_MS}. Rows equal to one in `previous` (same key, same message, same grouping) are that object
 * again, so a row component can skip re-rendering by identity: a new message costs one row's render. `end`, when
 * given, receives where the build stopped (for {@link appendRows}).
 */
export function buildRows(
  messages: readonly Message[],
  notices: readonly Notice[],
  previous: ReadonlyMap<string, LogRow> = new Map(),
  end: RowsEnd = startOfRows(),
): LogRow[] {
  Object.assign(end, startOfRows(), { prev: undefined });
  const writer = new RowWriter([], end, previous);
  // Both lists are ascending: merge them (notices are few; messages come first on equal times).
  let n = 0;
  for (let i = 0; i < messages.length || n < notices.length;) {
    if (n < notices.length && (i >= messages.length || notices[n]!.timestamp < messages[i]!.timestamp))
      writer.notice(notices[n++]!);
    else writer.message(messages[i++]!);
  }
  return writer.rows;
}

/**
 * The rows for `messages` when they are `built` (what `rows` were built from, with the same `notices`) plus newer
 * messages after them — the usual change: a message came in. Costs the new messages only, not the conversation:
 * `rows` and `end` are left as they were; the answer is a new array and `end` a new state. Null when `messages`
 * is not `built` plus newer ones after every notice (an older page, a cut, a changed message): build them whole.
 */
export function appendRows(
  rows: readonly LogRow[],
  end: RowsEnd,
  built: readonly Message[],
  messages: readonly Message[],
  notices: readonly Notice[],
): { rows: LogRow[]; end: RowsEnd } | null {
  const from = built.length;
  if (messages.length <= from) return null;
  // The same objects in the same places (a pointer compare each: no row is made for them).
  for (let i = 0; i < from; i++) if (messages[i] !== built[i]) return null;
  // A notice at or after the first new message would go between the new ones.
  if (notices.length && notices.at(-1)!.timestamp >= messages[from]!.timestamp) return null;
  const writer = new RowWriter(rows.slice(), { ...end }, new Map());
  for (let i = from; i < messages.length; i++) writer.message(messages[i]!);
  return { rows: writer.rows, end: writer.end };
}

/** Rows by key, for the next `buildRows`. */
export const rowsByKey = (rows: readonly LogRow[]): Map<string, LogRow> => new Map(rows.map((r) => [r.key, r]));
