import { useComputed, type Signal } from '@preact/signals';
import { conversationKey } from '../../../protocol/keys';
import type { Buddy } from '../../../protocol/types';
import { Avatar } from '../../common/Avatar';
import { Badge } from '../../common/Badge';
import { Icon } from '../../common/Icon';
import { PresenceDot, presenceKind } from '../../common/PresenceDot';
import { useClient } from '../../context';
import { useI18n } from '../../i18n';
import '../../strings/shell';

export interface BuddyRowProps {
  /** This buddy's signal: the row reads it, so a presence change re-renders this row alone. */
  buddy: Signal<Buddy>;
  /** Position in the flattened list (for keyboard handling and scrolling). */
  index: number;
  level: 1 | 2;
  pos: number;
  size: number;
  tabbable: boolean;
}

/**
 * One buddy in the roster tree: avatar, presence dot, nick, status line, and the unread count of the chat with them
 * (where news shows when auto-pop is off). Props are primitives and the buddy's signal, so when the list re-renders
 * (the roster changed somewhere) unchanged rows are skipped; clicks and keys are handled by the tree (event
 * delegation), so no callbacks are needed here.
 */
export function BuddyRow({ buddy, index, level, pos, size, tabbable }: BuddyRowProps) {
  const b = buddy.value;
  const { t } = useI18n();
  const { store } = useClient();
  // A computed of this row's own count, so news in another conversation does not re-render every row.
  const unread = useComputed(() => store.unread.value.get(conversationKey('chat', buddy.value.id)) ?? 0).value;
  const kind = presenceKind(b.presence, b.show);
  return (
    <div
      role="treeitem"
      class={`webim-row webim-row--buddy webim-row--${kind}`}
      data-row-index={index}
      aria-level={level}
      aria-posinset={pos}
      aria-setsize={size}
      aria-busy={b.incomplete || undefined}
      tabIndex={tabbable ? 0 : -1}
    >
      <span class="webim-avatar-wrap">
        <Avatar name={b.nick} src={b.avatar} fallback={b.defaultAvatar} size="md" />
        <PresenceDot presence={b.presence} show={b.show} decorative />
      </span>
      <span class="webim-row__text">
        <bdi class="webim-row__name">{b.nick}</bdi>
        {/* Presence in words right after the name, unless the status line below already says it. */}
        {(b.status || b.incomplete) && <span class="webim-sr">{t(`presence.${kind}`)}</span>}
        <span class="webim-row__status" dir="auto">
          {b.incomplete ? t('buddies.loading') : b.status || t(`presence.${kind}`)}
        </span>
      </span>
      <Badge count={unread} />
    </div>
  );
}

export interface GroupRowProps {
  label: string;
  online: number;
  total: number;
  expanded: boolean;
  index: number;
  pos: number;
  size: number;
  tabbable: boolean;
}

/** A roster group's header: name and `[online/total]`; Enter, click, Left/Right collapse and expand it. */
export function GroupRow({ label, online, total, expanded, index, pos, size, tabbable }: GroupRowProps) {
  const { t } = useI18n();
  return (
    <div
      role="treeitem"
      class="webim-row webim-row--group"
      data-row-index={index}
      aria-level={1}
      aria-posinset={pos}
      aria-setsize={size}
      aria-expanded={expanded}
      tabIndex={tabbable ? 0 : -1}
    >
      <span class={`webim-row__caret${expanded ? ' webim-row__caret--open' : ''}`} aria-hidden="true">
        <Icon name="next" size={14} />
      </span>
      <bdi class="webim-row__group-name">{label}</bdi>
      <span class="webim-row__count">
        [{online}/{total}]
      </span>
      <span class="webim-sr">{t('buddies.groupOnline', { online, total })}</span>
    </div>
  );
}
