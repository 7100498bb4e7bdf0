import { useI18n } from '../i18n';
import '../strings/common';

/** An unread counter; renders nothing at zero. The label is for screen readers ("3 unread"). */
export function Badge({ count, max = 99 }: { count: number; max?: number }) {
  const { t } = useI18n();
  if (count <= 0) return null;
  return (
    <span class="webim-badge" aria-label={t('common.unread', { count })}>
      {count > max ? `${max}+` : count}
    </span>
  );
}
