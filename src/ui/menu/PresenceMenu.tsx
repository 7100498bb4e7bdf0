import { useClient } from '../context';
import { Avatar } from '../common/Avatar';
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
      label={t('presence.yours', { status: label })}
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
    </MenuButton>
  ) : (
    <MenuButton
      class="webim-presence webim-presence--pane"
      label={t('presence.current', { status: label })}
      menuLabel={t('presence.menu')}
      kind="radio"
      entries={entries}
      placement="below"
      buttonRef={buttonRef}
    >
      {dot}
      <span>{label}</span>
      <span class="webim-presence__caret" aria-hidden="true">▾</span>
    </MenuButton>
  );
}
