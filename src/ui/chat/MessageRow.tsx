import type { ConversationKey, Message } from '../../protocol/types';
import type { Notice } from '../../store/types';
import { Avatar } from '../common/Avatar';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { findPerson } from './conversationInfo';
import { formatDay, formatTime } from './format';
import { MessageBody } from './MessageBody';

function Time({ time }: { time: number }) {
  const { locale } = useI18n();
  return (
    <time class="webim-msg__time" dateTime={new Date(time).toISOString()}>
      {formatTime(time, locale)}
    </time>
  );
}

/** A day separator: Today, Yesterday, or the date. */
export function DayRow({ time, now }: { time: number; now: number }) {
  const { locale, t } = useI18n();
  return (
    <div class="webim-day">
      <span>{formatDay(time, now, locale, t)}</span>
    </div>
  );
}

/** An inline room notice: joins, leaves, members coming online or going offline. */
export function NoticeRow({ notice }: { notice: Notice }) {
  const client = useClient();
  const { t } = useI18n();
  const name = notice.nick || findPerson(client.store, notice.who)?.nick || notice.who;
  return (
    <div class={`webim-notice webim-notice--${notice.kind}`}>
      <span dir="auto">{t(`chat.notice.${notice.kind}`, { name })}</span> <Time time={notice.timestamp} />
    </div>
  );
}

/** A site broadcast: a system message, not a person's. */
export function BroadcastRow({ message }: { message: Message }) {
  const { t } = useI18n();
  return (
    <div class="webim-msg webim-msg--broadcast">
      <div class="webim-msg__head">
        <span class="webim-msg__nick">{t('chat.announcement')}</span>
        <Time time={message.timestamp} />
      </div>
      <MessageBody body={message.body} style={message.style} />
    </div>
  );
}

export interface MessageRowProps {
  convKey: ConversationKey;
  message: Message;
  /** First of a sender group: show avatar, nick and time. */
  header: boolean;
  own: boolean;
}

/** One chat message; own messages show whether they are still sending or failed (with Retry). */
export function MessageRow({ convKey, message, header, own }: MessageRowProps) {
  const client = useClient();
  const { t, locale } = useI18n();
  let avatar: { src?: string; fallback?: string } = {};
  if (header) {
    const who = own ? client.store.user.value : findPerson(client.store, message.from);
    avatar = { src: who?.avatar, fallback: who?.defaultAvatar };
  }
  const classes = ['webim-msg', own ? 'webim-msg--own' : 'webim-msg--other', `webim-msg--${message.status}`];
  if (header) classes.push('webim-msg--first');
  return (
    <div class={classes.join(' ')} title={header ? undefined : new Date(message.timestamp).toLocaleString(locale)}>
      {header && (
        <div class="webim-msg__head">
          <Avatar name={message.nick || message.from} size="sm" {...avatar} />
          <bdi class="webim-msg__nick">{message.nick || message.from}</bdi>
          <Time time={message.timestamp} />
        </div>
      )}
      <MessageBody body={message.body} style={message.style} />
      {own && message.status === 'pending' && <span class="webim-msg__state">{t('chat.sending')}</span>}
      {own && message.status === 'failed' && (
        <span class="webim-msg__state webim-msg__state--failed">
          {t('chat.notSent')}
          {' — '}
          <button type="button" class="webim-btn webim-btn--link" onClick={() => client.retry(convKey, message.id)}>
            {t('chat.retry')}
          </button>
        </span>
      )}
    </div>
  );
}
