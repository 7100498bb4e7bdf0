import type { Page } from '@playwright/test';
import { bodiesWith, chatWindow, marker, openBuddies, openChatWith, send, shownMessages } from './chat-helpers';
import { bar, expect, test } from './fixtures';

const OFFLINE_NOTICE = 'Bob is offline; your message will be delivered when they are back.';

/** Alice writes two messages to Bob while he is offline: the notice explains, and both settle as sent. */
async function writeWhileBobIsAway(alice: Page, tag: string): Promise<void> {
  const window = await openChatWith(alice, /Bob/);
  await expect(window.getByText(OFFLINE_NOTICE)).toBeVisible();
  await send(window, `${tag} first while you were out`);
  await send(window, `${tag} second while you were out`);
  await expect
    .poll(async () => (await shownMessages(window)).filter((m) => m.body.includes(tag)).map((m) => m.status))
    .toEqual(['sent', 'sent']);
}

test('a message to an offline buddy says it will be delivered, and arrives at his next page load', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  const tag = marker();
  await writeWhileBobIsAway(alice, tag);
  expect((await mock.state()).users.bob).toBeUndefined();

  const bob = await openAs('bob');
  // The conversation pops up by itself (no other window was open) with both messages, once, in order.
  const window = chatWindow(bob, 'Alice');
  await expect
    .poll(() => bodiesWith(window, tag))
    .toEqual([`${tag} first while you were out`, `${tag} second while you were out`]);
  const rows = (await shownMessages(window)).filter((m) => m.body.includes(tag));
  expect(rows.map((m) => m.nick)).toEqual(['Alice', 'Alice']);
  expect(rows.every((m) => !m.own)).toBe(true);
  // Alice now sees him online and the notice is gone.
  await expect(chatWindow(alice, 'Bob').getByText(OFFLINE_NOTICE)).toBeHidden();
});

test('offline messages at the next login come with an unread badge on their tab and in the total', async ({
  openAs,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  // Bob is busy in a chat with Carol, then signs out of chat.
  await openChatWith(bob, /Carol/);
  await bar(bob)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(bob).getByRole('menuitemradio', { name: 'Offline' }).click();
  await expect(bar(bob).getByRole('button', { name: 'Your status: Offline' })).toBeVisible();

  const tag = marker();
  await writeWhileBobIsAway(alice, tag);

  // Bob signs in again: the news is a new tab with a badge; Carol's window stays where it is.
  await bar(bob)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(bob).getByRole('menuitemradio', { name: 'Available' }).click();
  const tab = bar(bob).getByRole('tab', { name: /^Alice/ });
  await expect(tab).toHaveAccessibleName(/2 unread$/);
  await expect(tab).toHaveAttribute('aria-selected', 'false');
  await expect(chatWindow(bob, 'Carol')).toBeVisible();

  // The total, on the minimised bar.
  await bar(bob).getByRole('button', { name: 'Minimise chat' }).click();
  await expect(bar(bob).getByRole('button', { name: /^Restore chat/ })).toHaveAccessibleName('Restore chat 2 unread');
  await bar(bob)
    .getByRole('button', { name: /^Restore chat/ })
    .click();

  // Reading them clears the badge.
  await tab.click();
  await expect
    .poll(() => bodiesWith(chatWindow(bob, 'Alice'), tag))
    .toEqual([`${tag} first while you were out`, `${tag} second while you were out`]);
  await expect(tab).toHaveAccessibleName(/^Alice Available$/);
});

test('with auto-pop off, offline messages badge the buddy row and the total instead of opening a tab', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  // Bob turned auto-pop off in an earlier visit (saved at the site).
  await saveSettingsAs(mock.siteUrl, 'bob', { msg_auto_pop: false });
  const tag = marker();
  await writeWhileBobIsAway(alice, tag);

  const bob = await openAs('bob');
  await openBuddies(bob);
  const row = bar(bob).getByRole('treeitem', { name: /^Alice/ });
  await expect(row).toHaveAccessibleName(/2 unread/);
  await expect(bar(bob).getByRole('tab')).toHaveCount(0);
  await bar(bob).getByRole('button', { name: 'Minimise chat' }).click();
  await expect(bar(bob).getByRole('button', { name: /^Restore chat/ })).toHaveAccessibleName('Restore chat 2 unread');
  await bar(bob)
    .getByRole('button', { name: /^Restore chat/ })
    .click();

  await openBuddies(bob);
  await row.click();
  await expect
    .poll(() => bodiesWith(chatWindow(bob, 'Alice'), tag))
    .toEqual([`${tag} first while you were out`, `${tag} second while you were out`]);
  await expect(bar(bob).getByRole('tab', { name: /^Alice/ })).not.toHaveAccessibleName(/unread/);
});

/** Saves settings for `user` through the site API, like the settings pane of an earlier visit did. */
async function saveSettingsAs(siteUrl: string, user: string, data: Record<string, unknown>): Promise<void> {
  // A token-less script client: X-Requested-With is what passes the CSRF check (a cross-site form can't send it).
  const headers = { cookie: `webim_uid=${user}`, 'x-requested-with': 'XMLHttpRequest' };
  const login = await fetch(`${siteUrl}/webim/online`, { method: 'POST', headers });
  const { connection } = (await login.json()) as { connection: { ticket: string } };
  const body = new URLSearchParams({ data: JSON.stringify(data), ticket: connection.ticket });
  const res = await fetch(`${siteUrl}/webim/setting`, { method: 'POST', headers, body });
  expect(await res.text()).toBe('"ok"');
  await fetch(`${siteUrl}/webim/offline`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({ ticket: connection.ticket }),
  });
}
