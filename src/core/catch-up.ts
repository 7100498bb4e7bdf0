import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Message, OnlineReply } from '../protocol/types';
import { fail, type Core } from './context';

/**
 * When a ticket dies, the message server drops what it had queued for it: messages on their way to us are gone from
 * push, though the community server keeps them in history. So before a re-login's reply is applied, each
 * conversation that was active (an open tab, or traffic during the lost session; at most 20) gets a watermark: the
 * newest message delivered to us (push is in order, so everything before it arrived), or the session's start.
 * History newer than a watermark is news. The protocol has no sequence numbers, so a conversation that did not exist
 * in this page before the ticket died cannot be caught up this way.
 */
export function takeWatermarks(core: Core, start: number | null): Map<ConversationKey, number> {
  const open = core.store.tabs.peek();
  const marks: Array<[ConversationKey, number, number]> = [];
  for (const [key, c] of core.store.conversations.peek()) {
    const list = c.peek().messages;
    const newest = list.at(-1)?.timestamp ?? -Infinity;
    if (key.startsWith('broadcast') || !(open.includes(key) || (start !== null && newest >= start))) continue;
    const delivered = [...list].reverse().find((m) => m.from !== core.me() && m.status === 'sent');
    const mark = Math.max(delivered?.timestamp ?? -Infinity, start ?? -Infinity);
    if (mark > -Infinity) marks.push([key, mark, newest]);
  }
  marks.sort((a, b) => +open.includes(b[0]) - +open.includes(a[0]) || b[2] - a[2]);
  return new Map(marks.slice(0, 20).map(([key, mark]) => [key, mark]));
}

/** The login reply with the items of its history slices newer than their watermark moved to `newMessages`. */
export function promoteLost(reply: OnlineReply, marks: ReadonlyMap<ConversationKey, number>): OnlineReply {
  const histories = { ...reply.histories };
  const lost: Message[] = [];
  for (const [key, mark] of marks) {
    const slice = histories[key];
    if (!slice?.length) continue;
    const kept = slice.filter((m) => m.timestamp <= mark);
    // An emptied slice must not read as "this conversation has no history".
    if (kept.length) histories[key] = kept;
    else delete histories[key];
    lost.push(...slice.filter((m) => m.timestamp > mark));
  }
  return lost.length ? { ...reply, histories, newMessages: [...reply.newMessages, ...lost] } : reply;
}

/**
 * Pages back (`before`) each watermarked conversation whose login slice does not reach its watermark, until it does
 * (at most 10 pages); what is newer than the watermark arrives as a packet (news: unread, events, auto-pop).
 */
export function catchUp(
  core: Core,
  marks: ReadonlyMap<ConversationKey, number>,
  reply: Pick<OnlineReply, 'histories'>,
  limit: number,
): void {
  for (const [key, mark] of marks) {
    const { id, type } = parseConversationKey(key)!;
    const slice = reply.histories[key];
    // The login's slice: empty means no history at all; reaching the watermark means nothing is missing.
    if (slice && (!slice.length || slice[0].timestamp <= mark)) continue;
    void (async () => {
      let before = slice?.[0].timestamp;
      for (let page = 0; page < 10; page++) {
        let messages: Message[];
        try {
          messages = await core.api.histories({ id, type, limit, before });
        } catch (error) {
          return void fail(core, 'histories', error);
        }
        const news = messages.filter((m) => m.timestamp > mark);
        if (news.length)
          core.dispatch({ type: 'packet', packet: { status: 'ok', messages: news, presences: [], statuses: [] } });
        const first = messages[0]?.timestamp;
        // A short page is the start; a server that ignores `before` answers with the same page again.
        if (
          messages.length < limit ||
          first === undefined ||
          first <= mark ||
          (before !== undefined && first >= before)
        )
          return;
        before = first;
      }
    })();
  }
}
