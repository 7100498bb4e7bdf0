// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectedClient, renderToolbar } from './render';

const NOW = new Date('2024-05-01T12:00:00Z').getTime();

describe('notifications pane', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  function setup() {
    const client = connectedClient();
    client.store.notifications.value = [
      { text: 'Your thread got a reply', link: '/forum/thread/42', time: NOW - 5 * 60_000 },
      { text: 'Weekly digest', link: 'https://forum.example/digest', time: NOW - 26 * 3600_000 },
      { text: 'Old news', time: NOW - 10 * 24 * 3600_000 },
      { text: 'Click me', link: 'javascript:alert(document.cookie)', time: NOW - 11 * 24 * 3600_000 },
    ];
    client.store.notificationsSeenAt.value = NOW - 2 * 24 * 3600_000;
    return client;
  }

  it('refreshes and marks everything seen when opened; the counter clears', async () => {
    const client = setup();
    renderToolbar(client);
    expect(screen.getByRole('button', { name: 'Notifications 2 unread' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    await act(() => Promise.resolve());
    expect(client.callsOf('notifications')).toEqual([[]]);
    expect(client.callsOf('markNotificationsSeen').length).toBeGreaterThanOrEqual(1);
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });

  it('lists text, relative time and safe links; new ones stay marked while the pane is open', () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    const pane = screen.getByRole('dialog', { name: 'Notifications' });
    const items = within(within(pane).getByRole('list', { name: 'Site notifications' })).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    const reply = within(items[0]!).getByRole('link', { name: 'Your thread got a reply' });
    expect(reply.getAttribute('href')).toBe('/forum/thread/42');
    expect(reply.getAttribute('target')).toBe('_blank');
    expect(reply.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(items[0]!.textContent).toContain('5 minutes ago');
    expect(items[1]!.textContent).toContain('yesterday');
    expect(items[0]!.textContent).toContain('New');
    expect(items[1]!.textContent).toContain('New');
    expect(items[2]!.textContent).not.toContain('New');
    expect(within(items[2]!).queryByRole('link')).toBeNull();
    // A javascript: link is shown as plain text.
    expect(within(items[3]!).queryByRole('link')).toBeNull();
    expect(items[3]!.textContent).toContain('Click me');
    const time = items[0]!.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(new Date(NOW - 5 * 60_000).toISOString());
  });

  it('marks pushed notifications seen while open', () => {
    const client = setup();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    const before = client.callsOf('markNotificationsSeen').length;
    act(() => {
      client.store.notifications.value = [{ text: 'Fresh', time: NOW }, ...client.store.notifications.value];
    });
    expect(client.callsOf('markNotificationsSeen').length).toBe(before + 1);
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });

  it('speaks Chinese relative times in zh-CN', () => {
    const client = setup();
    renderToolbar(client, { locale: 'zh-CN' }, 'zh-CN');
    fireEvent.click(screen.getByRole('button', { name: /^通知/ }));
    const pane = screen.getByRole('dialog', { name: '通知' });
    expect(pane.textContent).toContain('5分钟前');
  });

  it('has an empty state', () => {
    const client = connectedClient();
    renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    expect(screen.getByText('No notifications')).toBeTruthy();
  });
});
