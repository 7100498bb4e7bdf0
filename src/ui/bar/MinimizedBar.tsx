import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';

/** The minimised layout: one chat button with the total unread count; activating it restores the bar. */
export function MinimizedBar() {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const total = client.store.totalUnread.value;
  return (
    <button
      type="button"
      class="webim-mini"
      title={t('bar.restore')}
      ref={shell.focusRef('bar:restore')}
      onClick={() => {
        client.setMinimized(false);
        queueMicrotask(() => shell.focus('bar:minimize'));
      }}
    >
      <Icon name="chat" size={22} />
      <span class="webim-sr">{t('bar.restore')}</span>
      <Badge count={total} />
    </button>
  );
}
