import { useComputed, type Signal } from '@preact/signals';
import { conversationKey } from '../../../protocol/keys';
import type { Buddy } from '../../../protocol/types';
import { Avatar } from '../../common/Avatar';
import { Badge } from '../../common/Badge';
import { Icon } from '../../common/Icon';
import { dot, presenceKind } from '../../common/PresenceDot';
import { useI18n } from '../../i18n';
import { useShell } from '../../shell-state';
import '../../strings/shell';

/** Where a row sits in the tree (ARIA) and in the flattened list (`data-i`, for keys and scrolling). */
interface RowPlace {
  index: number;
  level: number;
  pos: number;
  size: number;
  /** The one row in the tab order (roving tabindex). */
  tabbable: boolean;
}

const place = ({ index, level, pos, size, tabbable }: RowPlace) => ({
  role: 'treeitem' as const,
  'data-i': index,
  'aria-level': level,
  'aria-posinset': pos,
  'aria-setsize': size,
  tabIndex: tabbable ? 0 : -1,
});

/**
 * One buddy: avatar with presence dot, nick, status line, and the unread count of the chat with them (where news
 * shows when auto-pop is off). Props are primitives and the buddy's signal, so when the list re-renders unchanged
 * rows are skipped, and a presence re-renders only its row; clicks and keys are the tree's (event delegation).
 */
export function BuddyRow({ buddy, ...at }: RowPlace & { buddy: Signal<Buddy> }) {
  const b = buddy.value;
  const { t } = useI18n();
  const { client } = useShell();
  // This row's own count, so news in another conversation does not re-render every row.
  const unread = useComputed(() => client.store.unread.value.get(conversationKey('chat', buddy.value.id)) || 0).value;
  const kind = presenceKind(b.presence, b.show);
  const word = t('presence.' + kind);
  return (
    <div {...place(at)} class={'webim-buddy-row webim-buddy-row--' + kind} aria-busy={b.incomplete || undefined}>
      <span class="webim-avatar-with-presence">
        <Avatar name={b.nick} src={b.avatar} fallback={b.defaultAvatar} />
        {dot(kind)}
      </span>
      <span>
        <bdi>{b.nick}</bdi>
        {/* Presence in words right after the name, unless the status line below says it already. */}
        {(b.status || b.incomplete) && <span class="webim-visually-hidden">{word}</span>}
        <small dir="auto">{b.incomplete ? t('buddies.loading') : b.status || word}</small>
      </span>
      <Badge count={unread} />
    </div>
  );
}

/** A group's header: name and `[online/total]`; Enter, click, Left/Right collapse and expand it. */
export function GroupRow({
  label,
  online,
  total,
  expanded,
  ...at
}: RowPlace & { label: string; online: number; total: number; expanded: boolean }) {
  const { t } = useI18n();
  return (
    <div {...place(at)} class="webim-buddy-row webim-group-row" aria-expanded={expanded}>
      <Icon name="next" size={14} />
      <bdi>{label}</bdi>
      <span>
        [{online}/{total}]
      </span>
      <span class="webim-visually-hidden">{t('buddies.groupOnline', { online, total })}</span>
    </div>
  );
}
