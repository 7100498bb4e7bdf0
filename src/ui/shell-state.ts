import { computed, effect, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import type { ConversationKey } from '../protocol/types';
import type { Pane } from '../store/types';

/** Names of elements focus can return to: `pane:<name>` (pane buttons), `tab:<key>`, `bar:user`, `bar:restore`. */
export type FocusTarget = `pane:${Pane}` | `tab:${ConversationKey}` | 'bar:user' | 'bar:restore' | 'bar:minimize';

/**
 * UI state and behaviour shared by the bar's parts that the store does not hold: which panes are open (the
 * sticky buddy pane lives beside `store.pane`), where focus returns when something closes, and where the open
 * window sits. One per mounted toolbar.
 */
export interface Shell {
  /** Open panes in stacking order: the sticky buddy pane first, then `store.pane`. */
  readonly openPanes: ReadonlySignal<readonly Pane[]>;
  togglePane(pane: Pane): void;
  /** Closes a pane; if focus was inside it, focus returns to `focusAfter` (default: the pane's button). */
  closePane(pane: Pane, focusAfter?: FocusTarget): void;
  /** Opens a conversation from a pane; a non-sticky pane closes and focus follows the new tab. */
  openConversation(key: ConversationKey, options?: { nick?: string; from?: Pane }): void;
  /** Opens a tab's window (on phones, where both are full-screen, the open pane gives way). */
  activateTab(key: ConversationKey): void;
  /** Collapses the open window and puts focus on its tab. */
  closeWindow(): void;
  /** Esc: closes the topmost pane, else the open window. Returns whether something closed. */
  closeTopLayer(): boolean;
  /** A stable ref callback that registers an element as a focus target. */
  focusRef(id: FocusTarget): (el: HTMLElement | null) => void;
  /** Focuses a registered element; false when it is not rendered. */
  focus(id: FocusTarget): boolean;
  /** Focus is somewhere inside the toolbar. */
  hasFocus(): boolean;
  /** Focuses the bar's main control (the shortcut's target). */
  focusBar(): void;
  /** True once after the user opened this pane (then the pane moves focus into itself; a restored pane doesn't). */
  takeOpenFocus(pane: Pane): boolean;
  /** Registers the element of an open pane so closing it can tell whether focus was inside. */
  paneRef(pane: Pane): (el: HTMLElement | null) => void;
  /** Left edge (px, viewport) of the active tab; the window opens above it. */
  readonly activeTabX: Signal<number>;
  dispose(): void;
}

export const ShellContext = createContext<Shell | null>(null);

export function useShell(): Shell {
  const shell = useContext(ShellContext);
  if (!shell) throw new Error('webim: shell component rendered outside <ShellContext.Provider>');
  return shell;
}

/** The toolbar's root element (inside the shadow root when mounted), or null before it renders. */
export type RootElement = () => HTMLElement | null;

/**
 * @param root the toolbar's root element (focus is read from its shadow root or document)
 * @param isNarrow whether panes and windows are full-screen now (phones): then they replace each other, and the
 *   window, drawn on top, is the first thing Esc closes
 */
export function createShell(client: WebIMClient, root: RootElement, isNarrow: () => boolean = () => false): Shell {
  const { store } = client;
  const pinned = signal(false);
  const targets = new Map<string, HTMLElement>();
  const refs = new Map<string, (el: HTMLElement | null) => void>();
  const paneEls = new Map<string, HTMLElement>();
  const paneEl = (pane: Pane) => paneEls.get(`paneEl:${pane}`);
  const activeTabX = signal(0);
  const focusOnOpen = new Set<Pane>();

  const sticky = () => store.settings.peek().buddy_sticky;
  // The buddy pane becomes pinned when opened while "sticky" is on, and unpinned when the setting goes off.
  const stopPinning = effect(() => {
    const on = store.settings.value.buddy_sticky;
    if (!on) pinned.value = false;
    else if (store.pane.value === 'buddies') pinned.value = true;
  });

  const openPanes = computed<readonly Pane[]>(() => {
    const list: Pane[] = [];
    if (pinned.value && store.settings.value.buddy_sticky) list.push('buddies');
    const pane = store.pane.value;
    if (pane && !list.includes(pane)) list.push(pane);
    return list;
  });

  const activeElement = (): Element | null => {
    const el = root();
    return el ? ((el.getRootNode() as unknown as DocumentOrShadowRoot).activeElement ?? null) : null;
  };

  const registerRef = (id: string, map: Map<string, HTMLElement>) => {
    let ref = refs.get(id);
    if (!ref) {
      ref = (el) => {
        if (el) map.set(id, el);
        else map.delete(id);
      };
      refs.set(id, ref);
    }
    return ref;
  };

  const focus = (id: FocusTarget): boolean => {
    const el = targets.get(id);
    if (!el || !el.isConnected) return false;
    el.focus();
    return true;
  };

  const focusBar = () => {
    if (store.minimized.peek()) {
      focus('bar:restore');
      return;
    }
    const active = store.activeTab.peek();
    if (active && focus(`tab:${active}`)) return;
    const first = store.tabs.peek()[0];
    if (first && focus(`tab:${first}`)) return;
    focus('bar:user');
  };

  const closePane = (pane: Pane, focusAfter: FocusTarget = `pane:${pane}`) => {
    const el = paneEl(pane);
    const active = activeElement();
    const hadFocus = !!el && !!active && el.contains(active);
    if (pane === 'buddies') pinned.value = false;
    if (store.pane.peek() === pane) client.setPane(null);
    // Focus must never stay behind in a pane that is going away: once it has been removed, move it on — unless
    // what the pane opened has taken it already (a chat window puts the caret in its composer).
    if (hadFocus) {
      queueMicrotask(() => {
        const now = activeElement();
        if (now && now !== active && now.isConnected && root()?.contains(now) && !el?.contains(now)) return;
        if (!focus(focusAfter)) focusBar();
      });
    }
  };

  const shell: Shell = {
    openPanes,
    togglePane(pane) {
      if (openPanes.peek().includes(pane)) {
        closePane(pane);
        return;
      }
      if (pane === 'buddies' && sticky()) pinned.value = true;
      focusOnOpen.add(pane);
      client.setPane(pane);
      if (isNarrow() && store.activeTab.peek()) client.activate(null);
    },
    closePane,
    openConversation(key, options = {}) {
      client.openConversation(key, options.nick ? { nick: options.nick } : undefined);
      const from = options.from;
      if (from && !(from === 'buddies' && sticky())) closePane(from, `tab:${key}`);
    },
    activateTab(key) {
      client.activate(key);
      if (isNarrow() && store.pane.peek()) client.setPane(null);
    },
    closeWindow() {
      const key = store.activeTab.peek();
      if (!key) return;
      client.activate(null);
      if (!focus(`tab:${key}`)) focusBar();
    },
    closeTopLayer() {
      if (isNarrow() && store.activeTab.peek()) {
        shell.closeWindow();
        return true;
      }
      const panes = openPanes.peek();
      if (panes.length) {
        const top = panes[panes.length - 1]!;
        const hadFocusInside = (() => {
          const el = paneEl(top);
          const active = activeElement();
          return !!el && !!active && el.contains(active);
        })();
        closePane(top);
        // Esc from outside the pane (e.g. the bar) still returns to the pane's button, never to nowhere.
        if (!hadFocusInside) focus(`pane:${top}`);
        return true;
      }
      if (store.activeTab.peek()) {
        shell.closeWindow();
        return true;
      }
      return false;
    },
    focusRef: (id) => registerRef(id, targets),
    hasFocus: () => {
      const active = activeElement();
      return !!active && !!root()?.contains(active);
    },
    focus,
    focusBar,
    takeOpenFocus: (pane) => focusOnOpen.delete(pane),
    paneRef: (pane) => registerRef(`paneEl:${pane}`, paneEls),
    activeTabX,
    dispose() {
      stopPinning();
      targets.clear();
      paneEls.clear();
    },
  };
  return shell;
}
