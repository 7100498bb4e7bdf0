import { effect, signal } from '@preact/signals';
import type { WebIMClient } from '../../core/types';
import { conversationKey } from '../../protocol/keys';
import { presenceKind } from '../common/PresenceDot';
import { createTranslator, resolveLocale } from '../i18n';
import type { ChatlinkOptions } from '../options';
import '../strings/chat';
import { createChatIcon, setIconLabel } from './icon';
import { createUserIdMatcher } from './patterns';
import { findUserLinks, ICON_TAG, safeAttributeName, type UserLink } from './scan';

export interface ChatlinkSetup extends ChatlinkOptions {
  /** The bar's host element: never scanned, and changes inside it never trigger a re-scan. */
  exclude?: Element;
  /**
   * Ids found by a re-scan that were not on the page before (the ids present at start are read through `ids()`,
   * e.g. by `ClientOptions.strangerIds` at `online`). Fetch their presence here.
   */
  onNewIds?: (ids: string[]) => void;
  /** Quiet time after page changes before re-scanning. Default 250 ms. */
  debounceMs?: number;
  /** Locale of the icons' labels; default: settings, then the browser's languages. */
  locale?: string;
}

export interface Chatlink {
  /** Distinct user ids linked on the page (without the current user), in page order. */
  ids(): string[];
  /** Scans the page now (also done automatically when it changes). */
  scan(): void;
  /** Removes every icon and stops watching the page. */
  stop(): void;
}

/**
 * "Stranger chat": finds user links on the page and puts a small chat icon after each one whose user is online
 * (presence from the store's buddies and strangers, kept live). Activating an icon opens a chat with that user.
 */
export function createChatlink(client: WebIMClient, options: ChatlinkSetup = {}): Chatlink {
  const store = client.store;
  const doc = options.root?.ownerDocument ?? document;
  const root = options.root ?? doc.body;
  const scanOptions = { attribute: safeAttributeName(options.attribute), matchUrl: createUserIdMatcher(options.patterns), exclude: options.exclude };
  /** Icon hosts by the element they follow. */
  const icons = new Map<Element, HTMLElement>();
  const found = signal<UserLink[]>([]);
  const reported = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const me = () => store.user.value?.id;

  const isOnline = (id: string) => {
    const person = (store.buddies.value.get(id) ?? store.strangers.value.get(id))?.value;
    return person !== undefined && presenceKind(person.presence, person.show) !== 'offline';
  };

  const removeIcon = (anchor: Element) => {
    icons.get(anchor)?.remove();
    icons.delete(anchor);
  };

  /** Brings the icons in line with the links found and everyone's presence. Runs inside an effect. */
  const render = (current: readonly UserLink[]) => {
    const t = createTranslator(resolveLocale(options.locale ?? store.settings.value.locale, doc.defaultView?.navigator.languages ?? []));
    const self = me();
    const keep = new Set<Element>();
    for (const link of current) {
      if (link.id === self || !isOnline(link.id) || !link.anchor.parentNode) continue;
      keep.add(link.anchor);
      const person = (store.buddies.value.get(link.id) ?? store.strangers.value.get(link.id))?.value;
      const name = link.name || person?.nick || link.id;
      const label = t('chatlink.chatWith', { name });
      let icon = icons.get(link.anchor);
      if (!icon) {
        const { id } = link;
        icon = createChatIcon(doc, label, () => client.openConversation(conversationKey('chat', id), { nick: name }));
        icons.set(link.anchor, icon);
      } else {
        setIconLabel(icon, label);
      }
      if (link.anchor.nextSibling !== icon) link.anchor.after(icon);
    }
    for (const anchor of [...icons.keys()]) if (!keep.has(anchor)) removeIcon(anchor);
  };

  const ids = () => {
    const self = me();
    const seen = new Set<string>();
    for (const link of found.peek()) if (link.id !== self) seen.add(link.id);
    return [...seen];
  };

  const scan = (report: boolean) => {
    if (stopped) return;
    found.value = findUserLinks(root, scanOptions);
    const fresh = ids().filter((id) => !reported.has(id));
    for (const id of fresh) reported.add(id);
    if (report && fresh.length && options.onNewIds) options.onNewIds(fresh);
  };

  // Re-renders the icons when the links change or anyone's presence, nick, the user or the locale does.
  const disposeEffect = effect(() => render(found.value));
  scan(false);

  const ourOwn = (node: Node) => node.nodeType === 1 && (node as Element).tagName.toLowerCase() === ICON_TAG;
  const relevant = (records: MutationRecord[]) =>
    records.some((r) => {
      if (options.exclude && (r.target === options.exclude || options.exclude.contains(r.target))) return false;
      if (r.type !== 'childList') return true;
      return [...r.addedNodes, ...r.removedNodes].some((n) => !ourOwn(n) && !(options.exclude && n === options.exclude));
    });

  const MutationObserverCtor = doc.defaultView?.MutationObserver ?? (typeof MutationObserver === 'function' ? MutationObserver : undefined);
  const observer = MutationObserverCtor
    ? new MutationObserverCtor((records) => {
        if (!relevant(records)) return;
        clearTimeout(timer);
        timer = setTimeout(() => scan(true), options.debounceMs ?? 250);
      })
    : undefined;
  observer?.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [scanOptions.attribute, 'href'] });

  return {
    ids,
    scan: () => scan(true),
    stop() {
      stopped = true;
      observer?.disconnect();
      clearTimeout(timer);
      disposeEffect();
      for (const anchor of [...icons.keys()]) removeIcon(anchor);
    },
  };
}
