import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey, Message } from '../../protocol/types';
import type { Notice } from '../../store/types';
import { Avatar } from '../common/Avatar';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { nickOf, personOf } from './common';
import { MessageBody } from './MessageBody';

/** Within this distance of an edge counts as being at it (momentum scrolling rarely lands on 0 exactly). */
const EDGE_PX = 40;
/** Messages from one sender closer together than this share one header (avatar, nick, time). */
export const GROUP_GAP_MS = 5 * 60 * 1000;
const NONE: never[] = [];

/** What the log remembers between renders: the rows at its ends and where it was scrolled. */
interface ScrollMemo {
  first?: string;
  last?: string;
  height: number;
  top: number;
  bottom: boolean;
  /** A history page is being fetched. */
  busy?: boolean;
}

/**
 * The conversation as a `log`: messages and room notices by time, with day separators and sender groups. Loads
 * history on open and older pages at the top (what the user reads stays in place), sticks to the bottom for new
 * messages when the user is there (otherwise offers a jump), and marks the conversation read while it is visible
 * and scrolled to the end.
 */
export function MessageList({ convKey }: { convKey: ConversationKey }) {
  const client = useClient();
  const { store } = client;
  const { t, locale } = useI18n();
  const conv = store.conversations.value.get(convKey)?.value;
  const messages = conv?.messages ?? NONE;
  const notices = conv?.notices ?? NONE;
  const me = store.user.value?.id;
  // Read for the subscription: a new unread count re-renders, and the effect below marks it read if seen.
  store.unread.value;
  const log = useRef<HTMLDivElement>(null);
  const [memo] = useState<ScrollMemo>({ height: 0, top: 0, bottom: true });
  const [page, setPage] = useState<'' | 'loading' | 'failed' | 'end'>('');
  const [newBelow, setNewBelow] = useState(false);

  const loading = conv?.loading || page === 'loading';
  const loadedOnce = conv?.loaded || page === 'end';
  const more = (conv?.hasMore ?? true) && page !== 'end';
  // Merged by time; on equal times the message comes first (stable sort).
  const rows: Array<Message | Notice> = [...messages, ...notices].sort((a, b) => a.timestamp - b.timestamp);

  const load = () => {
    if (memo.busy) return;
    memo.busy = true;
    setPage('loading');
    const done = (next: typeof page) => {
      memo.busy = false;
      setPage(next);
    };
    client.loadHistory(convKey).then(
      (more) => done(more ? '' : 'end'),
      () => done('failed'),
    );
  };

  const remember = () => {
    const el = log.current!;
    memo.first = rows[0]?.id;
    memo.last = rows.at(-1)?.id;
    memo.height = el.scrollHeight;
    memo.top = el.scrollTop;
    memo.bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= EDGE_PX;
  };

  // Stable across renders (reads only stable things), so the visibility listener can keep the first one.
  const markIfSeen = () => {
    if (memo.bottom && document.visibilityState !== 'hidden' && store.unread.peek().get(convKey))
      client.markRead(convKey);
  };
  useEffect(markIfSeen);
  useEffect(() => {
    if (!conv?.loaded && !conv?.loading) load();
    document.addEventListener('visibilitychange', markIfSeen);
    return () => document.removeEventListener('visibilitychange', markIfSeen);
  }, []);

  useLayoutEffect(() => {
    const el = log.current!;
    const last = rows.at(-1);
    if (!last || memo.last == null) el.scrollTop = el.scrollHeight;
    else if (last.id === memo.last) {
      // Older rows came in above: keep the ones the user was reading where they were.
      if (rows[0]!.id !== memo.first) el.scrollTop = memo.top + el.scrollHeight - memo.height;
    } else if (memo.bottom || (last as Message).from === me) {
      el.scrollTop = el.scrollHeight;
      setNewBelow(false);
    } else setNewBelow(true);
    remember();
  }, [messages, notices]);

  const onScroll = () => {
    remember();
    if (memo.bottom) setNewBelow(false);
    markIfSeen();
    if (memo.top <= EDGE_PX && more && !loading && loadedOnce) load();
  };

  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const time = (ms: number) => <time dateTime={new Date(ms).toISOString()}>{clock.format(ms)}</time>;
  const now = new Date();
  const today = now.toDateString();
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).toDateString();
  const items: JSX.Element[] = [];
  let day = '';
  let prev: Message | undefined;
  for (const row of rows) {
    const date = new Date(row.timestamp);
    if (date.toDateString() !== day) {
      day = date.toDateString();
      prev = undefined;
      items.push(
        <div key={day} class="webim-day-divider">
          {day === today
            ? t('chat.today')
            : day === yesterday
              ? t('chat.yesterday')
              : date.toLocaleDateString(locale, {
                  weekday: 'short',
                  month: 'long',
                  day: 'numeric',
                  year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
                })}
        </div>,
      );
    }
    if ('kind' in row) {
      items.push(
        <p key={`n${row.id}`}>
          <span dir="auto">{t(`chat.notice.${row.kind}`, { name: nickOf(store, row.who, row.nick) })}</span>{' '}
          {time(row.timestamp)}
        </p>,
      );
      prev = undefined;
      continue;
    }
    const m = row;
    const own = m.from === me;
    const broadcast = m.type === 'broadcast';
    const head = broadcast || !prev || prev.from !== m.from || m.timestamp - prev.timestamp >= GROUP_GAP_MS;
    const who = head ? (own ? store.user.value : personOf(store, m.from)) : null;
    prev = m;
    items.push(
      <div
        key={m.id}
        class={`webim-message${own ? ' webim-message--own' : ''} webim-message--${broadcast ? 'broadcast' : m.status}`}
        title={head ? undefined : date.toLocaleString(locale)}
      >
        {head && (
          <div class="webim-message__head">
            {!broadcast && <Avatar name={m.nick || m.from} size="sm" src={who?.avatar} fallback={who?.defaultAvatar} />}
            {/* A broadcast names its sender (an administrator, or the site): an unnamed one could be anyone's. */}
            <bdi class="webim-message__nick">
              {broadcast ? t('chat.announcementFrom', { name: m.nick || m.from }) : m.nick || m.from}
            </bdi>
            {time(m.timestamp)}
          </div>
        )}
        <MessageBody message={m} />
        {own && m.status === 'pending' && <p>{t('chat.sending')}</p>}
        {own && m.status === 'failed' && (
          <p>
            {t('chat.notSent')} —{' '}
            <button class="webim-button webim-button--link" onClick={() => client.retry(convKey, m.id)}>
              {t('chat.retry')}
            </button>
          </p>
        )}
      </div>,
    );
  }

  return (
    <>
      <div
        ref={log}
        class="webim-log"
        role="log"
        aria-live="polite"
        aria-label={t('chat.log')}
        aria-busy={loading}
        tabIndex={0}
        onScroll={onScroll}
      >
        {/* Same height whatever it shows, so swapping them never shifts the messages. */}
        <div>
          {loading ? (
            <p role="status">{t('chat.loading')}</p>
          ) : page === 'failed' || conv?.error ? (
            <p role="alert">
              {t('chat.historyError')}{' '}
              <button class="webim-button webim-button--link" onClick={load}>
                {t('chat.retry')}
              </button>
            </p>
          ) : more || !loadedOnce ? (
            <button class="webim-button webim-button--link" onClick={load}>
              {t('chat.loadOlder')}
            </button>
          ) : (
            <p>{t('chat.beginning')}</p>
          )}
        </div>
        {items}
      </div>
      {newBelow && (
        <button
          onClick={() => {
            const el = log.current!;
            el.scrollTop = el.scrollHeight;
            remember();
            setNewBelow(false);
            el.focus();
          }}
        >
          {t('chat.newMessages')}
        </button>
      )}
    </>
  );
}
