import { ApiError, type HistoryParams, type WebIMApi } from '../api/types';
import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey } from '../protocol/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';

export const DEFAULT_HISTORY_PAGE_SIZE = 30;

export interface HistoryLoaderDeps {
  store: Store;
  api: WebIMApi;
  events: ClientEvents;
  dispatch(action: Action): void;
  pageSize?: number;
  onTicketDead(): void;
}

/**
 * `loadHistory(key)`: the first page (newest messages) of a conversation not yet loaded, then each call the next
 * older page (`before` = the oldest loaded timestamp), until a page comes back shorter than the page size.
 * Concurrent calls for one conversation share one request. Failures never reject: they are recorded on the
 * conversation (`error`) and reported through the `error` event; the promise resolves to whether more remain.
 */
export function createHistoryLoader(deps: HistoryLoaderDeps): (key: ConversationKey) => Promise<boolean> {
  const limit = deps.pageSize ?? DEFAULT_HISTORY_PAGE_SIZE;
  const inFlight = new Map<ConversationKey, Promise<boolean>>();

  async function load(key: ConversationKey): Promise<boolean> {
    const parsed = parseConversationKey(key);
    const conversation = deps.store.conversations.peek().get(key)?.peek();
    if (conversation?.loaded && !conversation.hasMore) return false;
    if (!parsed || parsed.type === 'broadcast') {
      // Site broadcasts have no server history.
      deps.dispatch({ type: 'history', key, messages: [], hasMore: false, older: false });
      return false;
    }
    const oldest = conversation?.loaded ? conversation.messages[0]?.timestamp : undefined;
    const params: HistoryParams = { id: parsed.id, type: parsed.type, limit };
    if (oldest !== undefined) params.before = oldest;
    deps.dispatch({ type: 'history/loading', key, loading: true });
    try {
      const messages = await deps.api.histories(params);
      // A server that ignores `before` answers with the newest page again: nothing older means the end.
      const progressed = oldest === undefined || messages.some((m) => m.timestamp < oldest);
      const hasMore = messages.length >= limit && progressed;
      deps.dispatch({ type: 'history', key, messages, hasMore, older: oldest !== undefined });
      return hasMore;
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError('bad_reply', 'histories', String(error), undefined, undefined, error);
      if (e.kind === 'invalid_ticket') deps.onTicketDead();
      deps.dispatch({ type: 'history/loading', key, loading: false, error: e.serverMessage ?? e.message });
      deps.events.emit('error', e);
      return deps.store.conversations.peek().get(key)?.peek().hasMore ?? true;
    }
  }

  return (key) => {
    const running = inFlight.get(key);
    if (running) return running;
    const request = load(key).finally(() => inFlight.delete(key));
    inFlight.set(key, request);
    return request;
  };
}
