// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createChatlink,
  MAX_LINKED_IDS_LENGTH,
  MAX_LINKED_USERS,
  type Chatlink,
  type ChatlinkSetup,
} from '../../../src/ui/chatlink/createChatlink';
import { buddy, createFakeClient, setBuddies, setUser, type FakeClient } from '../../support/fake-client';

let chatlink: Chatlink | undefined;
let bar: HTMLElement;

/** Builds the page with DOM calls (the test page, like a forum page, is ours to write). */
function link(href: string, text: string): HTMLAnchorElement {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}
function tagged(uid: string, text: string, tag = 'span'): HTMLElement {
  const el = document.createElement(tag);
  el.setAttribute('data-webim-uid', uid);
  el.textContent = text;
  return el;
}
function post(...children: Node[]): HTMLElement {
  const p = document.createElement('p');
  for (const c of children) p.append(c, ' wrote something. ');
  document.body.append(p);
  return p;
}

/** The chat buttons on the page, each inside its icon's shadow root. */
function chatButtons(): HTMLButtonElement[] {
  return [...document.querySelectorAll('webim-chatlink')].map((host) => host.shadowRoot!.querySelector('button')!);
}
const labels = () => chatButtons().map((b) => b.getAttribute('aria-label'));

function setup(options: ChatlinkSetup = {}): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: '1', nick: 'Me' });
  setBuddies(client.store, [
    buddy('2', { nick: 'Alice' }),
    buddy('3', { nick: 'Bob', presence: 'offline', show: 'unavailable' }),
  ]);
  client.store.strangers.value = new Map([['7', signal(buddy('7', { nick: 'Grace' }))]]);
  chatlink = createChatlink(client, { patterns: ['space\\.php\\?uid=(\\d+)'], exclude: bar, ...options });
  return client;
}

beforeEach(() => {
  document.body.replaceChildren();
  bar = document.createElement('webim-bar');
  bar.append(tagged('2', 'Alice in the bar'), link('/space.php?uid=7', 'Grace in the bar'));
  document.body.append(bar);
});

afterEach(() => {
  chatlink?.stop();
  chatlink = undefined;
  vi.useRealTimers();
});

describe('finding user links', () => {
  it('finds data-webim-uid elements and pattern links, skipping the bar and the current user', () => {
    post(
      link('/space.php?uid=2', 'Alice'),
      tagged('3', 'Bob'),
      link('/forum.php?tid=9', 'a thread'),
      link('/space.php?uid=1', 'Me'),
      tagged('7', 'Grace'),
      link('https://site.example/space.php?uid=2&do=profile', 'Alice again'),
    );
    setup();
    expect(chatlink!.ids()).toEqual(['2', '3', '7']);
  });

  it('accepts RegExp patterns and a custom attribute, and ignores invalid patterns and ids', () => {
    const el = document.createElement('b');
    el.setAttribute('data-user', '42');
    el.textContent = 'Zed';
    post(link('/u/5/profile', 'Eve'), el, link('/space.php?uid=9', 'not matched now'), tagged('2', 'old attribute'));
    const client = createFakeClient();
    // The site's developer is told about the broken pattern (checked here rather than printed on every run).
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    chatlink = createChatlink(client, {
      patterns: [/\/u\/(\d+)\//g, '(unclosed', '\\?uid=(a,b)'],
      attribute: 'data-user',
    });
    expect(consoleError.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/\(unclosed refused/)]);
    consoleError.mockRestore();
    expect(chatlink.ids()).toEqual(['5', '42']);
  });

  it('falls back to the default attribute when the configured name is not a safe attribute name', () => {
    post(tagged('2', 'Alice'));
    const client = createFakeClient();
    chatlink = createChatlink(client, { attribute: 'x],[onclick' });
    expect(chatlink.ids()).toEqual(['2']);
  });
});

describe('how many linked users a page follows', () => {
  const members = <T>(count: number, make: (i: number) => T): T[] => Array.from({ length: count }, (_, i) => make(i));

  it(`follows the first ${MAX_LINKED_USERS} distinct users in page order, and reports no more as new`, async () => {
    vi.useFakeTimers();
    const first = members(MAX_LINKED_USERS + 300, (i) => `u${i}`);
    post(...first.map((id) => tagged(id, `User ${id}`)));
    const onNewIds = vi.fn();
    setup({ onNewIds, debounceMs: 10 });
    expect(chatlink!.ids()).toEqual(first.slice(0, MAX_LINKED_USERS));
    post(...members(500, (i) => tagged(`later${i}`, 'Later')));
    await vi.advanceTimersByTimeAsync(20);
    expect(onNewIds).not.toHaveBeenCalled();
    expect(chatlink!.ids()).toHaveLength(MAX_LINKED_USERS);
  });

  it('keeps the ids within a length on the wire when they are long and non-Latin', () => {
    const ids = members(MAX_LINKED_USERS, (i) => `${i}`.padEnd(64, '用'));
    post(...ids.map((id) => tagged(id, 'someone')));
    setup();
    const followed = chatlink!.ids();
    expect(followed.length).toBeGreaterThan(10);
    expect(followed).toEqual(ids.slice(0, followed.length));
    const csv = new URLSearchParams({ stranger_ids: followed.join(',') }).toString();
    expect(csv.length - 'stranger_ids='.length).toBeLessThanOrEqual(MAX_LINKED_IDS_LENGTH);
  });

  it('past the cap, a buddy’s link still gets its icon, a stranger’s (never looked up, never refreshed) does not', () => {
    post(...members(MAX_LINKED_USERS, (i) => tagged(`u${i}`, 'Someone')), tagged('2', 'Alice'), tagged('7', 'Grace'));
    setup();
    expect(chatlink!.ids()).not.toContain('2');
    expect(labels()).toEqual(['Chat with Alice']);
  });
});

describe('presence icons', () => {
  it('puts a chat button after each link of an online user only', () => {
    const p = post(
      link('/space.php?uid=2', 'Alice'),
      tagged('3', 'Bob'),
      tagged('7', 'Grace'),
      link('/space.php?uid=1', 'Me'),
    );
    setup();
    expect(labels()).toEqual(['Chat with Alice', 'Chat with Grace']);
    const aliceLink = p.querySelector('a')!;
    expect((aliceLink.nextSibling as Element).tagName.toLowerCase()).toBe('webim-chatlink');
    expect(bar.querySelector('webim-chatlink')).toBeNull();
  });

  it('opens a chat named after the link text on activation', () => {
    post(link('/space.php?uid=7', ' Grace\n Hopper '));
    const client = setup();
    chatButtons()[0]!.click();
    expect(client.callsOf('openConversation')).toEqual([['chat:7', { nick: 'Grace Hopper' }]]);
  });

  it('keeps the click from following an enclosing link', () => {
    const a = link('/space.php?uid=99', '');
    a.append(tagged('2', 'Alice'));
    post(a);
    setup();
    expect(chatButtons()).toHaveLength(1);
    expect(a.nextSibling).toBe(document.querySelector('webim-chatlink'));
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    chatButtons()[0]!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it('updates live: appears when the user comes online, goes when they go offline', () => {
    post(tagged('3', 'Bob'));
    const client = setup();
    expect(chatButtons()).toHaveLength(0);
    const bob = client.store.buddies.value.get('3')!;
    bob.value = { ...bob.value, presence: 'online', show: 'away' };
    expect(labels()).toEqual(['Chat with Bob']);
    bob.value = { ...bob.value, show: 'invisible' };
    expect(chatButtons()).toHaveLength(0);
    client.store.strangers.value = new Map([...client.store.strangers.value, ['3', signal(buddy('3'))]]);
    client.store.buddies.value = new Map();
    expect(labels()).toEqual(['Chat with Bob']);
  });

  it('labels icons in the user’s language', () => {
    post(tagged('2', 'Alice'));
    setup({ locale: 'zh-CN' });
    expect(labels()).toEqual(['与 Alice 聊天']);
  });

  it('protects the button in a shadow root and never inserts an icon twice', () => {
    const p = post(link('/space.php?uid=2', 'Alice'));
    setup();
    chatlink!.scan();
    chatlink!.scan();
    expect(p.querySelectorAll('webim-chatlink')).toHaveLength(1);
    const host = p.querySelector('webim-chatlink')!;
    expect(host.shadowRoot).not.toBeNull();
    expect(host.childNodes).toHaveLength(0);
  });

  it('beats page rules that match its host element (`* { transform: … }`): every :host declaration is !important', () => {
    post(link('/space.php?uid=2', 'Alice'));
    setup();
    const root = document.querySelector('webim-chatlink')!.shadowRoot!;
    const sheet = root.adoptedStyleSheets[0] ?? root.querySelector('style')!.sheet!;
    const hostRule = [...sheet.cssRules].find((r): r is CSSStyleRule => (r as CSSStyleRule).selectorText === ':host');
    const declarations = Array.from({ length: hostRule!.style.length }, (_, i) => hostRule!.style.item(i));
    expect(declarations.length).toBeGreaterThan(0);
    for (const name of declarations) expect(hostRule!.style.getPropertyPriority(name), name).toBe('important');
  });

  it('removes every icon and stops watching on stop()', async () => {
    vi.useFakeTimers();
    post(link('/space.php?uid=2', 'Alice'), tagged('7', 'Grace'));
    const onNewIds = vi.fn();
    setup({ onNewIds });
    expect(chatButtons()).toHaveLength(2);
    chatlink!.stop();
    expect(document.querySelectorAll('webim-chatlink')).toHaveLength(0);
    post(tagged('8', 'Heidi'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(onNewIds).not.toHaveBeenCalled();
  });
});

describe('watching the page', () => {
  it('re-scans after changes (debounced), reports new ids and adds their icons', async () => {
    vi.useFakeTimers();
    post(tagged('2', 'Alice'));
    const onNewIds = vi.fn();
    const client = setup({ onNewIds, debounceMs: 200 });
    post(link('/space.php?uid=8', 'Heidi'), tagged('2', 'Alice again'));
    await vi.advanceTimersByTimeAsync(100);
    post(tagged('9', 'Ivan'));
    await vi.advanceTimersByTimeAsync(150);
    expect(onNewIds).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(onNewIds).toHaveBeenCalledTimes(1);
    expect(onNewIds).toHaveBeenCalledWith(['8', '9']);
    expect(chatlink!.ids()).toEqual(['2', '8', '9']);
    expect(labels()).toEqual(['Chat with Alice', 'Chat with Alice again']);
    client.store.strangers.value = new Map([['8', signal(buddy('8', { nick: 'Heidi' }))]]);
    expect(labels()).toEqual(['Chat with Alice', 'Chat with Heidi', 'Chat with Alice again']);
  });

  it('ignores its own icons and anything in the bar', async () => {
    vi.useFakeTimers();
    post(tagged('3', 'Bob'));
    const onNewIds = vi.fn();
    const client = setup({ onNewIds });
    const scans = vi.spyOn(document.body, 'querySelectorAll');
    const bob = client.store.buddies.value.get('3')!;
    bob.value = { ...bob.value, presence: 'online', show: 'available' };
    bar.append(tagged('8', 'Heidi in the bar'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(scans).not.toHaveBeenCalled();
    expect(onNewIds).not.toHaveBeenCalled();
    expect(chatlink!.ids()).toEqual(['3']);
    post(tagged('8', 'Heidi'));
    await vi.advanceTimersByTimeAsync(1000);
    expect(scans).toHaveBeenCalled();
    expect(onNewIds).toHaveBeenCalledWith(['8']);
  });

  it('drops the icon of a link that left the page', async () => {
    vi.useFakeTimers();
    const p = post(tagged('2', 'Alice'));
    setup();
    expect(chatButtons()).toHaveLength(1);
    p.firstChild!.remove();
    await vi.advanceTimersByTimeAsync(1000);
    expect(chatButtons()).toHaveLength(0);
    expect(chatlink!.ids()).toEqual([]);
  });
});

describe("refreshing strangers' presence", () => {
  /** The page's visibility, as the browser would report it. */
  function setVisibility(state: 'visible' | 'hidden'): void {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    document.dispatchEvent(new Event('visibilitychange'));
  }
  afterEach(() => setVisibility('visible'));

  it('asks for the linked non-buddies every refreshSeconds while the page is visible and connected', async () => {
    vi.useFakeTimers();
    post(link('/space.php?uid=2', 'Alice'), tagged('7', 'Grace'), tagged('8', 'Heidi'));
    const onRefresh = vi.fn();
    const client = setup({ onRefresh, refreshSeconds: 30 });
    client.store.connection.value = { state: 'connected' };
    await vi.advanceTimersByTimeAsync(29_000);
    expect(onRefresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    // Every linked user; the client skips buddies such as Alice (`refreshPeople`).
    expect(onRefresh).toHaveBeenCalledTimes(1);
    expect(onRefresh).toHaveBeenLastCalledWith(['2', '7', '8']);

    // Not while disconnected, nor while nobody can see the page.
    client.store.connection.value = { state: 'reconnecting' } as never;
    await vi.advanceTimersByTimeAsync(30_000);
    client.store.connection.value = { state: 'connected' };
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onRefresh).toHaveBeenCalledTimes(1);

    // Back in view after longer than the interval: at once.
    setVisibility('visible');
    expect(onRefresh).toHaveBeenCalledTimes(2);
    // A quick glance away and back does not ask again.
    setVisibility('hidden');
    setVisibility('visible');
    expect(onRefresh).toHaveBeenCalledTimes(2);
  });

  it('the icon follows the refreshed presence; 0 turns refreshing off; stop() ends it', async () => {
    vi.useFakeTimers();
    post(tagged('7', 'Grace'));
    const onRefresh = vi.fn();
    const client = setup({ onRefresh, refreshSeconds: 0 });
    client.store.connection.value = { state: 'connected' };
    expect(labels()).toEqual(['Chat with Grace']);
    await vi.advanceTimersByTimeAsync(600_000);
    setVisibility('hidden');
    setVisibility('visible');
    expect(onRefresh).not.toHaveBeenCalled();
    // What a refresh brings (Grace went offline) takes her icon away.
    client.store.strangers.value.get('7')!.value = buddy('7', {
      nick: 'Grace',
      presence: 'offline',
      show: 'unavailable',
    });
    expect(labels()).toEqual([]);
    chatlink!.stop();

    const again = vi.fn();
    setup({ onRefresh: again, refreshSeconds: 10 }).store.connection.value = { state: 'connected' };
    chatlink!.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(again).not.toHaveBeenCalled();
  });
});
