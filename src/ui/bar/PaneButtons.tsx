import type { Pane } from '../../store/types';
import { Badge } from '../common/Badge';
import { Icon, type IconName } from '../common/Icon';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';

const PANES: ReadonlyArray<{ pane: Pane; icon: IconName; label: string }> = [
  { pane: 'buddies', icon: 'buddies', label: 'bar.buddies' },
  { pane: 'rooms', icon: 'rooms', label: 'bar.rooms' },
  { pane: 'notifications', icon: 'bell', label: 'bar.notifications' },
  { pane: 'settings', icon: 'settings', label: 'bar.settings' },
];

/** Id of a pane's dialog element (its button points at it with `aria-controls`). */
export const paneId = (pane: Pane) => `webim-pane-${pane}`;

/** The bar's right side: Buddies (online count), Rooms, Notifications (unread count), Settings, Minimise. */
export function PaneButtons() {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const open = shell.openPanes.value;
  return (
    <div class="webim-bar__end">
      {PANES.map(({ pane, icon, label }) => {
        const expanded = open.includes(pane);
        return (
          <button
            key={pane}
            type="button"
            class={`webim-bar__pane-btn webim-bar__pane-btn--${pane}`}
            aria-expanded={expanded}
            aria-controls={expanded ? paneId(pane) : undefined}
            title={t(label)}
            ref={shell.focusRef(`pane:${pane}`)}
            onClick={() => shell.togglePane(pane)}
          >
            <Icon name={icon} />
            <span class={pane === 'buddies' ? 'webim-bar__pane-label' : 'webim-sr'}>{t(label)}</span>
            {pane === 'buddies' && <OnlineCount />}
            {pane === 'notifications' && <Badge count={client.store.notificationsUnread.value} />}
          </button>
        );
      })}
      <button
        type="button"
        class="webim-bar__pane-btn webim-bar__minimize"
        title={t('bar.minimize')}
        ref={shell.focusRef('bar:minimize')}
        onClick={() => {
          client.setMinimized(true);
          queueMicrotask(() => shell.focus('bar:restore'));
        }}
      >
        <Icon name="minimize" />
        <span class="webim-sr">{t('bar.minimize')}</span>
      </button>
    </div>
  );
}

/** Buddies online now (visitors aside), in its own component so roster changes re-render only this number. */
function OnlineCount() {
  const { store } = useClient();
  const { t } = useI18n();
  let online = 0;
  for (const g of store.buddyGroups.value) if (!g.visitors) online += g.online;
  return (
    <span class="webim-bar__count">
      <span aria-hidden="true">{online}</span>
      <span class="webim-sr">{t('bar.onlineCount', { count: online })}</span>
    </span>
  );
}
