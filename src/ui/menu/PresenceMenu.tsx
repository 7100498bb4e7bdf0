import { useClient } from '../context';
import { Avatar } from '../common/Avatar';
import { Icon } from '../common/Icon';
import { useI18n } from '../i18n';
import '../strings/common';
import '../strings/shell';
import { MenuButton, type MenuEntry } from './MenuButton';
import { applyPresenceChoice, currentPresenceChoice, PRESENCE_CHOICES } from './presence';

export interface PresenceMenuProps {
  /** `bar`: the user's avatar on the bar's left; `pane`: a labelled control in the buddy pane's header. */
  variant: 'bar' | 'pane';
  buttonRef?: (el: HTMLElement | null) => void;
}

/** The user's own presence as a menu button: available, away, busy, invisible, offline. */
export function PresenceMenu({ variant, buttonRef }: PresenceMenuProps) {
  const client = useClient();
  const { t } = useI18n();
  const user = client.store.user.value;
  const choice = currentPresenceChoice(user, client.store.connection.value);
  const label = t(`presence.${choice}`);
  const entries: MenuEntry[] = PRESENCE_CHOICES.map((c) => ({
    id: c,
    label: t(`presence.${c}`),
    checked: c === choice,
    icon: <span class={`webim-dot webim-dot--${c}`} aria-hidden="true" />,
    onSelect: () => void applyPresenceChoice(client, c),
  }));
  const dot = <span class={`webim-dot webim-dot--${choice}`} aria-hidden="true" />;
  return variant === 'bar' ? (
    <MenuButton
      class="webim-presence webim-presence--bar"
      menuLabel={t('presence.menu')}
      kind="radio"
      entries={entries}
      placement="above"
      buttonRef={buttonRef}
    >
      <span class="webim-avatar-wrap" style={{ '--webim-dot-ring': 'var(--webim-bar-bg)' }}>
        <Avatar name={user?.nick ?? '?'} src={user?.avatar} fallback={user?.defaultAvatar} size="sm" />
        {dot}
      </span>
      <span class="webim-sr">{t('presence.yours', { status: label })}</span>
    </MenuButton>
  ) : (
    <MenuButton
      class="webim-presence webim-presence--pane"
      menuLabel={t('presence.menu')}
      kind="radio"
      entries={entries}
      placement="below"
      buttonRef={buttonRef}
    >
      {dot}
      <span class="webim-sr">{t('presence.statusPrefix')}</span>
      <span>{label}</span>
      <span class="webim-presence__caret" aria-hidden="true">
        <Icon name="next" size={12} />
      </span>
    </MenuButton>
  );
}
