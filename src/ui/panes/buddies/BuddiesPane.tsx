import { useId, useRef, useState } from 'preact/hooks';
import { conversationKey } from '../../../protocol/keys';
import { Icon } from '../../common/Icon';
import { useClient } from '../../context';
import { useI18n } from '../../i18n';
import { useShell } from '../../shell-state';
import '../../strings/shell';
import { PaneDialog } from '../PaneDialog';
import { BuddyTree, type BuddyTreeHandle } from './BuddyTree';
import { buildRosterRows, type RosterRow } from './rows';
import { useFrameValue } from './useFrameValue';
import { UserHeader } from './UserHeader';

/** The buddy pane: the user's header, search as you type, and the grouped, virtualised roster. */
export function BuddiesPane() {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const { store } = client;
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const searchRef = useRef<HTMLInputElement>(null);
  const tree = useRef<BuddyTreeHandle | null>(null);
  const treeId = useId();

  // Order and counts follow the roster once per frame (a presence storm re-sorts nothing per packet); each row
  // shows its own buddy's changes at once.
  const groups = useFrameValue(store.buddyGroups);
  const rows = buildRosterRows(groups, store.buddies.value, collapsed, query);
  const first = rows.at(0);
  const groupLabel = (row: Extract<RosterRow, { kind: 'group' }>) =>
    row.group.visitors ? t('buddies.group.visitors') : row.group.name || t('buddies.group.default');

  const open = (buddyId: string) => {
    const b = store.buddies.peek().get(buddyId)?.peek();
    shell.openConversation(conversationKey('chat', buddyId), { nick: b?.nick, from: 'buddies' });
  };
  const toggleGroup = (key: string, expanded: boolean) =>
    setCollapsed((old) => {
      const next = new Set(old);
      if (expanded) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <PaneDialog pane="buddies" title={t('bar.buddies')}>
      <UserHeader />
      <div class="webim-search">
        <Icon name="search" size={16} />
        <input
          ref={searchRef}
          class="webim-input webim-search__input"
          type="search"
          data-autofocus
          aria-label={t('buddies.search')}
          aria-controls={rows.length ? treeId : undefined}
          placeholder={t('buddies.searchPlaceholder')}
          autocomplete="off"
          spellcheck={false}
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && rows.length) {
              e.preventDefault();
              tree.current?.focusFirst();
            } else if (e.key === 'Enter' && query && first?.kind === 'buddy') {
              e.preventDefault();
              open(first.buddyId);
            } else if (e.key === 'Escape' && query) {
              // First Esc clears the search; the next one closes the pane.
              e.preventDefault();
              e.stopPropagation();
              setQuery('');
            }
          }}
        />
      </div>
      {rows.length > 0 ? (
        <BuddyTree
          id={treeId}
          label={t('buddies.list')}
          rows={rows}
          onOpen={open}
          onToggleGroup={toggleGroup}
          onTypeAhead={(char) => {
            setQuery((q) => q + char);
            searchRef.current?.focus();
          }}
          groupLabel={groupLabel}
          handle={tree}
        />
      ) : (
        <p class="webim-empty" role="status">
          {query ? t('buddies.noMatches') : t('buddies.empty')}
        </p>
      )}
    </PaneDialog>
  );
}
