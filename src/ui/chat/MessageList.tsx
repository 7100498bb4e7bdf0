import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import type { Conversation } from '../../store/types';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { BroadcastRow, DayRow, MessageRow, NoticeRow } from './MessageRow';
import { buildTimeline } from './timeline';
import { usePageVisible } from './usePageVisible';

/** Within this distance of an edge counts as being at it (momentum scrolling rarely lands on 0 exactly). */
const EDGE_PX = 40;

function isAtBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight <= EDGE_PX;
}

function emptyConversation(key: ConversationKey): Conversation {
  return { key, messages: [], notices: [], hasMore: true, loading: false, loaded: false };
}

interface ScrollSnapshot {
  first?: string;
  last?: string;
  height: number;
  top: number;
  atBottom: boolean;
}

/**
 * The conversation's messages as a `log`. Loads history on open and older pages at the top (keeping what the user
 * reads in place), sticks to the bottom for new messages when the user is there (otherwise offers a jump button),
 * and marks the conversation read while it is visible and scrolled to the end.
 */
export function MessageList({ convKey }: { convKey: ConversationKey }) {
  const client = useClient();
  const { t } = useI18n();
  const store = client.store;
  const conv = store.conversations.value.get(convKey)?.value ?? emptyConversation(convKey);
  const me = store.user.value?.id;
  const unread = store.unread.value.get(convKey) ?? 0;
  const items = useMemo(() => buildTimeline(conv.messages, conv.notices), [conv.messages, conv.notices]);
  const pageVisible = usePageVisible();

  const logRef = useRef<HTMLDivElement>(null);
  const snapshot = useRef<ScrollSnapshot | null>(null);
  const inFlight = useRef(false);
  const mounted = useRef(true);
  const [fetching, setFetching] = useState(false);
  const [exhausted, setExhausted] = useState(false);
  const [failed, setFailed] = useState(false);
  const [atBottom, setAtBottom] = useState(true);
  const [newBelow, setNewBelow] = useState(false);

  const loading = conv.loading || fetching;
  const hasMore = conv.hasMore && !exhausted;
  const loadedOnce = conv.loaded || exhausted;

  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setFetching(true);
    setFailed(false);
    client.loadHistory(convKey).then(
      (more) => mounted.current && !more && setExhausted(true),
      () => mounted.current && setFailed(true),
    ).finally(() => {
      inFlight.current = false;
      if (mounted.current) setFetching(false);
    });
  }, [client, convKey]);

  useEffect(() => {
    mounted.current = true;
    if (!conv.loaded && !conv.loading) load();
    return () => {
      mounted.current = false;
    };
    // Only when the window opens on a conversation; later pages load from the top of the list.
  }, [convKey]);

  // Day separators move with the messages under them, so the first message (or notice) marks a prepend.
  const firstKey = items.find((i) => i.kind !== 'day')?.key;

  const remember = (el: HTMLElement) => {
    snapshot.current = {
      first: firstKey,
      last: items[items.length - 1]?.key,
      height: el.scrollHeight,
      top: el.scrollTop,
      atBottom: isAtBottom(el),
    };
  };

  useLayoutEffect(() => {
    const el = logRef.current;
    if (!el) return;
    const prev = snapshot.current;
    const first = firstKey;
    const last = items[items.length - 1]?.key;
    if (!prev || prev.last === undefined) {
      el.scrollTop = el.scrollHeight;
    } else if (first !== prev.first && last === prev.last) {
      // Older messages came in above: keep the ones the user was reading where they were.
      el.scrollTop = prev.top + (el.scrollHeight - prev.height);
    } else if (last !== prev.last) {
      const lastItem = items[items.length - 1];
      const ownLast = lastItem?.kind === 'message' && lastItem.message.from === me;
      if (prev.atBottom || ownLast) {
        el.scrollTop = el.scrollHeight;
        setNewBelow(false);
      } else {
        setNewBelow(true);
      }
    }
    remember(el);
    setAtBottom(snapshot.current!.atBottom);
  }, [items]);

  const onScroll = () => {
    const el = logRef.current;
    if (!el) return;
    remember(el);
    const bottom = snapshot.current!.atBottom;
    setAtBottom(bottom);
    if (bottom) setNewBelow(false);
    if (el.scrollTop <= EDGE_PX && hasMore && !loading && loadedOnce) load();
  };

  useEffect(() => {
    if (unread > 0 && atBottom && pageVisible) client.markRead(convKey);
  }, [client, convKey, unread, atBottom, pageVisible]);

  const jumpToEnd = () => {
    const el = logRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    remember(el);
    setAtBottom(true);
    setNewBelow(false);
    el.focus();
  };

  const now = Date.now();
  return (
    <div class="webim-chat__body">
      <div
        ref={logRef}
        class="webim-log"
        role="log"
        aria-live="polite"
        aria-label={t('chat.log')}
        aria-busy={loading}
        tabIndex={0}
        onScroll={onScroll}
      >
        <div class="webim-log__top">
          {loading ? (
            <p class="webim-log__state" role="status">{t('chat.loading')}</p>
          ) : failed || conv.error ? (
            <p class="webim-log__state" role="alert">
              {t('chat.historyError')}{' '}
              <button type="button" class="webim-btn webim-btn--link" onClick={load}>{t('chat.retry')}</button>
            </p>
          ) : hasMore || !loadedOnce ? (
            <button type="button" class="webim-btn webim-btn--link webim-log__more" onClick={load}>{t('chat.loadOlder')}</button>
          ) : (
            <p class="webim-log__state webim-log__beginning">{t('chat.beginning')}</p>
          )}
        </div>
        {items.map((item) =>
          item.kind === 'day' ? (
            <DayRow key={item.key} time={item.time} now={now} />
          ) : item.kind === 'notice' ? (
            <NoticeRow key={item.key} notice={item.notice} />
          ) : item.message.type === 'broadcast' ? (
            <BroadcastRow key={item.key} message={item.message} />
          ) : (
            <MessageRow key={item.key} convKey={convKey} message={item.message} header={item.header} own={item.message.from === me} />
          ),
        )}
      </div>
      {newBelow && (
        <button type="button" class="webim-jump" onClick={jumpToEnd}>
          {t('chat.newMessages')}
        </button>
      )}
    </div>
  );
}
