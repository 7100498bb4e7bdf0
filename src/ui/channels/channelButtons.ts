import { effect } from '@preact/signals';
import type { WebIMClient } from '../../core/types';
import type { Channel } from '../../protocol/types';
import { createTranslator, localeReady, resolveLocale } from '../i18n';
import '../strings/discussions';
import { pageChannels } from './page-channels';

export const CHANNEL_ATTRIBUTE = 'data-webim-channel';
/** The channel's name for screen readers and the notifications pane (the button's own text becomes Follow). */
export const CHANNEL_NAME_ATTRIBUTE = 'data-webim-channel-name';

export interface ChannelButtonsOptions {
  /** Where to look (default the document); buttons added later are found too. */
  root?: ParentNode & Node;
  /** The page's language choice; else the user's setting, else the browser's. */
  locale?: string;
}

const set = (el: Element, name: string, value: string): void => {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
};

const usableId = (v: string | null): string | undefined => {
  const id = v?.trim();
  return id && id.length <= 256 ? id : undefined;
};

/**
 * Turns the page's `data-webim-channel="<id>"` elements into Follow / Unfollow toggle buttons (a forum board's or
 * thread's "follow in real time"): the text says what a press does, `aria-pressed` and `data-webim-following`
 * say the state, a press follows or unfollows (the store changes at once and is put back if the server refuses).
 * Elements that are not buttons get the button role and keyboard activation. Returns a function that stops it.
 *
 * The whole of `root` is scanned, user posts included: a site lets only its own templates emit the attribute
 * (its post filter strips `data-webim-channel*` from user markup). A page's name for a channel is its label only:
 * the server's name wins wherever the bar knows it.
 */
export function startChannelButtons(client: WebIMClient, options: ChannelButtonsOptions = {}): () => void {
  const root = options.root ?? document;
  const { store } = client;
  const known = new Map<Element, Channel>();

  const press = (el: Element) => {
    const channel = known.get(el);
    if (!channel) return;
    const request = store.channels.peek().has(channel.id) ? client.unfollow(channel.id) : client.follow(channel.id);
    // A refusal is reported through the client's `error` event and the button turns back by itself.
    request.catch(() => undefined);
  };
  const onClick = (e: Event) => {
    e.preventDefault();
    press(e.currentTarget as Element);
  };
  const onKey = (e: Event) => {
    const key = (e as KeyboardEvent).key;
    if (key !== 'Enter' && key !== ' ') return;
    e.preventDefault();
    press(e.currentTarget as Element);
  };

  const render = () => {
    const lang = resolveLocale(options.locale ?? store.settings.value.locale, navigator.languages);
    // The page's own text stays until the locale's strings are in (the script-tag build loads them on demand).
    if (!localeReady(lang)) return;
    const t = createTranslator(lang);
    const followed = store.channels.value;
    for (const [el, channel] of known) {
      const server = followed.get(channel.id);
      const on = !!server;
      const label = t(on ? 'channels.unfollow' : 'channels.follow');
      // Written only when it changes: our own write is a mutation the observer would otherwise answer forever.
      if (el.textContent !== label) el.textContent = label;
      set(el, 'aria-pressed', String(on));
      // Any forum post can carry these attributes: the server's name wins; the page's only stands in for a
      // channel the server has not named (one not followed yet).
      const name = server && server.nick !== server.id ? server.nick : channel.nick;
      set(el, 'aria-label', t(on ? 'channels.unfollowName' : 'channels.followName', { name }));
      set(el, 'data-webim-following', String(on));
    }
  };

  const scan = () => {
    const found = new Set<Element>();
    for (const el of root.querySelectorAll(`[${CHANNEL_ATTRIBUTE}]`)) {
      const id = usableId(el.getAttribute(CHANNEL_ATTRIBUTE));
      if (!id) continue;
      found.add(el);
      if (known.has(el)) continue;
      const nick = el.getAttribute(CHANNEL_NAME_ATTRIBUTE)?.trim() || el.getAttribute('title')?.trim() || id;
      known.set(el, { id, nick: nick.slice(0, 200) });
      el.addEventListener('click', onClick);
      if (el.localName !== 'button') {
        el.setAttribute('role', 'button');
        if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
        el.addEventListener('keydown', onKey);
      }
    }
    for (const el of [...known.keys()]) if (!found.has(el)) forget(el);
    const channels = new Map<string, Channel>();
    for (const c of known.values()) if (!channels.has(c.id)) channels.set(c.id, c);
    const next = [...channels.values()];
    const now = pageChannels.peek();
    // Unchanged lists are not written: the pane re-rendering would be a mutation that brings us here again.
    if (next.length !== now.length || next.some((c, i) => c.id !== now[i]!.id || c.nick !== now[i]!.nick))
      pageChannels.value = next;
  };
  const forget = (el: Element) => {
    el.removeEventListener('click', onClick);
    el.removeEventListener('keydown', onKey);
    known.delete(el);
  };

  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      scan();
      render();
    });
  });
  observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: [CHANNEL_ATTRIBUTE] });
  scan();
  const stopRender = effect(render);

  return () => {
    observer.disconnect();
    stopRender();
    for (const el of [...known.keys()]) forget(el);
    pageChannels.value = [];
  };
}
