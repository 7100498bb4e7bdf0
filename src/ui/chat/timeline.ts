import type { Message } from '../../protocol/types';
import type { Notice } from '../../store/types';

/** Messages from one sender closer together than this share one header. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

/** One row of the message list. */
export type TimelineItem =
  | { kind: 'day'; key: string; time: number }
  | { kind: 'message'; key: string; message: Message; /** Starts a sender group (show avatar, nick, time). */ header: boolean }
  | { kind: 'notice'; key: string; notice: Notice };

/** `YYYY-M-D` of a timestamp in the local time zone. */
export function localDay(time: number): string {
  const d = new Date(time);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/**
 * Merges messages and notices by time into display rows: a day separator whenever the local date changes, and a
 * sender header when the sender changes, 5 minutes or more pass, or a separator or notice interrupts.
 */
export function buildTimeline(messages: readonly Message[], notices: readonly Notice[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  let day = '';
  let last: Message | undefined;
  let i = 0;
  let j = 0;
  while (i < messages.length || j < notices.length) {
    const m = messages[i];
    const n = notices[j];
    const takeMessage = m !== undefined && (n === undefined || m.timestamp <= n.timestamp);
    const time = takeMessage ? m!.timestamp : n!.timestamp;
    const d = localDay(time);
    if (d !== day) {
      day = d;
      items.push({ kind: 'day', key: `day:${d}`, time });
      last = undefined;
    }
    if (takeMessage) {
      const header = !last || last.from !== m!.from || m!.timestamp - last.timestamp >= GROUP_GAP_MS;
      items.push({ kind: 'message', key: `m:${m!.id}`, message: m!, header });
      last = m;
      i++;
    } else {
      items.push({ kind: 'notice', key: `n:${n!.id}`, notice: n! });
      last = undefined;
      j++;
    }
  }
  return items;
}
