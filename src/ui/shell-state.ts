import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import type { ConversationKey } from '../protocol/types';
import type { Pane } from '../store/types';
import type { ToolbarOptions } from './options';

/** Phones and narrow windows: panes and windows are full-screen below this width (bar.css / panes.css agree). */
export const NARROW_QUERY = '(max-width: 599.98px)';

/** The zoom the root gets (`--webim-font-scale`): `fontScale` clamped to 0.5–3, 1 when not a positive number. */
export const fontScale = ({ fontScale: s }: ToolbarOptions): number => (s! > 0 ? Math.min(3, Math.max(0.5, s!)) : 1);

/**
 * The input that counts as the user acting: a pointer or a key, and a click (a screen reader's activation may send
 * only the click).
 */
const INPUT_EVENTS = ['pointerdown', 'keydown', 'click'] as const;

/** How long after the user's input a change still counts as theirs (an open takes a few milliseconds to render). */
export const USER_ACTION_MS = 1_000;

/** An error's message for the UI. */
export const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The toolbar's own UI state and behaviour, beside the store: which panes are open (the sticky buddy pane next to
 * `store.pane`), where focus goes when something closes, where the open window sits. One per mounted toolbar.
 * Focus targets are elements with `data-focus-target`: `pane:<pane>` (pane buttons), `tab:<key>`, `user`, `minimize`,
 * `restore`; a pane's dialog has the id `webim-pane-<pane>`.
 */
export function createShell(client: WebIMClient, options: ToolbarOptions, forced?: ReadonlySignal<string | undefined>) {
  const { store } = client;
  const pinned = signal(false);
  const media = typeof matchMedia === 'function' ? matchMedia(NARROW_QUERY) : null;
  const narrow = signal(!!media?.matches);
  const onMedia = () => (narrow.value = media!.matches);
  media?.addEventListener?.('change', onMedia);
  // The buddy pane is pinned when it opens while "sticky" is on, and unpinned when the setting goes off.
  const stopPinning = effect(() => {
    if (!store.settings.value.buddy_sticky) pinned.value = false;
    else if (store.pane.value === 'buddies') pinned.value = true;
  });
  /** Panes the user opened (they take focus when they render; a pane restored with the page does not). */
  const opened = new Set<Pane>();
  /**
   * When the user last pressed a key or a pointer anywhere on the page (capture phase: a handler that stops the
   * event cannot hide it). A window that mounts just after is one they opened; one restored with the page, popped
   * up by an incoming message or opened by another tab is not, and must not take the focus.
   */
  let actedAt = -Infinity;
  const onInput = () => void (actedAt = performance.now());
  for (const type of INPUT_EVENTS) document.addEventListener(type, onInput, true);

  const active = () => (shell.root?.getRootNode() as Document | undefined)?.activeElement;
  const paneEl = (pane: Pane) => shell.root?.querySelector('#webim-pane-' + pane);
  const focus = (id: string): boolean => {
    const el =
      shell.root &&
      [...shell.root.querySelectorAll<HTMLElement>('[data-focus-target]')].find((e) => e.dataset.focusTarget === id);
    el?.focus();
    return !!el;
  };
  const focusBar = () => {
    if (store.minimized.peek()) focus('restore');
    else focus('tab:' + store.activeTab.peek()) || focus('tab:' + store.tabs.peek()[0]) || focus('user');
  };
  const sticky = () => store.settings.peek().buddy_sticky;

  /** Closes a pane; when focus was inside, it moves to `after` once the pane is gone (unless something took it). */
  const closePane = (pane: Pane, after = 'pane:' + pane) => {
    const el = paneEl(pane);
    const before = active();
    if (pane === 'buddies') pinned.value = false;
    if (store.pane.peek() === pane) client.setPane(null);
    if (el && before && el.contains(before))
      queueMicrotask(() => {
        const now = active();
        if (!(now && now !== before && now.isConnected && shell.root!.contains(now) && !el.contains(now)))
          focus(after) || focusBar();
      });
  };

  const closeWindow = () => {
    const key = store.activeTab.peek();
    if (key) {
      client.activate(null);
      focus('tab:' + key) || focusBar();
    }
  };

  const shell = {
    client,
    options,
    /** The page fixed the language (`options.locale`, `setLocale`). */
    forced,
    /** The root zoom (tab positions are measured in screen px). */
    scale: fontScale(options),
    root: null as HTMLElement | null,
    /** Open panes in stacking order: the sticky buddy pane first. */
    panes: computed<readonly Pane[]>(() => {
      const list: Pane[] = pinned.value ? ['buddies'] : [];
      const pane = store.pane.value;
      if (pane && pane !== list[0]) list.push(pane);
      return list;
    }),
    narrow,
    /** Left edge of the active tab (the window opens above it). */
    x: signal(0),
    opened,
    focus,
    focusBar,
    closePane,
    closeWindow,
    hasFocus: () => !!shell.root?.contains(active() ?? null),
    toggle(pane: Pane) {
      if (shell.panes.peek().includes(pane)) return closePane(pane);
      opened.add(pane);
      client.setPane(pane);
      // On phones panes and windows are full-screen: the one opened last replaces the other.
      if (narrow.peek() && store.activeTab.peek()) client.activate(null);
    },
    /** Opens a conversation from a pane: a non-sticky pane closes and focus follows the conversation. */
    open(key: ConversationKey, nick?: string, from?: Pane) {
      client.openConversation(key, nick ? { nick } : undefined);
      if (from && !(from === 'buddies' && sticky())) closePane(from, 'tab:' + key);
    },
    activate(key: ConversationKey) {
      client.activate(key);
      if (narrow.peek() && store.pane.peek()) client.setPane(null);
    },
    /** Minimises or restores the bar; focus that was in the toolbar goes to the control that undoes it. */
    minimize(on: boolean) {
      const had = shell.hasFocus();
      client.setMinimized(on);
      if (had) queueMicrotask(() => focus(on ? 'restore' : 'minimize'));
    },
    /** Esc: closes the topmost pane (focus to its button), else the window. Whether something closed. */
    esc(): boolean {
      const top = shell.panes.peek().at(-1);
      const tab = store.activeTab.peek();
      // On phones the window is drawn over the sticky pane, so it goes first.
      if (top && !(narrow.peek() && tab)) {
        closePane(top);
        focus('pane:' + top);
        return true;
      }
      closeWindow();
      return !!tab;
    },
    /** Whether the user pressed a key or a pointer within {@link USER_ACTION_MS} (what just changed is theirs). */
    userJustActed: () => performance.now() - actedAt < USER_ACTION_MS,
    dispose() {
      stopPinning();
      media?.removeEventListener?.('change', onMedia);
      for (const type of INPUT_EVENTS) document.removeEventListener(type, onInput, true);
    },
  };
  return shell;
}

export type Shell = ReturnType<typeof createShell>;

export const ShellContext = createContext<Shell>(null!);

export const useShell = (): Shell => useContext(ShellContext);
