import type { Message } from '../../protocol/types';
import type { Notice } from '../../store/types';

/** Messages from one sender closer together than this share one header (avatar, nick, time). */
export const GROUP_GAP_MS = 5 * 60 * 1000;

/** One line of the log: a day separator, a room notice, or a message (with its sender header or grouped). */
export type LogRow =
  | { kind: 'day'; key: string; timestamp: number }
  | { kind: 'notice'; key: string; notice: Notice }
  | { kind: 'message'; key: string; message: Message; head: boolean };

/**
 * The log's rows: messages and notices by time (a message first on equal times), a day separator before each
 * day's first row, and sender groups that restart at a day separator, a notice, a broadcast or a gap of
 * {@link GROUP_GAP_MS}. Rows equal to one in `previous` (same key, same message, same grouping) are that object
 * again, so a row component can skip re-rendering by identity: a new message costs one row's render.
 */
export function buildRows(
  messages: readonly Message[],
  notices: readonly Notice[],
  previous: ReadonlyMap<string, LogRow> = new Map(),
): LogRow[] {
  const rows: LogRow[] = [];
  let day = '';
  // The current day's local bounds: a row inside them needs no Date (10,000 rows would make 10,000).
  let dayStart = Infinity;
  let dayEnd = -Infinity;
  let prev: Message | undefined;
  let n = 0;
  const reuse = (row: LogRow): LogRow => {
    const old = previous.get(row.key);
    const same =
      old?.kind === row.kind &&
      (row.kind === 'message'
        ? old.kind === 'message' && old.message === row.message && old.head === row.head
        : row.kind === 'notice'
          ? old.kind === 'notice' && old.notice === row.notice
          : true);
    rows.push(same ? old! : row);
    return row;
  };
  // Both lists are ascending: merge them (notices are few; messages come first on equal times).
  for (let i = 0; i < messages.length || n < notices.length;) {
    const takeNotice = n < notices.length && (i >= messages.length || notices[n]!.timestamp < messages[i]!.timestamp);
    const timestamp = takeNotice ? notices[n]!.timestamp : messages[i]!.timestamp;
    if (timestamp < dayStart || timestamp >= dayEnd) {
      const date = new Date(timestamp);
      dayStart = new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
      dayEnd = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
      if (date.toDateString() !== day) {
        day = date.toDateString();
        prev = undefined;
        reuse({ kind: 'day', key: `d:${day}`, timestamp });
      }
    }
    if (takeNotice) {
      const notice = notices[n++]!;
      reuse({ kind: 'notice', key: `n:${notice.id}`, notice });
      prev = undefined;
      continue;
    }
    const m = messages[i++]!;
    const head =
      m.type === 'broadcast' || !prev || prev.from !== m.from || m.timestamp - prev.timestamp >= GROUP_GAP_MS;
    prev = m;
    reuse({ kind: 'message', key: `m:${m.id}`, message: m, head });
  }
  return rows;
}

/** Rows by key, for the next `buildRows`. */
export const rowsByKey = (rows: readonly LogRow[]): Map<string, LogRow> => new Map(rows.map((r) => [r.key, r]));
