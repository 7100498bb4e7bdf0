import { ApiError, type WebIMApi } from '../api/types';
import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Message, OnlineReply } from '../protocol/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';

/** Pages fetched back per conversation at most, and conversations caught up at most, after one re-login. */
export const CATCH_UP_MAX_PAGES = 10;
export const CATCH_UP_MAX_CONVERSATIONS = 20;

/**
 * Per conversation, the server time up to which nothing can have been lost: the newest message delivered to us
 * (push is in order, so everything before it arrived), or the lost session's start when nothing arrived in it.
 */
export type Watermarks = Map<ConversationKey, number>;

/**
 * When a ticket dies, the message server drops what it had queued for it: messages that were on their way to us
 * are gone from push, though the community server keeps them in history. The login reply's history slice covers
 * only the newest few of an open tab, so after a re-login each conversation that was active (an open tab, or
 * traffic during the lost session) is paged back from the newest message until the pages reach its watermark.
 */
export function takeWatermarks(store: Store, me: string, sessionStart: number | null): Watermarks {
  const open = new Set(store.tabs.peek());
  const candidates: Array<{ key: ConversationKey; mark: number; active: number }> = [];
  for (const [key, entity] of store.conversations.peek()) {
    const parsed = parseConversationKey(key);
    if (!parsed || parsed.type === 'broadcast') continue;
    const messages = entity.peek().messages;
    const newest = messages.at(-1)?.timestamp ?? -Infinity;
    const activeInSession = sessionStart !== null && newest >= sessionStart;
    if (!open.has(key) && !activeInSession) continue;
    let delivered = -Infinity;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.from !== me && m.status === 'sent') {
        delivered = m.timestamp;
        break;
      }
    }
    const mark = Math.max(delivered, sessionStart ?? -Infinity);
    if (mark === -Infinity) continue; // nothing to measure a gap against
    candidates.push({ key, mark, active: newest });
  }
  candidates.sort((a, b) => (open.has(b.key) ? 1 : 0) - (open.has(a.key) ? 1 : 0) || b.active - a.active);
  return new Map(candidates.slice(0, CATCH_UP_MAX_CONVERSATIONS).map((c) => [c.key, c.mark]));
}

/**
 * The login reply with the lost part of its history slices moved to `newMessages`: messages newer than a
 * conversation's watermark never reached us, so they are news (unread, events), not history.
 */
export function promoteLost(reply: OnlineReply, marks: Watermarks): OnlineReply {
  const histories: OnlineReply['histories'] = { ...reply.histories };
  const lost: Message[] = [];
  for (const [key, mark] of marks) {
    const slice = histories[key];
    if (!slice?.length) continue;
    const delivered = slice.filter((m) => m.timestamp <= mark);
    // An emptied slice must not read as "this conversation has no history".
    if (delivered.length) histories[key] = delivered;
    else delete histories[key];
    lost.push(...slice.filter((m) => m.timestamp > mark));
  }
  if (!lost.length) return reply;
  return { ...reply, histories, newMessages: [...reply.newMessages, ...lost] };
}

export interface CatchUpDeps {
  store: Store;
  api: WebIMApi;
  events: ClientEvents;
  dispatch(action: Action): void;
  pageSize: number;
}

/**
 * Fetches what the re-login's own history slice did not cover. Items newer than the watermark are news, applied
 * as a packet (unread, events, auto-pop; copies of known messages merge away). Failures are reported, not thrown.
 */
export async function catchUp(deps: CatchUpDeps, marks: Watermarks, reply: OnlineReply): Promise<void> {
  await Promise.all([...marks].map(([key, mark]) => catchUpOne(deps, key, mark, reply.histories[key])));
}

async function catchUpOne(deps: CatchUpDeps, key: ConversationKey, mark: number, slice: Message[] | undefined): Promise<void> {
  const parsed = parseConversationKey(key);
  if (!parsed || parsed.type === 'broadcast') return;
  // The login's slice: empty means no history at all; reaching the watermark means nothing is missing.
  if (slice && (slice.length === 0 || slice[0]!.timestamp <= mark)) return;
  let before = slice?.[0]?.timestamp;
  for (let page = 0; page < CATCH_UP_MAX_PAGES; page++) {
    let messages: Message[];
    try {
      messages = await deps.api.histories({ id: parsed.id, type: parsed.type, limit: deps.pageSize, ...(before !== undefined ? { before } : {}) });
    } catch (error) {
      deps.events.emit('error', error instanceof ApiError ? error : new ApiError('bad_reply', 'histories', String(error)));
      return;
    }
    apply(deps, messages, mark);
    const first = messages[0]?.timestamp;
    if (messages.length < deps.pageSize || first === undefined || first <= mark) return;
    if (before !== undefined && first >= before) return; // a server that ignores `before`
    before = first;
  }
}

function apply(deps: CatchUpDeps, messages: Message[], mark: number): void {
  // Only what is newer than the watermark can have been lost; older pages are `loadHistory`'s business.
  const news = messages.filter((m) => m.timestamp > mark);
  if (news.length) deps.dispatch({ type: 'packet', packet: { status: 'ok', messages: news, presences: [], statuses: [] } });
}
