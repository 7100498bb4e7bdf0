// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConversationKey, Message } from '../../../src/protocol/types';
import {
  addMessage,
  buddy,
  chatKey,
  createFakeClient,
  ensureConversation,
  message,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
  type FakeClient,
} from '../../support/fake-client';
import { SENDING_LINE_DELAY_MS } from '../../../src/ui/chat/MessageRow';
import { stubGeometry, virtualLayout } from './geometry';
import { nextFrame, renderWindow } from './render';

const KEY = chatKey('alice');

function setup(): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  setBuddies(client.store, [buddy('alice')]);
  client.store.connection.value = { state: 'connected' };
  return client;
}

/** Marks a conversation as having its first page loaded. */
function loaded(client: FakeClient, key: ConversationKey, hasMore: boolean) {
  const c = ensureConversation(client.store, key);
  c.value = { ...c.value, loaded: true, hasMore };
}

const log = () => screen.getByRole('log', { name: 'Messages' });

afterEach(() => {
  vi.useRealTimers();
});

describe('history', () => {
  it('loads the first page when the window opens, unless it is already loaded', () => {
    const client = setup();
    renderWindow(client, KEY);
    expect(client.callsOf('loadHistory')).toEqual([[KEY]]);

    const other = setup();
    loaded(other, KEY, true);
    renderWindow(other, KEY);
    expect(other.callsOf('loadHistory')).toEqual([]);
  });

  it('loads older pages when scrolled to the top until there are no more, keeping the reading position', async () => {
    const layout = virtualLayout({ rowHeight: 50, clientHeight: 300 });
    try {
      const client = setup();
      const t0 = Date.now() - 60_000;
      for (let i = 0; i < 20; i++)
        addMessage(client.store, KEY, message('alice', 'me', `recent ${i}`, { timestamp: t0 + i }));
      loaded(client, KEY, true);
      let page = 0;
      let resolvePage: () => void = () => {};
      client.loadHistory = (key) => {
        client.calls.push({ method: 'loadHistory', args: [key] });
        return new Promise<boolean>((resolve) => {
          resolvePage = () => {
            page++;
            const conv = client.store.conversations.value.get(key)!;
            const older: Message[] = [message('alice', 'me', `older page ${page}`, { timestamp: t0 - page * 1000 })];
            conv.value = { ...conv.value, messages: [...older, ...conv.value.messages], hasMore: page < 2 };
            resolve(page < 2);
          };
        });
      };
      renderWindow(client, KEY);
      expect(screen.getByRole('button', { name: 'Load older messages' })).toBeTruthy();
      // A day separator and 20 rows of 50 px: the log opened at the end.
      expect(layout.geometry.scrollTop).toBe(21 * 50 - 300);

      layout.geometry.scrollTop = 10;
      fireEvent.scroll(log());
      expect(client.callsOf('loadHistory')).toHaveLength(1);
      expect(within(log()).getByRole('status').textContent).toBe('Loading…');
      expect(log().getAttribute('aria-busy')).toBe('true');
      fireEvent.scroll(log());
      expect(client.callsOf('loadHistory')).toHaveLength(1);

      // One row came in above the one being read: it moves down by that row, so the reader sees the same text.
      await act(async () => resolvePage());
      await waitFor(() => expect(screen.getByText('older page 1')).toBeTruthy());
      expect(layout.geometry.scrollTop).toBe(60);

      layout.geometry.scrollTop = 0;
      fireEvent.scroll(log());
      expect(client.callsOf('loadHistory')).toHaveLength(2);
      await act(async () => resolvePage());
      await waitFor(() => expect(screen.getByText('Beginning of conversation')).toBeTruthy());
      expect(layout.geometry.scrollTop).toBe(50);
      expect(screen.queryByRole('button', { name: 'Load older messages' })).toBeNull();

      layout.geometry.scrollTop = 0;
      fireEvent.scroll(log());
      expect(client.callsOf('loadHistory')).toHaveLength(2);
    } finally {
      layout.restore();
    }
  });

  it('shows an error with a retry when a page fails', async () => {
    const client = setup();
    client.loadHistory = async () => {
      client.calls.push({ method: 'loadHistory', args: [] });
      throw new Error('offline');
    };
    renderWindow(client, KEY);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the history.');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(client.callsOf('loadHistory')).toHaveLength(2);
  });
});

describe('following new messages', () => {
  function withMessages() {
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('alice', 'me', 'first', { timestamp: Date.now() - 1000 }));
    renderWindow(client, KEY);
    return client;
  }

  it('sticks to the bottom when the user is there (in the next frame: no forced layout on the way in)', async () => {
    const client = withMessages();
    const g = stubGeometry(log(), { scrollHeight: 1000, clientHeight: 300, scrollTop: 700 });
    fireEvent.scroll(log());
    g.scrollHeight = 1100;
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'second')));
    // The row is in the DOM at once; measuring and scrolling wait for the frame, where a layout is due anyway.
    expect(within(log()).getByText('second')).toBeTruthy();
    expect(g.scrollTop).toBe(700);
    await nextFrame();
    expect(g.scrollTop).toBe(800);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('offers a jump button when the user has scrolled up, and jumps on click', async () => {
    const client = withMessages();
    const g = stubGeometry(log(), { scrollHeight: 1000, clientHeight: 300, scrollTop: 100 });
    fireEvent.scroll(log());
    g.scrollHeight = 1100;
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'second')));
    expect(g.scrollTop).toBe(100);
    await userEvent.click(screen.getByRole('button', { name: '1 new message ↓' }));
    expect(g.scrollTop).toBe(800);
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('always scrolls to the bottom for the user’s own message', () => {
    const client = withMessages();
    const g = stubGeometry(log(), { scrollHeight: 1000, clientHeight: 300, scrollTop: 100 });
    fireEvent.scroll(log());
    g.scrollHeight = 1100;
    act(() => {
      client.sendMessage({ to: 'alice', body: 'mine' });
    });
    expect(g.scrollTop).toBe(800);
  });
});

describe('marking read', () => {
  let visibility: DocumentVisibilityState = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  afterEach(() => {
    visibility = 'visible';
  });

  it('marks the conversation read while visible and at the bottom', async () => {
    const client = setup();
    loaded(client, KEY, false);
    client.store.unread.value = new Map([[KEY, 2]]);
    renderWindow(client, KEY);
    await waitFor(() => expect(client.callsOf('markRead')).toEqual([[KEY]]));
  });

  it('waits until the user scrolls to the bottom and the page is visible', async () => {
    visibility = 'hidden';
    const client = setup();
    loaded(client, KEY, false);
    renderWindow(client, KEY);
    const g = stubGeometry(log(), { scrollHeight: 1000, clientHeight: 300, scrollTop: 100 });
    fireEvent.scroll(log());
    act(() => {
      client.store.unread.value = new Map([[KEY, 1]]);
    });
    g.scrollTop = 700;
    fireEvent.scroll(log());
    await new Promise((r) => setTimeout(r, 20));
    expect(client.callsOf('markRead')).toEqual([]);
    visibility = 'visible';
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await waitFor(() => expect(client.callsOf('markRead')).toEqual([[KEY]]));
  });
});

describe('message rows', () => {
  it('groups by sender with one header per group and a new header after five minutes', () => {
    const client = setup();
    loaded(client, KEY, false);
    const t0 = Date.now() - 3_600_000;
    addMessage(client.store, KEY, message('alice', 'me', 'a1', { timestamp: t0, nick: 'Alice' }));
    addMessage(client.store, KEY, message('alice', 'me', 'a2', { timestamp: t0 + 60_000, nick: 'Alice' }));
    addMessage(client.store, KEY, message('me', 'alice', 'm1', { timestamp: t0 + 120_000, nick: 'Me' }));
    addMessage(client.store, KEY, message('alice', 'me', 'a3', { timestamp: t0 + 130_000, nick: 'Alice' }));
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'a4', { timestamp: t0 + 130_000 + 5 * 60_000, nick: 'Alice' }),
    );
    renderWindow(client, KEY);
    expect(within(log()).getAllByText('Alice')).toHaveLength(3);
    expect(within(log()).getAllByText('Me')).toHaveLength(1);
    expect(log().querySelectorAll('.webim-message__head time')).toHaveLength(4);
  });

  it('separates days: Today, Yesterday, then dates', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2024, 4, 10, 15, 0) });
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('alice', 'me', 'old', { timestamp: new Date(2024, 4, 1, 9).getTime() }));
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'yesterday', { timestamp: new Date(2024, 4, 9, 23, 59).getTime() }),
    );
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'today', { timestamp: new Date(2024, 4, 10, 0, 1).getTime() }),
    );
    renderWindow(client, KEY, { locale: 'zh-CN' });
    const text = screen.getByRole('log', { name: '消息记录' }).textContent!;
    const date = new Intl.DateTimeFormat('zh-CN', { weekday: 'short', month: 'long', day: 'numeric' }).format(
      new Date(2024, 4, 1),
    );
    expect(text.indexOf(date)).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(date)).toBeLessThan(text.indexOf('昨天'));
    expect(text.indexOf('昨天')).toBeLessThan(text.indexOf('今天'));
  });

  it('restarts sender groups at a day separator and at a notice, and dates other years with the year (this year without)', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2024, 4, 10, 15, 0) });
    const client = setup();
    setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
    const key = roomKey('lobby');
    loaded(client, key, false);
    const late = new Date(2023, 11, 31, 23, 58).getTime();
    for (const [body, timestamp] of [
      ['late', late],
      ['early', late + 180_000],
      ['before notice', late + 240_000],
      ['after notice', late + 260_000],
    ] as const) {
      addMessage(client.store, key, message('bob', 'lobby', body, { type: 'grpchat', nick: 'Bob', timestamp }));
    }
    const c = ensureConversation(client.store, key);
    c.value = {
      ...c.value,
      notices: [{ id: 'n1', kind: 'leave', who: 'carol', nick: 'Carol', timestamp: late + 250_000 }],
    };
    renderWindow(client, key);
    expect(within(log()).getAllByText('Bob')).toHaveLength(3);
    const days = [...log().querySelectorAll('.webim-day-divider')].map((d) => d.textContent);
    expect(days).toHaveLength(2);
    expect(days[0]).toContain('2023');
    expect(days[1]).not.toContain('2024');
    const text = log().textContent!;
    expect(text.indexOf('before notice')).toBeLessThan(text.indexOf('Carol left'));
    expect(text.indexOf('Carol left')).toBeLessThan(text.indexOf('after notice'));
  });

  it('says Today and Yesterday in English', () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date(2024, 4, 10, 0, 30) });
    const client = setup();
    loaded(client, KEY, false);
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'just before midnight', { timestamp: new Date(2024, 4, 9, 23, 59).getTime() }),
    );
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'just after', { timestamp: new Date(2024, 4, 10, 0, 1).getTime() }),
    );
    renderWindow(client, KEY);
    expect([...log().querySelectorAll('.webim-day-divider')].map((d) => d.textContent)).toEqual(['Yesterday', 'Today']);
    expect(log().querySelectorAll('.webim-message__head')).toHaveLength(2);
  });

  it('shows room notices inline by time', () => {
    const client = setup();
    setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
    const key = roomKey('lobby');
    loaded(client, key, false);
    const t0 = Date.now() - 10_000;
    addMessage(
      client.store,
      key,
      message('bob', 'lobby', 'hello room', { type: 'grpchat', nick: 'Bob', timestamp: t0 }),
    );
    const c = ensureConversation(client.store, key);
    c.value = {
      ...c.value,
      notices: [
        { id: 'n1', kind: 'join', who: 'carol', nick: 'Carol', timestamp: t0 + 1 },
        { id: 'n2', kind: 'offline', who: 'alice', timestamp: t0 + 2 },
      ],
    };
    renderWindow(client, key);
    const text = log().textContent!;
    expect(text.indexOf('hello room')).toBeLessThan(text.indexOf('Carol joined'));
    expect(text.indexOf('Carol joined')).toBeLessThan(text.indexOf('Alice went offline'));
  });

  it('shows site broadcasts as announcements in a read-only window', () => {
    const client = setup();
    const key: ConversationKey = 'broadcast:site';
    loaded(client, key, false);
    addMessage(
      client.store,
      key,
      message('admin', 'me', 'Maintenance tonight', { type: 'broadcast', nick: 'Riverside Admin' }),
    );
    addMessage(client.store, key, message('system', 'me', 'Unnamed', { type: 'broadcast', nick: '' }));
    const { container } = renderWindow(client, key);
    expect(screen.getByRole('dialog', { name: 'Site broadcast' })).toBeTruthy();
    // Who it is from, always: the sender's nick, else their id.
    expect(within(log()).getByText('Announcement from Riverside Admin')).toBeTruthy();
    expect(within(log()).getByText('Announcement from system')).toBeTruthy();
    expect(container.querySelector('.webim-message--broadcast')?.textContent).toContain('Maintenance tonight');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.getByText('Announcements are read-only.')).toBeTruthy();
  });

  it('marks pending own messages and retries failed ones', async () => {
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('me', 'alice', 'on its way', { status: 'pending', id: 'p1' }));
    addMessage(client.store, KEY, message('me', 'alice', 'lost', { status: 'failed', id: 'f1' }));
    renderWindow(client, KEY);
    expect(await screen.findByText('Sending…')).toBeTruthy();
    expect(screen.getByText(/Not sent/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(client.callsOf('retry')).toEqual([[KEY, 'f1']]);
  });

  it('says "Sending…" only once a send has been pending a while; one settled sooner never shows it', () => {
    vi.useFakeTimers();
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('me', 'alice', 'slow one', { status: 'pending', id: 'p1' }));
    const { container } = renderWindow(client, KEY);
    const row = () => container.querySelector('.webim-message--own')!;
    // Dimmed as pending at once, without the line.
    expect(row().classList).toContain('webim-message--pending');
    expect(screen.queryByText('Sending…')).toBeNull();
    act(() => void vi.advanceTimersByTime(SENDING_LINE_DELAY_MS - 1));
    expect(screen.queryByText('Sending…')).toBeNull();
    act(() => void vi.advanceTimersByTime(1));
    expect(within(row() as HTMLElement).getByText('Sending…')).toBeTruthy();

    // Settled: the line goes.
    const c = ensureConversation(client.store, KEY);
    act(() => {
      c.value = { ...c.value, messages: c.value.messages.map((m) => ({ ...m, status: 'sent' as const })) };
    });
    expect(screen.queryByText('Sending…')).toBeNull();

    // A second one the server takes at once never shows it, before or after the delay.
    act(() => addMessage(client.store, KEY, message('me', 'alice', 'fast one', { status: 'pending', id: 'p2' })));
    act(() => void vi.advanceTimersByTime(100));
    act(() => {
      c.value = { ...c.value, messages: c.value.messages.map((m) => ({ ...m, status: 'sent' as const })) };
    });
    act(() => void vi.advanceTimersByTime(SENDING_LINE_DELAY_MS * 2));
    expect(screen.queryByText('Sending…')).toBeNull();
    expect(container.querySelectorAll('.webim-message--sent')).toHaveLength(2);
  });

  it('"Sending…" counts from when the pending message was first shown: a remount goes on, a retry starts again', () => {
    vi.useFakeTimers();
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('me', 'alice', 'slow one', { status: 'pending', id: 'p1' }));
    const first = renderWindow(client, KEY);
    act(() => void vi.advanceTimersByTime(SENDING_LINE_DELAY_MS - 100));
    first.unmount();
    // Shown again (the window reopened, or the row scrolled back in): the line comes at the same moment as before.
    renderWindow(client, KEY);
    expect(screen.queryByText('Sending…')).toBeNull();
    act(() => void vi.advanceTimersByTime(99));
    expect(screen.queryByText('Sending…')).toBeNull();
    act(() => void vi.advanceTimersByTime(1));
    expect(screen.getByText('Sending…')).toBeTruthy();

    // It failed, and the user retried: a new attempt, dimmed at once, the line again only after the delay.
    const c = ensureConversation(client.store, KEY);
    const settle = (status: 'failed' | 'pending') =>
      act(() => {
        c.value = { ...c.value, messages: c.value.messages.map((m) => ({ ...m, status })) };
      });
    settle('failed');
    expect(screen.getByText(/Not sent/)).toBeTruthy();
    settle('pending');
    expect(screen.queryByText('Sending…')).toBeNull();
    act(() => void vi.advanceTimersByTime(SENDING_LINE_DELAY_MS));
    expect(screen.getByText('Sending…')).toBeTruthy();
  });

  it("shows the server's reason on a refused message, as text, with Retry", async () => {
    const client = setup();
    loaded(client, KEY, false);
    const reason = 'message longer than 5000 characters <img src=x onerror=alert(1)>';
    addMessage(client.store, KEY, message('me', 'alice', 'too long', { status: 'failed', id: 'f2', error: reason }));
    const { container } = renderWindow(client, KEY);
    expect(screen.getByText(/Not sent/).textContent).toContain(reason);
    expect(container.querySelector('img')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(client.callsOf('retry')).toEqual([[KEY, 'f2']]);
  });

  it('applies only the allowed part of a sender style, as a style object', () => {
    const client = setup();
    loaded(client, KEY, false);
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'styled', { style: 'color:#f00; position:fixed; font-size:99px' }),
    );
    addMessage(
      client.store,
      KEY,
      message('alice', 'me', 'evil', { style: 'color:red;background:url(javascript:alert(1))' }),
    );
    renderWindow(client, KEY);
    const styled = screen.getByText('styled');
    expect(styled.style.color).toBeTruthy();
    expect(styled.style.fontSize).toBe('24px');
    expect(styled.style.position).toBe('');
    expect(screen.getByText('evil').getAttribute('style') ?? '').toBe('');
  });

  it('leaves a colour word that is no colour to the CSS parser, which drops it', () => {
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('alice', 'me', 'odd', { style: 'color: notacolor; font-weight: bold' }));
    renderWindow(client, KEY);
    const odd = screen.getByText('odd');
    expect(odd.style.color).toBe('');
    expect(odd.style.fontWeight).toBe('bold');
  });

  it('converts emoji shortcodes and keeps line breaks as text', () => {
    const client = setup();
    loaded(client, KEY, false);
    addMessage(client.store, KEY, message('alice', 'me', 'hi :smile:\nsecond line'));
    renderWindow(client, KEY);
    const body = screen.getByText(/second line/);
    expect(body.textContent).toBe('hi 😄\nsecond line');
    expect(body.querySelector('br')).toBeNull();
  });
});

describe('hostile text', () => {
  it('renders markup, scripts and javascript: as inert text and links only http(s)', () => {
    const client = setup();
    loaded(client, KEY, false);
    const bodies = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      'https://a.b/"onmouseover=alert(1)',
      'abc\u202Etxt.exe',
      '<a href="javascript:alert(1)">click</a>',
    ];
    const t0 = Date.now() - 10_000;
    bodies.forEach((body, i) =>
      addMessage(client.store, KEY, message('alice', 'me', body, { timestamp: t0 + i, nick: '<b>Alice</b>' })),
    );
    renderWindow(client, KEY);
    const el = log();
    expect(el.querySelectorAll('img, script, b, iframe, object, embed, svg [onerror]')).toHaveLength(0);
    const links = within(el).getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://a.b/');
    expect(links[0]!.getAttribute('target')).toBe('_blank');
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(links[0]!.getAttributeNames().sort()).toEqual(['href', 'rel', 'target']);
    for (const body of bodies.slice(0, 3)) expect(within(el).getByText(body)).toBeTruthy();
    expect(el.innerHTML).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(el.innerHTML).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(el.innerHTML).toContain('&lt;b&gt;Alice&lt;/b&gt;');
    const rtl = within(el).getByText('abc\u202Etxt.exe');
    expect(rtl.getAttribute('dir')).toBe('auto');
  });
});
