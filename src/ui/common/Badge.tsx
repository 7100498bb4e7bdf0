import { useI18n } from '../i18n';
import '../strings/common';

/** An unread counter ("3 unread" for screen readers); nothing at zero. */
export function Badge({ count }: { count: number }) {
  const { t } = useI18n();
  return count > 0 ? (
    <span class="webim-badge" aria-label={t('common.unread', { count })}>
      {count > 99 ? '99+' : count}
    </span>
  ) : null;
}
