import type { Page } from '@playwright/test';
import { chatWindow, marker, shownMessages } from './chat-helpers';
import { bar, expect, test, waitConnected } from './fixtures';

const notificationsButton = (page: Page) => bar(page).getByRole('button', { name: /^Notifications/ });

test('a site notification shows in the pane with its link, and counts on the badge until seen', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  // The seeded notifications are unread at first sight (fetched shortly after login).
  await expect(notificationsButton(alice)).toHaveAccessibleName('Notifications 3 unread');

  // A new one arrives: opening the pane refreshes the list, marks it new, and clears the badge.
  const tag = marker();
  await mock.post('/mock/notify', {
    user: 'alice',
    text: `${tag} Carol replied to your thread`,
    link: '/demo/thread.html?t=1',
  });
  await notificationsButton(alice).click();
  const pane = bar(alice).getByRole('dialog', { name: 'Notifications' });
  const list = pane.getByRole('list', { name: 'Site notifications' });
  const item = list.getByRole('listitem').filter({ hasText: tag });
  await expect(item).toBeVisible();
  await expect(list.getByRole('listitem').first()).toContainText(tag);
  await expect(item).toContainText('New');
  const link = item.getByRole('link', { name: `${tag} Carol replied to your thread` });
  await expect(link).toHaveAttribute('href', '/demo/thread.html?t=1');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(link).toHaveAttribute('rel', /noopener/);
  await expect(notificationsButton(alice)).toHaveAccessibleName('Notifications');
  await pane.getByRole('button', { name: 'Close Notifications' }).click();

  // Another one while the pane is closed: the next page's login fetch brings the count back, for it alone.
  await mock.post('/mock/notify', { user: 'alice', text: `${tag} Weekly digest`, link: 'javascript:alert(1)' });
  await alice.reload();
  await waitConnected(alice);
  await expect(notificationsButton(alice)).toHaveAccessibleName('Notifications 1 unread');
  await notificationsButton(alice).click();
  const digest = bar(alice)
    .getByRole('list', { name: 'Site notifications' })
    .getByRole('listitem')
    .filter({ hasText: `${tag} Weekly digest` });
  await expect(digest).toContainText('New');
  // A non-http(s) link is shown as text, not as a link.
  await expect(digest.getByRole('link')).toHaveCount(0);
});

test('a site broadcast reaches every online user once, as a read-only system message in its own tab', async ({
  openAs,
  mock,
}) => {
  const users = ['alice', 'bob', 'carol', 'erin'];
  const pages: Page[] = [];
  for (const user of users) pages.push(await openAs(user));
  const tag = marker();
  await mock.post('/mock/broadcast', { body: `${tag} Maintenance tonight at 22:00` });

  for (const page of pages) {
    const tab = bar(page).getByRole('tab', { name: /^Site broadcast/ });
    await expect(tab).toBeVisible();
    const window = chatWindow(page, 'Site broadcast');
    await expect(window.getByRole('log')).toContainText(`${tag} Maintenance tonight at 22:00`);
    const rows = (await shownMessages(window)).filter((m) => m.body.includes(tag));
    expect(rows).toEqual([
      {
        nick: 'Announcement from System',
        body: `${tag} Maintenance tonight at 22:00`,
        own: false,
        status: 'broadcast',
      },
    ]);
    // Read-only: no composer, a note instead.
    await expect(window.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
    await expect(window.getByText('Announcements are read-only.')).toBeVisible();
    // Not mixed into any person's conversation.
    expect(
      await page.evaluate((t) => {
        const store = (
          window as unknown as {
            WebIM: {
              instance: {
                client: {
                  store: {
                    conversations: {
                      value: ReadonlyMap<string, { value: { messages: ReadonlyArray<{ body: string }> } }>;
                    };
                  };
                };
              };
            };
          }
        ).WebIM.instance.client.store;
        return [...store.conversations.value]
          .filter(([, c]) => c.value.messages.some((m) => m.body.includes(t)))
          .map(([k]) => k);
      }, tag),
    ).toEqual(['broadcast:site']);
  }
});
