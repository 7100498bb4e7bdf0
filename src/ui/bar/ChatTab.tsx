import type { ConversationKey } from '../../protocol/types';
import { Avatar } from '../common/Avatar';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { PresenceDot, presenceKind } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';
import { readConversationInfo } from './conversation-info';

export interface ChatTabProps {
  convKey: ConversationKey;
  /** Its window is open. */
  selected: boolean;
  /** The one tab in the tab order (roving tabindex). */
  tabbable: boolean;
  /** Id of the window slot, for `aria-controls` while selected. */
  windowId: string;
}

/** The display name of a conversation (for tabs, close buttons and labels). */
export function useConversationName(convKey: ConversationKey): string {
  const { store } = useClient();
  const { t } = useI18n();
  const info = readConversationInfo(store, convKey);
  return info.kind === 'broadcast' ? t('tabs.broadcast') : info.name;
}

/** One conversation tab on the bar: avatar with presence, name, unread count. Click toggles its window. */
export function ChatTab({ convKey, selected, tabbable, windowId }: ChatTabProps) {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const info = readConversationInfo(client.store, convKey);
  const name = info.kind === 'broadcast' ? t('tabs.broadcast') : info.name;
  const unread = client.store.unread.value.get(convKey) ?? 0;
  return (
    <button
      type="button"
      role="tab"
      class={`webim-tab${unread > 0 ? ' webim-tab--unread' : ''}`}
      data-key={convKey}
      aria-selected={selected}
      aria-controls={selected ? windowId : undefined}
      aria-keyshortcuts="Delete"
      tabIndex={tabbable ? 0 : -1}
      title={name}
      ref={shell.focusRef(`tab:${convKey}`)}
      onClick={() => (selected ? shell.closeWindow() : shell.activateTab(convKey))}
    >
      {info.kind === 'broadcast' ? (
        <span class="webim-tab__icon" aria-hidden="true">
          <Icon name="chat" size={16} />
        </span>
      ) : (
        <span class="webim-avatar-wrap">
          <Avatar name={name} src={info.avatar} fallback={info.defaultAvatar} size="sm" />
          {info.presence && <PresenceDot presence={info.presence.presence} show={info.presence.show} decorative />}
        </span>
      )}
      <bdi class="webim-tab__name">{name}</bdi>
      {/* The presence is said after the name ("Bob Away 3 unread"), not before it as the dot's position would. */}
      {info.presence && <span class="webim-sr">{t(`presence.${presenceKind(info.presence.presence, info.presence.show)}`)}</span>}
      <Badge count={unread} />
    </button>
  );
}

/**
 * The mouse/touch close control of a tab. It lives outside the tablist (a tablist may own only tabs), is not in
 * the tab order (keyboard users press Delete on the tab) and is named for screen readers.
 */
export function TabCloseButton({ convKey, onClose }: { convKey: ConversationKey; onClose: (key: ConversationKey) => void }) {
  const { t } = useI18n();
  const name = useConversationName(convKey);
  return (
    <button type="button" class="webim-tab__close" tabIndex={-1} aria-label={t('tabs.close', { name })} title={t('tabs.close', { name })} onClick={() => onClose(convKey)}>
      <Icon name="close" size={12} />
    </button>
  );
}
