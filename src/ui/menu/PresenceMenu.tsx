import type { User } from '../../protocol/types';
import type { ConnectionStatus } from '../../store/types';
import { Avatar } from '../common/Avatar';
import { Icon } from '../common/Icon';
import { dot } from '../common/PresenceDot';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/common';
import '../strings/shell';
import { MenuButton } from './MenuButton';

/** The menu entry that describes the user now: signed out (logged out by choice, never in, ticket dead) is offline. */
export const currentPresenceChoice = (user: User | null, connection: ConnectionStatus) =>
  !user || user.show === 'unavailable' || connection.state === 'stopped'
    ? 'offline'
    : user.show === 'chat'
      ? 'available'
      : user.show;

/**
 * The user's own presence as a menu button: available, away, busy, invisible, offline. `offline` logs out of the
 * message server; any other choice while signed out logs in first (then sets the show, unless `available`, which
 * logging in sets). Failures surface through the client's `error` event (the alerts area), not here.
 * On the bar it is the user's avatar; in the buddy pane's header a labelled control.
 */
export function PresenceMenu({ bar }: { bar?: boolean }) {
  const { client } = useShell();
  const { t } = useI18n();
  const { user, connection } = client.store;
  const choice = currentPresenceChoice(user.value, connection.value);
  const label = t('presence.' + choice);
  const choose = async (c: string) => {
    const out = currentPresenceChoice(user.peek(), connection.peek()) === 'offline';
    try {
      if (c === 'offline') {
        if (!out) await client.offline();
      } else {
        if (out) await client.online();
        if (!out || c !== 'available') await client.setPresence(c as 'away', user.peek()?.status);
      }
    } catch {
      // reported by the client's `error` event
    }
  };
  const me = user.value;
  return (
    <MenuButton
      class={bar ? 'webim-menu-button' : 'webim-menu-button webim-presence-menu'}
      focusTarget={bar ? 'user' : undefined}
      menuLabel={t('presence.menu')}
      radio
      up={bar}
      entries={['available', 'away', 'dnd', 'invisible', 'offline'].map((c) => ({
        label: t('presence.' + c),
        checked: c === choice,
        icon: dot(c),
        onSelect: () => void choose(c),
      }))}
    >
      {bar ? (
        <>
          <span class="webim-avatar-with-presence">
            <Avatar name={me?.nick || '?'} src={me?.avatar} fallback={me?.defaultAvatar} size="sm" />
            {dot(choice)}
          </span>
          <span class="webim-visually-hidden">{t('presence.yours', { status: label })}</span>
        </>
      ) : (
        <>
          {dot(choice)}
          <span class="webim-visually-hidden">{t('presence.statusPrefix')}</span>
          {label}
          <Icon name="next" size={12} />
        </>
      )}
    </MenuButton>
  );
}
