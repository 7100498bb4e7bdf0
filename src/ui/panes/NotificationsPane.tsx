import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';
import { formatDate } from '../util/date-format';
import { safeLinkUrl } from '../util/safe-link';
import { ChannelSections } from './ChannelSections';
import { PaneDialog } from './PaneDialog';

const UNITS = { year: 31536e6, month: 2592e6, week: 6048e5, day: 864e5, hour: 36e5, minute: 6e4 };

/**
 * Site notifications: refreshed from the server when the pane opens, and marked seen (the bar's counter clears),
 * including what arrives while it is open. The ones that were new when it opened keep a "New" marker. Times are
 * relative ("5 minutes ago", "昨天"), refreshed every minute, with the full date as a tooltip.
 */
export function NotificationsPane() {
  const { client } = useShell();
  const { t, locale } = useI18n();
  const list = client.store.notifications.value;
  const [seenBefore] = useState(() => client.store.notificationsSeenAt.peek());
  const [, tick] = useState(0);
  useEffect(() => {
    void client.notifications().catch(() => {});
    const id = setInterval(() => tick((n) => n + 1), 6e4);
    return () => clearInterval(id);
  }, []);
  useEffect(() => {
    client.markNotificationsSeen();
  }, [list, client.store.channelPosts.value]);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const now = Date.now();
  const timeOf = (time: number) => {
    if (!time || Math.abs(time) >= 8.64e15) return null;
    const ago = (Object.entries(UNITS) as Array<[Intl.RelativeTimeFormatUnit, number]>).find(
      ([, ms]) => Math.abs(time - now) >= ms,
    );
    return (
      <time dateTime={new Date(time).toISOString()} title={formatDate(time, locale, 'medium')}>
        {ago ? relative.format(Math.round((time - now) / ago[1]), ago[0]) : relative.format(0, 'second')}
      </time>
    );
  };

  return (
    <PaneDialog pane="notifications">
      <ChannelSections part="news" seenBefore={seenBefore} time={timeOf} />
      {list.length ? (
        <ul aria-label={t('notifications.list')}>
          {list.map(({ text, link, time = 0 }) => {
            const href = safeLinkUrl(link);
            const body = <span dir="auto">{text}</span>;
            return (
              <li class={time > seenBefore ? 'webim-notification webim-unread' : 'webim-notification'}>
                {time > seenBefore && <b>{t('notifications.new')}</b>}
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                    {body}
                  </a>
                ) : (
                  body
                )}
                {timeOf(time)}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="webim-empty">{t('notifications.empty')}</p>
      )}
      <ChannelSections part="channels" seenBefore={seenBefore} time={timeOf} />
    </PaneDialog>
  );
}
