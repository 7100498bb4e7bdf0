// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { buddy, chatKey, room, roomKey, setBuddies, setRooms } from '../../support/fake-client';
import { connectedClient, renderToolbar } from './render';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';

describe('hostile text is rendered inert', () => {
  function hostile() {
    const client = connectedClient();
    client.store.user.value = {
      id: 'me',
      nick: `Me${IMG}`,
      show: 'available',
      status: SCRIPT,
      avatar: 'javascript:alert(1)',
    };
    setBuddies(client.store, [
      buddy('evil', {
        nick: IMG,
        status: SCRIPT,
        avatar: 'javascript:alert(1)',
        group: `<b onmouseover=alert(1)>grp</b>`,
      }),
    ]);
    client.store.strangers.value = new Map([['x', signal(buddy('x', { nick: `"><svg onload=alert(1)>` }))]]);
    setRooms(client.store, [room('r', { nick: IMG, avatar: 'vbscript:msgbox(1)' })]);
    client.store.tabs.value = [chatKey('evil'), chatKey('x'), roomKey('r')];
    client.store.notifications.value = [{ text: IMG, link: 'javascript:alert(1)', time: 1 }];
    return client;
  }

  const noActiveContent = (root: ParentNode) => {
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('svg[onload]')).toBeNull();
    expect(root.querySelector('[onerror], [onload], [onmouseover]')).toBeNull();
    for (const img of root.querySelectorAll('img'))
      expect(img.getAttribute('src') ?? '').not.toMatch(/^\s*(javascript|vbscript):/i);
    for (const a of root.querySelectorAll('a'))
      expect(a.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|vbscript|data):/i);
  };

  it('in tabs and the bar', () => {
    const client = hostile();
    const { container } = renderToolbar(client);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.getAttribute('title'))).toEqual([IMG, `"><svg onload=alert(1)>`, IMG]);
    expect(tabs[0]!.querySelector('bdi')!.textContent).toBe(IMG);
    expect(screen.getAllByRole('button', { name: `Close chat with ${IMG}` })).toHaveLength(2);
    noActiveContent(container);
  });

  it('in the buddy pane (nick, status, group, own status)', () => {
    const client = hostile();
    const { container } = renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: /^Buddies/ }));
    const pane = screen.getByRole('dialog', { name: 'Buddies' });
    expect(within(pane).getByText(IMG)).toBeTruthy();
    expect(within(pane).getAllByText(SCRIPT).length).toBeGreaterThanOrEqual(2);
    expect(within(pane).getByRole('treeitem', { name: /grp/ }).textContent).toContain(
      '<b onmouseover=alert(1)>grp</b>',
    );
    noActiveContent(container);
  });

  it('in rooms and notifications (a javascript: link is not a link)', () => {
    const client = hostile();
    const { container } = renderToolbar(client);
    fireEvent.click(screen.getByRole('button', { name: 'Rooms' }));
    expect(within(screen.getByRole('dialog', { name: 'Rooms' })).getByText(IMG)).toBeTruthy();
    noActiveContent(container);
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    const pane = screen.getByRole('dialog', { name: 'Notifications' });
    expect(within(pane).getByText(IMG)).toBeTruthy();
    expect(within(pane).queryByRole('link')).toBeNull();
    noActiveContent(container);
  });
});
