import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { conversationKey } from '../../../protocol/keys';
import { Avatar } from '../../common/Avatar';
import { Icon } from '../../common/Icon';
import { useFrameValue } from '../../hooks/useFrameValue';
import { useI18n } from '../../i18n';
import { PresenceMenu } from '../../menu/PresenceMenu';
import { useShell } from '../../shell-state';
import '../../strings/shell';
import { PaneDialog } from '../PaneDialog';
import { BuddyTree } from './BuddyTree';
import { buildRosterRows } from './rows';

/** The buddy pane: the user's header, search as you type, and the grouped, virtualised roster. */
export function BuddiesPane() {
  const shell = useShell();
  const { t } = useI18n();
  const { store } = shell.client;
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const search = useRef<HTMLInputElement>(null);
  // Order and counts follow the roster once per frame (a presence storm re-sorts nothing per packet); each row
  // shows its own buddy's changes at once.
  const rows = buildRosterRows(useFrameValue(store.buddyGroups), store.buddies.value, collapsed, query);
  const first = rows.at(0);
  const open = (id: string) =>
    shell.open(conversationKey('chat', id), store.buddies.peek().get(id)?.peek().nick, 'buddies');

  return (
    <PaneDialog pane="buddies">
      <Me />
      <div class="webim-search">
        <Icon name="search" size={16} />
        <input
          ref={search}
          class="webim-input"
          type="search"
          data-autofocus
          aria-label={t('buddies.search')}
          aria-controls={rows.length ? 'webim-buddy-tree' : undefined}
          placeholder={t('buddies.searchPlaceholder')}
          autocomplete="off"
          spellcheck={false}
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={(e) => {
            const k = e.key;
            if (k === 'ArrowDown' && first)
              e.currentTarget.closest('section')!.querySelector<HTMLElement>('[role=tree] [tabindex="0"]')!.focus();
            else if (k === 'Enter' && query && first?.kind === 'buddy') open(first.buddyId);
            else if (k === 'Escape' && query) {
              // The first Esc clears the search; the next one closes the pane.
              e.stopPropagation();
              setQuery('');
            } else return;
            e.preventDefault();
          }}
        />
      </div>
      {first ? (
        <BuddyTree
          rows={rows}
          onOpen={open}
          onToggleGroup={(key, expanded) =>
            setCollapsed((old) => {
              const next = new Set(old);
              next[expanded ? 'delete' : 'add'](key);
              return next;
            })
          }
          onTypeAhead={(char) => {
            setQuery((q) => q + char);
            search.current!.focus();
          }}
        />
      ) : (
        <p class="webim-empty" role="status">
          {t(query ? 'buddies.noMatches' : 'buddies.empty')}
        </p>
      )}
    </PaneDialog>
  );
}

/**
 * The pane's header: the user's avatar, nick, presence menu and status text. The status is a button; click or
 * Enter turns it into a field where Enter saves (through `setPresence(show, text)`), Esc cancels (and only
 * that: the pane stays), and leaving the field saves too.
 */
function Me() {
  const { client } = useShell();
  const { t } = useI18n();
  const user = client.store.user.value;
  const status = user?.status || '';
  const [editing, setEditing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const done = useRef(false);
  const placeholder = t('status.placeholder');

  useLayoutEffect(() => {
    if (!editing) return;
    input.current!.focus();
    input.current!.select();
  }, [editing]);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    setEditing(false);
    const text = input.current!.value.trim();
    if (save && user && text !== status) client.setPresence(user.show, text).catch(() => {});
    queueMicrotask(() => button.current?.focus());
  };

  return (
    <div class="webim-own-profile">
      <Avatar name={user?.nick || '?'} src={user?.avatar} fallback={user?.defaultAvatar} size="lg" />
      <div>
        <bdi>{user?.nick}</bdi>
        <PresenceMenu />
        {editing ? (
          <input
            ref={input}
            class="webim-input"
            maxLength={140}
            aria-label={t('status.label')}
            placeholder={placeholder}
            defaultValue={status}
            onKeyDown={(e) => {
              if (e.isComposing || (e.key !== 'Enter' && e.key !== 'Escape')) return;
              e.preventDefault();
              e.stopPropagation();
              finish(e.key === 'Enter');
            }}
            onBlur={() => finish(true)}
          />
        ) : (
          <button
            ref={button}
            class={status ? 'webim-status-message' : 'webim-status-message webim-unset'}
            aria-label={status ? t('status.edit', { status }) : placeholder}
            disabled={!user}
            onClick={() => {
              done.current = false;
              setEditing(true);
            }}
          >
            <span dir="auto">{status || placeholder}</span>
          </button>
        )}
      </div>
    </div>
  );
}
