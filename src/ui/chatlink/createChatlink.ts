import { effect, signal } from '@preact/signals';
import type { WebIMClient } from '../../core/types';
import { adoptStyles } from '../adopt-styles';
import { isOnline, personOf } from '../chat/common';
import { createTranslator, localeReady, resolveLocale } from '../i18n';
import type { ChatlinkOptions } from '../options';
import { unsafePatternReason } from './pattern-safety';
import '../strings/chat';

export interface ChatlinkSetup extends ChatlinkOptions {
  /** The bar's host element: never scanned, and changes inside it never trigger a re-scan. */
  exclude?: Element;
  /**
   * Ids found by a re-scan that were not on the page before (the ids present at start are read through `ids()`,
   * e.g. by `ClientOptions.strangerIds` at `online`). Fetch their presence here.
   */
  onNewIds?: (ids: string[]) => void;
  /** Time to read the presence of the linked users again (see `refreshSeconds`); the client skips buddies. */
  onRefresh?: (ids: string[]) => void;
  /** Quiet time after page changes before re-scanning. Default 250 ms. */
  debounceMs?: number;
  /** Locale of the icons' labels; default: settings, then the browser's languages. */
  locale?: string;
}

export interface Chatlink {
  /** Distinct user ids linked on the page (without the current user), in page order: the first `MAX_LINKED_USERS`. */
  ids(): string[];
  /** Scans the page now (also done automatically when it changes). */
  scan(): void;
  /** Removes every icon and stops watching the page. */
  stop(): void;
}

const TAG = 'webim-chatlink';
/** What a user id may look like: short, no whitespace, markup or commas (ids travel as CSV in `stranger_ids`). */
const VALID_ID = /^[^\s,<>"'&]{1,64}$/;

/**
 * At most this many distinct users linked on a page are followed: the first in page order. Their ids go with the
 * login (as `stranger_ids` and again as `chatlink_ids`, the two names servers read) and with every presence refresh,
 * and a forum page's links are written by its users: a thread with a thousand profile links must not make the login
 * too big for the server to accept. Links past the cap get an icon only when their user is a buddy.
 */
export const MAX_LINKED_USERS = 200;
/**
 * And at most this many characters of them form-encoded (each CSV list): an id is up to 64 characters, but one of
 * non-Latin letters is up to 9 times that long on the wire. Both lists together stay well under a 64 KiB body limit.
 */
export const MAX_LINKED_IDS_LENGTH = 16 * 1024;
/** An id's length in a form-encoded body (what `URLSearchParams` makes of it), with the comma (`%2C`) before it. */
const formLength = (id: string) => new URLSearchParams({ i: id }).toString().length - 2 + 3;

// The icon's host sits in the page, where a forum rule such as `* { transform: …; color: … !important }` matches
// it: only `!important` in :host beats the page, and `all: initial` stops inherited page styles at the host.
const ICON_CSS =
  ':host{all:initial!important;display:inline-block!important;vertical-align:middle!important;margin-inline-start:3px!important;line-height:0!important}' +
  'button{all:initial;display:inline-flex;align-items:center;justify-content:center;width:16px;height:16px;border-radius:50%;cursor:pointer;background:var(--webim-chatlink-color,#2f9e44);color:#fff}' +
  'button:hover{filter:brightness(1.1)}button:focus-visible{outline:2px solid var(--webim-chatlink-focus,#1c7ed6);outline-offset:2px}' +
  'svg{width:10px;fill:currentColor}@media(forced-colors:active){button{background:ButtonText;color:ButtonFace}}';

/**
 * "Stranger chat": finds user links on the page (elements with the id attribute, `<a href>` matching a pattern
 * whose first group is the id) and puts a chat icon after each one whose user is online, kept live from the store.
 * Each icon is a `<webim-chatlink>` with its own shadow root (forum CSS cannot restyle or hide its button), built
 * with DOM calls only; activating it opens a chat with that user.
 */
export function createChatlink(client: WebIMClient, options: ChatlinkSetup = {}): Chatlink {
  const { store } = client;
  const { exclude } = options;
  const root = options.root ?? document.body;
  const doc = root.ownerDocument;
  // Only a plain attribute name may go into a selector.
  const attribute = /^[a-z_][\w-]{0,63}$/i.test(options.attribute ?? '') ? options.attribute! : 'data-webim-uid';
  const patterns: RegExp[] = [];
  for (const p of options.patterns ?? []) {
    try {
      // No global/sticky flags: matching keeps no `lastIndex` state.
      const re = p instanceof RegExp ? new RegExp(p.source, p.flags.replace(/[gy]/g, '')) : new RegExp(p);
      const unsafe = unsafePatternReason(re.source);
      // Refused now, loudly: matching it against the page's links could freeze the page.
      if (unsafe) console.error(`webim: chatlink pattern ${re} refused: ${unsafe} (catastrophic backtracking)`);
      else patterns.push(re);
    } catch (error) {
      console.error(`webim: chatlink pattern ${String(p)} refused: not a valid regular expression`, error);
    }
  }
  /** The first group of the first pattern that finds a valid id (the length bounds a badly written pattern's cost). */
  const idInUrl = (url: string) => {
    for (const re of url.length < 2048 ? patterns : []) {
      const id = re.exec(url)?.[1];
      if (id && VALID_ID.test(id)) return id;
    }
  };

  /** Icon position (the link, or the element carrying the id) → [user id, visible text]. */
  const links = signal(new Map<Element, [string, string]>());
  const icons = new Map<Element, HTMLElement>();
  const reported = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The linked users followed: distinct, not the current user, the first in page order within the caps. */
  const ids = () => {
    const me = store.user.peek()?.id;
    const followed = new Set<string>();
    let length = 0;
    for (const [id] of links.peek().values()) {
      if (id === me || followed.has(id)) continue;
      length += formLength(id);
      if (followed.size === MAX_LINKED_USERS || length > MAX_LINKED_IDS_LENGTH) break;
      followed.add(id);
    }
    return [...followed];
  };

  const scan = (report?: boolean) => {
    const found = new Map<Element, [string, string]>();
    // Document order; an explicit attribute wins over a URL for the same position (an <a> holding a tagged element).
    for (const el of root.querySelectorAll(`[${attribute}],a[href]`)) {
      const tagged = el.getAttribute(attribute)?.trim();
      const id = tagged ?? idInUrl(el.getAttribute('href')!) ?? idInUrl((el as HTMLAnchorElement).href);
      if (!id || !VALID_ID.test(id) || exclude?.contains(el) || el.closest(TAG)) continue;
      const link = el.closest('a');
      const anchor = link && root.contains(link) ? link : el;
      if (tagged || !found.has(anchor))
        found.set(anchor, [id, el.textContent!.replace(/\s+/g, ' ').trim().slice(0, 64)]);
    }
    links.value = found;
    const fresh = ids().filter((id) => !reported.has(id));
    for (const id of fresh) reported.add(id);
    if (report && fresh[0]) options.onNewIds?.(fresh);
  };

  // Brings the icons in line with the links and everyone's presence, nick, the user and the locale.
  const stopRendering = effect(() => {
    const lang = resolveLocale(options.locale ?? store.settings.value.locale, doc.defaultView?.navigator.languages);
    // Icons come once their labels can be in the page's language (the script-tag build loads it on demand).
    if (!localeReady(lang)) return;
    const t = createTranslator(lang);
    const shown = new Set<Element>();
    const me = store.user.value?.id;
    const followed = new Set(ids());
    const buddies = store.buddies.value;
    for (const [anchor, [id, text]] of links.value) {
      const person = personOf(store, id);
      // A stranger past the cap is neither looked up nor refreshed: a stale presence would show.
      if (id === me || !(followed.has(id) || buddies.has(id)) || !person || !isOnline(person) || !anchor.parentNode)
        continue;
      let icon = icons.get(anchor);
      if (!icon) {
        icon = doc.createElement(TAG);
        const shadow = icon.attachShadow({ mode: 'open' });
        adoptStyles(shadow, ICON_CSS);
        const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
        const path = doc.createElementNS('http://www.w3.org/2000/svg', 'path');
        svg.setAttribute('viewBox', '0 0 24 24');
        svg.setAttribute('aria-hidden', 'true');
        path.setAttribute('d', 'M3 4h18v12H9l-5 4v-4H3z');
        const button = doc.createElement('button');
        svg.append(path);
        button.append(svg);
        shadow.append(button);
        icons.set(anchor, icon);
      }
      const name = text || person.nick || id;
      const button = icon.shadowRoot!.lastChild as HTMLButtonElement;
      button.title = t('chatlink.chatWith', { name });
      button.setAttribute('aria-label', button.title);
      button.onclick = (e) => {
        // The icon may sit inside a forum's clickable row or link: the chat, not the page, gets this click.
        e.preventDefault();
        e.stopPropagation();
        client.openConversation(`chat:${id}`, { nick: name });
      };
      if (anchor.nextSibling !== icon) anchor.after(icon);
      shown.add(anchor);
    }
    for (const [anchor, icon] of icons) {
      if (!shown.has(anchor)) {
        icon.remove();
        icons.delete(anchor);
      }
    }
  });
  scan();

  // Re-scans after page changes settle, ignoring our own icons and anything inside the bar.
  const observer = new MutationObserver((records) => {
    const relevant = records.some(
      (r) =>
        !exclude?.contains(r.target) &&
        (r.type !== 'childList' ||
          [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeName !== 'WEBIM-CHATLINK' && n !== exclude)),
    );
    if (!relevant) return;
    clearTimeout(timer);
    timer = setTimeout(scan, options.debounceMs ?? 250, true);
  });
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [attribute, 'href'] });

  // Strangers' presence is not pushed: read it again now and then, while someone can see the icons. A page coming
  // back into view after a longer absence catches up at once.
  const every = (options.refreshSeconds ?? 60) * 1000;
  let refreshedAt = Date.now();
  const refresh = () => {
    if (doc.visibilityState === 'hidden' || store.connection.peek().state !== 'connected') return;
    refreshedAt = Date.now();
    // The client picks the strangers among them (buddies' presence is pushed).
    const linked = ids();
    if (linked[0]) options.onRefresh?.(linked);
  };
  const ticker = every > 0 ? setInterval(refresh, every) : undefined;
  const onVisible = () => Date.now() - refreshedAt >= every && refresh();
  if (ticker) doc.addEventListener('visibilitychange', onVisible);

  return {
    ids,
    scan: () => scan(true),
    stop() {
      observer.disconnect();
      clearTimeout(timer);
      clearInterval(ticker);
      doc.removeEventListener('visibilitychange', onVisible);
      stopRendering();
      for (const icon of icons.values()) icon.remove();
      icons.clear();
    },
  };
}
