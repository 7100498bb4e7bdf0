import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { Avatar } from '../common/Avatar';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { dot } from '../common/PresenceDot';
import { useSize } from '../hooks/useSize';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/chat';
import '../strings/shell';
import {
  clampFirst,
  describeTab,
  keyTarget,
  neighbourOf,
  revealFirst,
  rovingTab,
  scrollLabel,
  tabWindow,
} from './tab-strip-model';

/**
 * The open conversations as a tablist. Tabs have a fixed width, so how many fit is arithmetic on the measured
 * strip width; the rest are reached with prev/next controls that say how many hidden tabs have unread messages.
 * Keyboard: Left/Right/Home/End move between all tabs (scrolling hidden ones in), Enter/Space open or collapse a
 * tab's window, Delete closes the conversation. Close buttons (mouse, touch) lie over the tabs, outside the
 * tablist (which may own only tabs) and out of the tab order.
 */
export function TabStrip() {
  const shell = useShell();
  const { t } = useI18n();
  const { client } = shell;
  const { store } = client;
  const tabs = store.tabs.value;
  const active = store.activeTab.value;
  const unread = store.unread.value;
  const ref = useRef<HTMLDivElement>(null);
  const [width] = useSize(ref);
  const [wanted, setFirst] = useState(0);
  const view = tabWindow({ tabs, unread, width, narrow: shell.narrow.value, wantedFirst: wanted });
  const { capacity, first, visible } = view;
  const reveal = (i: number) => setFirst((wantedFirst) => revealFirst(i, wantedFirst, capacity, tabs.length));
  const [focusKey, setFocusKey] = useState<ConversationKey | undefined>();
  const pendingFocus = useRef<ConversationKey>(undefined);
  const focusTab = (key?: ConversationKey) => {
    setFocusKey(key);
    pendingFocus.current = key;
  };

  // Whenever a window opens (here, from a pane, or by auto-pop), its tab comes into view.
  useLayoutEffect(() => {
    const i = tabs.indexOf(active!);
    if (i >= 0) {
      reveal(i);
      setFocusKey(active!);
    }
  }, [active, capacity, tabs.length]);

  // After each render: focus the tab the keyboard moved to, and publish where the open tab is.
  useLayoutEffect(() => {
    if (shell.focus('tab:' + pendingFocus.current)) pendingFocus.current = undefined;
    const selected = ref.current!.querySelector('[aria-selected=true]');
    if (selected) shell.x.value = selected.getBoundingClientRect().left / shell.scale;
  });

  const roving = rovingTab(visible, focusKey, active);
  const close = (key: ConversationKey, refocus?: boolean) => {
    const next = neighbourOf(tabs, key);
    client.closeConversation(key);
    // Focus goes to a neighbour, never into nowhere.
    if (refocus) next ? focusTab(next) : shell.focus('user');
  };

  const nav = (step: -1 | 1, hidden: number, disabled: boolean) => {
    const label = scrollLabel(step, hidden, t);
    return (
      <button
        class="webim-tab-scroll-button"
        aria-label={label}
        title={label}
        aria-disabled={disabled}
        onClick={() => disabled || setFirst(clampFirst(first + step * capacity, capacity, tabs.length))}
      >
        <Icon name={step < 0 ? 'prev' : 'next'} size={16} />
        {hidden > 0 && (
          <span class="webim-badge" aria-hidden="true">
            {hidden}
          </span>
        )}
      </button>
    );
  };

  const infos = visible.map((key) => describeTab(store, key, t));
  return (
    <div class="webim-tab-strip" ref={ref}>
      {view.overflow && nav(-1, view.unreadBefore, view.prevDisabled)}
      {tabs.length > 0 && (
        <div class="webim-tab-viewport">
          <div
            role="tablist"
            aria-label={t('tabs.label')}
            onKeyDown={(e) => {
              const i = tabs.indexOf((e.target as HTMLElement).dataset.focusTarget!.slice(4) as ConversationKey);
              const to = keyTarget(e.key, i, tabs.length);
              if (i < 0 || (to === undefined && e.key !== 'Delete')) return;
              e.preventDefault();
              if (to === undefined) close(tabs[i]!, true);
              else {
                reveal(to);
                focusTab(tabs[to]);
              }
            }}
          >
            {visible.map((key, i) => {
              const info = infos[i]!;
              const selected = key === active;
              const count = unread.get(key) || 0;
              return (
                <button
                  key={key}
                  role="tab"
                  class={count ? 'webim-tab webim-unread' : 'webim-tab'}
                  data-focus-target={'tab:' + key}
                  aria-selected={selected}
                  aria-controls={selected ? 'webim-window' : undefined}
                  aria-keyshortcuts="Delete"
                  tabIndex={key === roving ? 0 : -1}
                  title={info.name}
                  onClick={() => (selected ? shell.closeWindow() : shell.activate(key))}
                >
                  {info.broadcast ? (
                    <span class="webim-avatar-with-presence webim-broadcast-icon">
                      <Icon name="chat" size={16} />
                    </span>
                  ) : (
                    <span class="webim-avatar-with-presence">
                      <Avatar name={info.name} src={info.who?.avatar} fallback={info.who?.defaultAvatar} size="sm" />
                      {info.kind && dot(info.kind)}
                    </span>
                  )}
                  <bdi>{info.name}</bdi>
                  {/* The presence is said after the name ("Bob Away 3 unread"). */}
                  {info.presenceLabel && <span class="webim-visually-hidden">{info.presenceLabel}</span>}
                  <Badge count={count} />
                </button>
              );
            })}
          </div>
          <div class="webim-tab-close-buttons">
            {visible.map((key, i) => (
              <span>
                <button
                  tabIndex={-1}
                  aria-label={infos[i]!.closeLabel}
                  title={infos[i]!.closeLabel}
                  onClick={() => close(key)}
                >
                  <Icon name="close" size={12} />
                </button>
              </span>
            ))}
          </div>
        </div>
      )}
      {view.overflow && nav(1, view.unreadAfter, view.nextDisabled)}
    </div>
  );
}
