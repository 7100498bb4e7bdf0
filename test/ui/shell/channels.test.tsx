// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startChannelButtons } from '../../../src/ui/channels/channelButtons';
import { startChannelAlerts } from '../../../src/ui/alerts/channelAlerts';
import { connectedClient, renderToolbar } from './render';

const NOW = new Date('2024-05-01T12:00:00Z').getTime();

describe('invitations and channels in the notifications pane', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  function setup() {
    const client = connectedClient();
    client.store.invitations.value = [
      { roomId: 'd1', roomNick: 'Walk <planning>', from: 'bob', nick: 'Bob', timestamp: NOW - 60_000 },
      { roomId: 'd2', roomNick: 'Board games', from: 'carol', nick: 'Carol', timestamp: NOW - 120_000 },
    ];
    client.store.channels.value = new Map([
      ['board-walks', { id: 'board-walks', nick: 'Saturday walks', url: '/walks' }],
    ]);
    client.store.channelPosts.value = [
      {
        id: 'p1',
        channel: 'board-walks',
        body: 'Carol: Saturday at 9',
        link: '/demo/thread.html?post=1',
        timestamp: NOW - 30_000,
      },
      { id: 'p2', channel: 'board-walks', body: 'Evil', link: 'javascript:alert(1)', timestamp: NOW - 40_000 },
    ];
    return client;
  }

  it('counts invitations and new posts on the bar, lists them, joins and declines', async () => {
    const client = setup();
    renderToolbar(client);
    expect(screen.getByRole('button', { name: 'Notifications 4 unread' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    await act(() => Promise.resolve());
    const pane = screen.getByRole('dialog', { name: 'Notifications' });
    const invitations = within(pane).getByRole('region', { name: 'Invitations' });
    const items = within(invitations).getAllByRole('listitem');
    expect(items[0].textContent).toContain('Bob invites you to “Walk <planning>”');
    fireEvent.click(within(items[0]).getByRole('button', { name: 'Join' }));
    expect(client.callsOf('acceptInvitation')).toEqual([['d1']]);
    fireEvent.click(within(items[1]).getByRole('button', { name: 'Decline' }));
    expect(client.callsOf('declineInvitation')).toEqual([['d2']]);
    await act(() => Promise.resolve());
    expect(within(pane).queryByRole('region', { name: 'Invitations' })).toBeNull();

    const posts = within(pane).getByRole('region', { name: 'Channel posts' });
    expect(within(posts).getByRole('link', { name: 'Carol: Saturday at 9' }).getAttribute('href')).toBe(
      '/demo/thread.html?post=1',
    );
    // A post whose link is not http(s) shows as text, no link.
    expect(within(posts).queryByRole('link', { name: 'Evil' })).toBeNull();
    expect(within(posts).getByText('Evil')).toBeTruthy();
    // Opening the pane marks posts seen: the bar's counter goes down to zero.
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });
});

describe('following from the pane', () => {
  function setup() {
    const client = connectedClient();
    client.store.channels.value = new Map([
      ['board-walks', { id: 'board-walks', nick: 'Saturday walks', url: '/walks' }],
    ]);
    return client;
  }

  it('follows and unfollows from the pane, including the channels the page offers', async () => {
    const client = setup();
    document.body.insertAdjacentHTML(
      'beforeend',
      '<button id="follow-market" data-webim-channel="board-market" data-webim-channel-name="Market"></button>',
    );
    const stop = startChannelButtons(client);
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    await act(() => Promise.resolve());
    const pane = screen.getByRole('dialog', { name: 'Notifications' });
    const followed = within(pane).getByRole('region', { name: 'Followed channels' });
    fireEvent.click(within(followed).getByRole('button', { name: 'Unfollow Saturday walks' }));
    expect(client.callsOf('unfollow')).toEqual([['board-walks']]);
    await act(() => Promise.resolve());
    const offered = within(pane).getByRole('region', { name: 'Channels on this page' });
    fireEvent.click(within(offered).getByRole('button', { name: 'Follow Market' }));
    expect(client.callsOf('follow')).toEqual([['board-market']]);
    await act(() => Promise.resolve());
    // The fake server names no channel: followed, it goes by its id, not by the page's label.
    expect(within(pane).getByRole('region', { name: 'Followed channels' }).textContent).toContain('board-market');
    stop();
    document.getElementById('follow-market')!.remove();
  });
});

describe('channel names a forum post writes', () => {
  let stop = () => undefined as void;
  afterEach(() => {
    stop();
    document.body.textContent = '';
  });

  it('never rename a channel the server named: the server’s name wins, the page’s shows only as this page’s label', async () => {
    const client = connectedClient();
    client.store.channels.value = new Map([['board-walks', { id: 'board-walks', nick: 'Saturday walks' }]]);
    client.store.channelPosts.value = [{ id: 'p1', channel: 'board-walks', body: 'See you at 9', timestamp: 1 }];
    // A post's markup: a button for the followed channel under another name, and one for a channel of its own that
    // borrows a trusted name.
    document.body.innerHTML =
      '<div class="post"><button data-webim-channel="board-walks" data-webim-channel-name="Send your password here">x</button>' +
      '<button data-webim-channel="spam-1" data-webim-channel-name="Saturday walks">y</button></div>';
    stop = startChannelButtons(client);
    expect(screen.getByRole('button', { name: 'Unfollow Saturday walks' }).getAttribute('data-webim-channel')).toBe(
      'board-walks',
    );
    expect(screen.queryByRole('button', { name: /Send your password/ })).toBeNull();

    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    await act(() => Promise.resolve());
    const pane = screen.getByRole('dialog', { name: 'Notifications' });
    const followed = within(pane).getByRole('region', { name: 'Followed channels' });
    expect(within(followed).getByRole('button', { name: 'Unfollow Saturday walks' })).toBeTruthy();
    expect(pane.textContent).not.toContain('Send your password');
    // The borrowed name is listed as this page's, and once followed the channel goes by what the server says.
    const offered = within(pane).getByRole('region', { name: 'Channels on this page' });
    fireEvent.click(within(offered).getByRole('button', { name: 'Follow Saturday walks' }));
    await act(() => Promise.resolve());
    expect(within(followed).getByRole('button', { name: 'Unfollow spam-1' })).toBeTruthy();
    expect(
      within(followed)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Saturday walksUnfollow', 'spam-1Unfollow']);
    stop();
  });
});

describe('page Follow buttons (data-webim-channel)', () => {
  afterEach(() => {
    document.body.textContent = '';
  });

  it('label what a press does, show the state, follow and unfollow, and find buttons added later', async () => {
    const client = connectedClient();
    document.body.innerHTML =
      '<button data-webim-channel="board-walks" data-webim-channel-name="Saturday walks">x</button>' +
      '<span data-webim-channel="thread-1" title="Welcome">y</span><button data-webim-channel="  ">blank</button>';
    const stop = startChannelButtons(client);
    const [button, span, blank] = [...document.querySelectorAll<HTMLElement>('[data-webim-channel]')];
    expect(button.textContent).toBe('Follow');
    expect(button.getAttribute('aria-pressed')).toBe('false');
    expect(button.getAttribute('aria-label')).toBe('Follow Saturday walks');
    expect(blank.textContent).toBe('blank');
    // Not a button: made one, keyboard included.
    expect(span.getAttribute('role')).toBe('button');
    expect(span.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(span, { key: 'Enter' });
    expect(client.callsOf('follow')).toEqual([['thread-1']]);

    fireEvent.click(button);
    await act(() => Promise.resolve());
    expect(client.callsOf('follow')).toEqual([['thread-1'], ['board-walks']]);
    expect(button.textContent).toBe('Unfollow');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.getAttribute('data-webim-following')).toBe('true');
    fireEvent.click(button);
    expect(client.callsOf('unfollow')).toEqual([['board-walks']]);

    const late = document.createElement('button');
    late.setAttribute('data-webim-channel', 'board-market');
    document.body.append(late);
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(late.textContent).toBe('Follow');
    stop();
    fireEvent.click(late);
    expect(client.callsOf('follow')).toHaveLength(2);
  });

  it('speaks the page’s language', () => {
    const client = connectedClient();
    document.body.innerHTML = '<button data-webim-channel="board-walks">x</button>';
    const stop = startChannelButtons(client, { locale: 'zh-CN' });
    expect(document.querySelector('button')!.textContent).toBe('关注');
    stop();
  });
});

describe('desktop notifications for channel posts and invitations', () => {
  it('shows one when allowed and the page is not attended; a click opens the notifications pane', () => {
    const client = connectedClient();
    client.store.settings.value = { ...client.store.settings.value, desktop_notify: true };
    client.store.channels.value = new Map([['board-walks', { id: 'board-walks', nick: 'Saturday walks' }]]);
    const shown: Array<{ title: string; body?: string; tag?: string; onclick?: () => void }> = [];
    class FakeNotification {
      static permission = 'granted';
      onclick?: () => void;
      constructor(title: string, options: { body?: string; tag?: string }) {
        shown.push(Object.assign(this, { title, ...options }) as never);
      }
      close() {}
    }
    let focused = true;
    const win = {
      Notification: FakeNotification,
      document: { hasFocus: () => focused, visibilityState: 'visible', documentElement: { lang: 'en' } },
      navigator: { languages: ['en'] },
      focus: vi.fn(),
    } as unknown as Window;
    const stop = startChannelAlerts(client, { window: win });
    const post = { id: 'p', channel: 'board-walks', body: 'Carol: Saturday at 9', timestamp: 1 };
    client.emit('channel-post', post);
    expect(shown).toEqual([]);
    focused = false;
    client.emit('channel-post', post);
    client.emit('invitation', { roomId: 'd1', roomNick: 'Walk', from: 'bob', nick: 'Bob', timestamp: 1 });
    expect(shown.map((n) => [n.title, n.body, n.tag])).toEqual([
      ['New post in Saturday walks', 'Carol: Saturday at 9', 'webim:channel:board-walks'],
      ['Bob invites you to a discussion', 'Walk', 'webim:invite:d1'],
    ]);
    shown[0].onclick!();
    expect(client.store.pane.value).toBe('notifications');
    client.store.leader.value = false;
    client.emit('channel-post', post);
    expect(shown).toHaveLength(2);
    stop();
  });
});
