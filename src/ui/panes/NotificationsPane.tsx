import { useEffect, useState } from 'preact/hooks';
import type { SiteNotification } from '../../protocol/types';
import { useClient } from '../context';
import { useNow } from '../hooks/useNow';
import { useI18n, type Locale } from '../i18n';
import '../strings/shell';
import { formatDateTime, formatRelativeTime } from '../util/relative-time';
import { safeLinkUrl } from '../util/safe-link';
import { PaneDialog } from './PaneDialog';

/**
 * Site notifications: refreshed from the server when the pane opens, and marked seen (the bar's counter clears).
 * The ones that were new when the pane opened keep a "New" marker while it stays open.
 */
export function NotificationsPane() {
  const client = useClient();
  const { t, locale } = useI18n();
  const list = client.store.notifications.value;
  // What counted as unread at the moment the pane opened.
  const [seenBefore] = useState(() => client.store.notificationsSeenAt.peek());
  const now = useNow(60_000);

  useEffect(() => {
    void client.notifications().catch(() => undefined);
  }, []);
  // Everything shown here has been seen, including what the refresh or a push adds while the pane is open.
  useEffect(() => {
    client.markNotificationsSeen();
  }, [list]);

  return (
    <PaneDialog pane="notifications" title={t('bar.notifications')}>
      {list.length ? (
        <ul class="webim-list webim-notes" aria-label={t('notifications.list')}>
          {list.map((n, i) => (
            <NotificationItem key={`${n.time ?? ''}:${i}`} item={n} unread={(n.time ?? 0) > seenBefore} now={now} locale={locale} newLabel={t('notifications.new')} />
          ))}
        </ul>
      ) : (
        <p class="webim-empty">{t('notifications.empty')}</p>
      )}
    </PaneDialog>
  );
}

interface NotificationItemProps {
  item: SiteNotification;
  unread: boolean;
  now: number;
  locale: Locale;
  newLabel: string;
}

function NotificationItem({ item, unread, now, locale, newLabel }: NotificationItemProps) {
  const href = safeLinkUrl(item.link);
  const text = <span dir="auto">{item.text}</span>;
  return (
    <li class={`webim-note${unread ? ' webim-note--unread' : ''}`}>
      {unread && <span class="webim-note__new">{newLabel}</span>}
      {href ? (
        <a class="webim-note__text" href={href} target="_blank" rel="noopener noreferrer nofollow">
          {text}
        </a>
      ) : (
        <span class="webim-note__text">{text}</span>
      )}
      {item.time && Number.isFinite(item.time) && Math.abs(item.time) < 8.64e15 ? (
        <time class="webim-note__time" dateTime={new Date(item.time).toISOString()} title={formatDateTime(item.time, locale)}>
          {formatRelativeTime(item.time, now, locale)}
        </time>
      ) : null}
    </li>
  );
}
