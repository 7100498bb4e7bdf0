import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { Icon } from '../common/Icon';
import { useClient, useToolbarOptions } from '../context';
import { useElementSize } from '../hooks/useElementSize';
import { useNarrow } from '../hooks/useMediaQuery';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';
import { ChatTab, TabCloseButton } from './ChatTab';
import { clampFirst, hiddenUnread, revealIndex, TAB_NAV_WIDTH, TAB_WIDTH, TAB_WIDTH_NARROW, tabCapacity } from './tab-overflow';

/** Id of the element that holds the open chat window (tabs point at it with `aria-controls`). */
export const WINDOW_SLOT_ID = 'webim-window';

/**
 * The open conversations as a tablist. Tabs have a fixed width, so how many fit is simple arithmetic on the
 * measured strip width; the rest are reached with prev/next controls that say how many hidden tabs have unread
 * messages. Keyboard: Left/Right/Home/End move between tabs (scrolling hidden ones into view), Enter/Space open or
 * collapse a tab's window, Delete closes the conversation.
 */
export function TabStrip() {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const narrow = useNarrow();
  const scale = useToolbarOptions().fontScale ?? 1;
  const { store } = client;
  const tabs = store.tabs.value;
  const active = store.activeTab.value;
  const unread = store.unread.value;

  const stripRef = useRef<HTMLDivElement>(null);
  const tablistRef = useRef<HTMLDivElement>(null);
  const { width } = useElementSize(stripRef);
  const { capacity, overflow } = tabCapacity(width, narrow ? TAB_WIDTH_NARROW : TAB_WIDTH, TAB_NAV_WIDTH, tabs.length);
  const [firstWanted, setFirst] = useState(0);
  const first = clampFirst(firstWanted, tabs.length, capacity);
  const [focusKey, setFocusKey] = useState<ConversationKey | null>(null);
  const pendingFocus = useRef<ConversationKey | null>(null);

  // Whenever a window opens (here, from a pane, or by auto-pop), its tab comes into view.
  useLayoutEffect(() => {
    const index = active ? tabs.indexOf(active) : -1;
    if (index < 0) return;
    setFirst((f) => revealIndex(clampFirst(f, tabs.length, capacity), index, capacity));
    setFocusKey(active);
  }, [active, capacity, tabs.length]);

  // After each render: focus the tab keyboard navigation moved to, and publish where the open tab is (its window
  // opens above it).
  useLayoutEffect(() => {
    const key = pendingFocus.current;
    if (key && shell.focus(`tab:${key}`)) pendingFocus.current = null;
    const selected = tablistRef.current?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (selected) shell.activeTabX.value = selected.getBoundingClientRect().left / scale; // the slot's px are zoomed
  });

  const visible = tabs.slice(first, first + capacity);
  const rovingKey =
    focusKey && visible.includes(focusKey) ? focusKey : active && visible.includes(active) ? active : visible[0];
  const hidden = overflow ? hiddenUnread(tabs, first, capacity, unread) : { before: 0, after: 0 };

  const moveTo = (index: number) => {
    const key = tabs[index];
    if (!key) return;
    setFirst((f) => revealIndex(clampFirst(f, tabs.length, capacity), index, capacity));
    setFocusKey(key);
    pendingFocus.current = key;
  };

  const closeTab = (key: ConversationKey, refocus: boolean) => {
    const index = tabs.indexOf(key);
    client.closeConversation(key);
    const neighbour = tabs[index + 1] ?? tabs[index - 1];
    if (!refocus) return;
    if (neighbour) {
      setFocusKey(neighbour);
      pendingFocus.current = neighbour;
    } else {
      shell.focus('bar:user');
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const key = (e.target as HTMLElement).closest?.('[role="tab"]')?.getAttribute('data-key') as ConversationKey | null;
    const index = key ? tabs.indexOf(key) : -1;
    if (index < 0) return;
    const n = tabs.length;
    const target =
      e.key === 'ArrowRight' ? (index + 1) % n
      : e.key === 'ArrowLeft' ? (index - 1 + n) % n
      : e.key === 'Home' ? 0
      : e.key === 'End' ? n - 1
      : null;
    if (target !== null) {
      e.preventDefault();
      moveTo(target);
    } else if (e.key === 'Delete') {
      e.preventDefault();
      closeTab(tabs[index]!, true);
    }
  };

  const page = (direction: -1 | 1) => {
    if (direction < 0 ? first === 0 : first + capacity >= tabs.length) return;
    setFirst(clampFirst(first + direction * capacity, tabs.length, capacity));
  };

  return (
    <div class={`webim-tabs${overflow ? ' webim-tabs--overflow' : ''}`} ref={stripRef}>
      {overflow && (
        <TabNav direction="prev" count={hidden.before} disabled={first === 0} label={hidden.before ? t('tabs.prevUnread', { count: hidden.before }) : t('tabs.prev')} onClick={() => page(-1)} />
      )}
      {tabs.length > 0 && (
        <div class="webim-tabs__viewport">
          <div role="tablist" aria-label={t('tabs.label')} class="webim-tabs__list" ref={tablistRef} onKeyDown={onKeyDown}>
            {visible.map((key) => (
              <ChatTab key={key} convKey={key} selected={key === active} tabbable={key === rovingKey} windowId={WINDOW_SLOT_ID} />
            ))}
          </div>
          <div class="webim-tabs__closers">
            {visible.map((key) => (
              <span key={key} class="webim-tabs__slot">
                <TabCloseButton convKey={key} onClose={(k) => closeTab(k, false)} />
              </span>
            ))}
          </div>
        </div>
      )}
      {overflow && (
        <TabNav direction="next" count={hidden.after} disabled={first + capacity >= tabs.length} label={hidden.after ? t('tabs.nextUnread', { count: hidden.after }) : t('tabs.next')} onClick={() => page(1)} />
      )}
    </div>
  );
}

interface TabNavProps {
  direction: 'prev' | 'next';
  count: number;
  disabled: boolean;
  label: string;
  onClick: () => void;
}

function TabNav({ direction, count, disabled, label, onClick }: TabNavProps) {
  return (
    <button type="button" class={`webim-tabs__nav webim-tabs__nav--${direction}`} aria-label={label} title={label} aria-disabled={disabled} onClick={onClick}>
      <Icon name={direction} size={16} />
      {count > 0 && (
        <span class="webim-badge webim-tabs__hidden-unread" aria-hidden="true">
          {count}
        </span>
      )}
    </button>
  );
}
