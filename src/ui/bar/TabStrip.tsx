import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { parseConversationKey } from '../../protocol/keys';
import type { Buddy, ConversationKey } from '../../protocol/types';
import { Avatar } from '../common/Avatar';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { dot, presenceKind } from '../common/PresenceDot';
import { useSize } from '../hooks/useSize';
import { useI18n, type Translate } from '../i18n';
import { useShell, type Shell } from '../shell-state';
import '../strings/chat';
import '../strings/shell';

/** Tab widths (px) on wide screens and phones (avatar only), and of each prev/next control: bar.css agrees. */
const TAB = 150;
const TAB_NARROW = 52;
const NAV = 40;

/**
 * What a tab shows about its conversation: the buddy's or stranger's, or the room's (reading those signals, so
 * the tab re-renders when they change), named by nick, else by id.
 */
function describe({ client: { store } }: Shell, key: ConversationKey, t: Translate) {
  const { type, id } = parseConversationKey(key)!;
  if (type === 'broadcast') return { name: t('chat.broadcast'), broadcast: true };
  const who = (
    type === 'grpchat' ? store.rooms.value.get(id) : store.buddies.value.get(id) || store.strangers.value.get(id)
  )?.value;
  return {
    name: who?.nick || id,
    who,
    kind: type === 'chat' && who ? presenceKind((who as Buddy).presence, (who as Buddy).show) : undefined,
  };
}

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
  const n = tabs.length;
  const ref = useRef<HTMLDivElement>(null);
  const [width] = useSize(ref);
  const tab = shell.narrow.value ? TAB_NARROW : TAB;
  // Unmeasured (0): every tab.
  const overflow = width > 0 && n * tab > width;
  const capacity = overflow ? Math.max(1, ((width - 2 * NAV) / tab) | 0) : n;
  const clamp = (f: number) => Math.max(0, Math.min(f, n - capacity));
  const [wanted, setFirst] = useState(0);
  const first = clamp(wanted);
  /** Scrolls as little as possible to show tab `i`. */
  const reveal = (i: number) =>
    setFirst((wantedFirst) => {
      const shown = clamp(wantedFirst);
      return i < shown ? i : i >= shown + capacity ? i - capacity + 1 : shown;
    });
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
  }, [active, capacity, n]);

  // After each render: focus the tab the keyboard moved to, and publish where the open tab is.
  useLayoutEffect(() => {
    if (shell.focus('tab:' + pendingFocus.current)) pendingFocus.current = undefined;
    const selected = ref.current!.querySelector('[aria-selected=true]');
    if (selected) shell.x.value = selected.getBoundingClientRect().left / shell.scale;
  });

  const visible = tabs.slice(first, first + capacity);
  const roving = [focusKey, active, visible[0]].find((k) => visible.includes(k!));
  let before = 0;
  let after = 0;
  if (overflow) tabs.forEach((k, i) => unread.get(k) && (i < first ? before++ : i >= first + capacity && after++));

  const close = (key: ConversationKey, refocus?: boolean) => {
    const i = tabs.indexOf(key);
    client.closeConversation(key);
    // Focus goes to a neighbour, never into nowhere.
    if (refocus) tabs[i + 1] || tabs[i - 1] ? focusTab(tabs[i + 1] || tabs[i - 1]) : shell.focus('user');
  };

  const nav = (step: number, hidden: number, disabled: boolean) => {
    const label = t('tabs.' + (step < 0 ? 'prev' : 'next') + (hidden ? 'Unread' : ''), { count: hidden });
    return (
      <button
        class="webim-tab-scroll-button"
        aria-label={label}
        title={label}
        aria-disabled={disabled}
        onClick={() => disabled || setFirst(clamp(first + step * capacity))}
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

  return (
    <div class="webim-tab-strip" ref={ref}>
      {overflow && nav(-1, before, first === 0)}
      {n > 0 && (
        <div class="webim-tab-viewport">
          <div
            role="tablist"
            aria-label={t('tabs.label')}
            onKeyDown={(e) => {
              const i = tabs.indexOf((e.target as HTMLElement).dataset.focusTarget!.slice(4) as ConversationKey);
              const to = ({ ArrowRight: i + 1, ArrowLeft: i + n - 1, Home: 0, End: n - 1 } as Record<string, number>)[
                e.key
              ];
              if (i < 0 || (to == null && e.key !== 'Delete')) return;
              e.preventDefault();
              if (to == null) close(tabs[i]!, true);
              else {
                reveal(to % n);
                focusTab(tabs[to % n]);
              }
            }}
          >
            {visible.map((key) => {
              const info = describe(shell, key, t);
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
                  {'broadcast' in info ? (
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
                  {info.kind && <span class="webim-visually-hidden">{t('presence.' + info.kind)}</span>}
                  <Badge count={count} />
                </button>
              );
            })}
          </div>
          <div class="webim-tab-close-buttons">
            {visible.map((key) => {
              const label = t('tabs.close', { name: describe(shell, key, t).name });
              return (
                <span>
                  <button tabIndex={-1} aria-label={label} title={label} onClick={() => close(key)}>
                    <Icon name="close" size={12} />
                  </button>
                </span>
              );
            })}
          </div>
        </div>
      )}
      {overflow && nav(1, after, first + capacity >= n)}
    </div>
  );
}
