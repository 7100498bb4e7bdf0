import { Component } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ConversationKey, Message } from '../../protocol/types';
import type { Notice } from '../../store/types';
import { Avatar } from '../common/Avatar';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { formatDate } from '../util/date-format';
import '../strings/chat';
import { nickOf, personOf } from './common';
import type { LogRow } from './message-rows';
import { MessageBody } from './MessageBody';

function Time({ ms }: { ms: number }) {
  const { locale } = useI18n();
  return <time dateTime={new Date(ms).toISOString()}>{formatDate(ms, locale, 'clock')}</time>;
}

/** "Today", "Yesterday", or the date (with the year when it is not this year). */
function DayRow({ timestamp }: { timestamp: number }) {
  const { t, locale } = useI18n();
  const date = new Date(timestamp);
  const now = new Date();
  const day = date.toDateString();
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).toDateString();
  return (
    <div class="webim-day-divider">
      {day === now.toDateString()
        ? t('chat.today')
        : day === yesterday
          ? t('chat.yesterday')
          : formatDate(timestamp, locale, date.getFullYear() === now.getFullYear() ? 'day' : 'dayOfYear')}
    </div>
  );
}

function NoticeRow({ notice }: { notice: Notice }) {
  const { store } = useClient();
  const { t } = useI18n();
  return (
    <p>
      <span dir="auto">{t(`chat.notice.${notice.kind}`, { name: nickOf(store, notice.who, notice.nick) })}</span>{' '}
      <Time ms={notice.timestamp} />
    </p>
  );
}

/**
 * How long an own message is pending before its row says "Sending…". The row shows a pending message dimmed at
 * once; a message the server takes sooner never flashes the line (nor grows and shrinks the row around it).
 */
export const SENDING_LINE_DELAY_MS = 500;

/**
 * When each pending message was first shown, by message object: a row remounted while it is still pending (scrolled
 * away and back, the window closed and opened) goes on counting from there; a retry is a new pending object and
 * starts again. Weak, so settled messages take their entry with them.
 */
const pendingShownAt = new WeakMap<Message, number>();

/** Milliseconds until "Sending…" is due for `message` (0: now); starts its count on the first call. */
function sendingLineDueIn(message: Message): number {
  const now = Date.now();
  let since = pendingShownAt.get(message);
  if (since === undefined || since > now) pendingShownAt.set(message, (since = now));
  return Math.max(0, SENDING_LINE_DELAY_MS - (now - since));
}

/** "Sending…", from {@link SENDING_LINE_DELAY_MS} after the pending message was first shown. */
function SendingLine({ message }: { message: Message }) {
  const { t } = useI18n();
  const [due, setDue] = useState(() => sendingLineDueIn(message) === 0);
  useEffect(() => {
    const left = sendingLineDueIn(message);
    setDue(left === 0);
    if (left === 0) return;
    const timer = setTimeout(() => setDue(true), left);
    return () => clearTimeout(timer);
  }, [message]);
  return due ? <p>{t('chat.sending')}</p> : null;
}

/** One message: the sender header when it starts a group (avatar, nick, time), the body, and its send state. */
function MessageRow({ message: m, head, convKey }: { message: Message; head: boolean; convKey: ConversationKey }) {
  const client = useClient();
  const { store } = client;
  const { t, locale } = useI18n();
  const own = m.from === store.user.value?.id;
  const broadcast = m.type === 'broadcast';
  const who = head ? (own ? store.user.value : personOf(store, m.from)) : null;
  return (
    <div
      class={`webim-message${own ? ' webim-message--own' : ''} webim-message--${broadcast ? 'broadcast' : m.status}`}
      title={head ? undefined : formatDate(m.timestamp, locale, 'full')}
    >
      {head && (
        <div class="webim-message__head">
          {!broadcast && <Avatar name={m.nick || m.from} size="sm" src={who?.avatar} fallback={who?.defaultAvatar} />}
          {/* A broadcast names its sender (an administrator, or the site): an unnamed one could be anyone's. */}
          <bdi class="webim-message__nick">
            {broadcast ? t('chat.announcementFrom', { name: m.nick || m.from }) : m.nick || m.from}
          </bdi>
          <Time ms={m.timestamp} />
        </div>
      )}
      <MessageBody message={m} />
      {own && m.status === 'pending' && <SendingLine message={m} />}
      {own && m.status === 'failed' && (
        <p>
          {t('chat.notSent')}
          {/* The server's reason, as text (e.g. "message longer than 5000 characters"). */}
          {m.error && <span class="webim-message-error">: {m.error}</span>} —{' '}
          <button class="webim-button webim-button--link" onClick={() => client.retry(convKey, m.id)}>
            {t('chat.retry')}
          </button>
        </p>
      )}
    </div>
  );
}

interface LogRowProps {
  row: LogRow;
  convKey: ConversationKey;
}

/**
 * One row of the virtual log in a wrapper the list measures (`data-row-key`; `display: flow-root` keeps the row's
 * margins inside it, so its height is exactly the space it takes). Re-renders only when its row object changes
 * (`buildRows` keeps unchanged rows identical), when the person or strings it reads change, or the locale.
 */
export class LogRowView extends Component<LogRowProps> {
  override shouldComponentUpdate(next: LogRowProps): boolean {
    return next.row !== this.props.row || next.convKey !== this.props.convKey;
  }

  override render({ row, convKey }: LogRowProps) {
    return (
      <div class="webim-log-row" data-row-key={row.key}>
        {row.kind === 'day' ? (
          <DayRow timestamp={row.timestamp} />
        ) : row.kind === 'notice' ? (
          <NoticeRow notice={row.notice} />
        ) : (
          <MessageRow message={row.message} head={row.head} convKey={convKey} />
        )}
      </div>
    );
  }
}
