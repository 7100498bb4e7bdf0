// @vitest-environment happy-dom
/**
 * Issue 12, findings 10–12 and the standing rule that untrusted text is never markup: the hostile corpus through
 * the style allow-list, the link checks, a real chat window, the chatlink configuration and menu links.
 */
import { render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { imageOf, linkOf } from '../../src/protocol/read';
import type { ConversationKey } from '../../src/protocol/types';
import { sanitizeStyle } from '../../src/ui/chat/text';
import { createChatlink, type Chatlink } from '../../src/ui/chatlink/createChatlink';
import { MenuButton } from '../../src/ui/menu/MenuButton';
import { safeLinkUrl } from '../../src/ui/util/safe-link';
import {
  addMessage,
  buddy,
  chatKey,
  createFakeClient,
  ensureConversation,
  message,
  setBuddies,
  setUser,
} from '../support/fake-client';
import { virtualLayout } from '../ui/chat/geometry';
import { renderWindow } from '../ui/chat/render';
import {
  HOSTILE_CHATLINK_PATTERNS,
  HOSTILE_STYLES,
  HOSTILE_TEXT,
  HOSTILE_URLS,
  READABLE_COLORS,
  SAFE_CHATLINK_PATTERNS,
} from './corpus';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** Nothing in `root` can run script or navigate to a script URL. */
function expectInert(root: ParentNode): void {
  expect(
    root.querySelector('script, iframe, object, embed, base, meta, link, form, math, style, foreignObject'),
  ).toBeNull();
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) expect(attr, el.outerHTML).not.toMatch(/^on/i);
  }
  for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').toMatch(/^https?:\/\//i);
  for (const img of root.querySelectorAll('img')) {
    expect(img.getAttribute('src') ?? '').not.toMatch(
      /^\s*(javascript|vbscript|data:(?!image\/(png|gif|jpe?g|webp)))/i,
    );
  }
}

describe('10. sender styles', () => {
  it.each([...HOSTILE_STYLES])('%s loses everything', (style) => {
    expect(sanitizeStyle(style)).toEqual({});
  });

  it.each([...READABLE_COLORS])('color %s stays', (color) => {
    expect(sanitizeStyle(`color:${color}`)).toEqual({ color });
  });
});

describe('links', () => {
  it.each([...HOSTILE_URLS])('%j is no link and no image', (url) => {
    expect(linkOf(url)).toBeUndefined();
    expect(imageOf(url)).toBeUndefined();
    expect(safeLinkUrl(url)).toBeUndefined();
  });
});

describe('a chat window full of hostile input stays inert', () => {
  function client(key: ConversationKey) {
    const c = createFakeClient();
    setUser(c.store, { id: 'me', nick: 'Me' });
    setBuddies(c.store, [buddy('evil', { nick: HOSTILE_TEXT[1]!, avatar: 'javascript:alert(1)' })]);
    c.store.connection.value = { state: 'connected' };
    const conversation = ensureConversation(c.store, key);
    conversation.value = { ...conversation.value, loaded: true, hasMore: false };
    return c;
  }

  it('bodies, nicks and styles from the corpus render as text', () => {
    const key = chatKey('evil');
    const c = client(key);
    let t = Date.now() - 1e6;
    const bodies = [...HOSTILE_TEXT, ...HOSTILE_URLS.map((u) => `see ${u} now`)];
    bodies.forEach((body, i) =>
      addMessage(
        c.store,
        key,
        message('evil', 'me', body, {
          id: `m${i}`,
          nick: HOSTILE_TEXT[i % HOSTILE_TEXT.length],
          style: HOSTILE_STYLES[i % HOSTILE_STYLES.length],
          timestamp: (t += 61_000),
        }),
      ),
    );
    // The log is a virtual list: a viewport tall enough for every row puts every row in the DOM.
    const layout = virtualLayout({ rowHeight: 50, clientHeight: 1_000_000 });
    try {
      const { container } = renderWindow(c, key);
      expectInert(container);
      const log = screen.getByRole('log', { name: 'Messages' });
      // Every body is there, as text.
      for (const body of HOSTILE_TEXT) expect(log.textContent).toContain(body);
      // No invisible or escaping styles reached the DOM.
      for (const el of log.querySelectorAll<HTMLElement>('[style]')) {
        expect(el.style.position).toBe('');
        expect(el.style.display).toBe('');
        expect(el.style.color).toBe('');
        expect(el.getAttribute('style') ?? '').not.toMatch(/url\(|expression|transparent/i);
      }
    } finally {
      layout.restore();
    }
  });
});

describe('11. chatlink patterns that backtrack are refused when configured', () => {
  let chatlink: Chatlink | undefined;
  afterEach(() => chatlink?.stop());

  it.each([...HOSTILE_CHATLINK_PATTERNS])('%s: console error, and the pattern is never run', (pattern) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const a = document.createElement('a');
    // The link: with the pattern in use this line alone would stall the page for seconds.
    a.href = `https://forum.example/space.html?uid=${'a'.repeat(29)}!`;
    a.textContent = 'someone';
    document.body.append(a);
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    chatlink = createChatlink(createFakeClient(), { patterns: [pattern] });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/^webim: chatlink pattern .* refused: /));
    expect(exec.mock.contexts.some((re) => (re as RegExp).source === new RegExp(pattern).source)).toBe(false);
    expect(chatlink.ids()).toEqual([]);
  });

  it.each([...SAFE_CHATLINK_PATTERNS])('%s is accepted quietly', (pattern) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    chatlink = createChatlink(createFakeClient(), { patterns: [pattern] });
    expect(error).not.toHaveBeenCalled();
  });
});

describe('12. menu entries that open elsewhere get rel="noopener"', () => {
  it.each(['_blank', '_top', '_parent', 'forum-window', '_self'])('target %s', async (target) => {
    render(
      <MenuButton menuLabel="Site" class="x" entries={[{ label: 'Forum', href: 'https://forum.example/', target }]}>
        Site
      </MenuButton>,
    );
    screen.getByRole('button', { name: 'Site' }).click();
    const item = await screen.findByRole('menuitem', { name: 'Forum' });
    expect(item.getAttribute('target')).toBe(target);
    expect(item.getAttribute('rel')).toContain('noopener');
  });
});
