import { bar, expect, test, waitConnected } from './fixtures';
import {
  chatWindow,
  Gate,
  holdNetwork,
  openChatFromBuddies,
  send,
  sendVia,
  tabsOf,
  waitForClient,
  withClient,
} from './support/sdk';

// Instant restore: a page paints the bar from its IndexedDB snapshot before any network call answers, and a snapshot
// never crosses users.

test('a reload restores both tabs, the open window, the draft and the unread badge before the network answers', async ({
  openAs,
}) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice');

  await openChatFromBuddies(alice, /^Bob/);
  await openChatFromBuddies(alice, /^Carol/);
  // Bob writes while Carol's window is open: Bob's tab gets a badge.
  await sendVia(bob, 'alice', 'are you there?');
  const bobTab = bar(alice).getByRole('tab', { name: /^Bob/ });
  await expect(bobTab).toHaveAccessibleName(/1 unread/);

  // Alice types and reloads at once (no pause for the composer's own save).
  const draft = 'half-written reply, do not lose me';
  await bar(alice).getByRole('textbox', { name: 'Message' }).pressSequentially(draft);
  const network = new Gate();
  await holdNetwork(alice, network);
  await alice.reload();

  // Everything below comes from the snapshot: the network is held.
  await expect(bar(alice).getByRole('tab', { name: /^Bob/ })).toHaveAccessibleName(/1 unread/);
  await expect(bar(alice).getByRole('tab', { name: /^Carol/ })).toHaveAttribute('aria-selected', 'true');
  await expect(chatWindow(alice, /^Carol/)).toBeVisible();
  await expect(bar(alice).getByRole('textbox', { name: 'Message' })).toHaveValue(draft);
  // Restored, not opened by the reader: the focus stays on the page (Space still scrolls it).
  await expect(bar(alice).getByRole('textbox', { name: 'Message' })).not.toBeFocused();
  expect(await alice.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expect(bar(alice).getByRole('tab')).toHaveCount(2);
  // The buddy list is there too (the stored roster stands in for the login this reload skips).
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toHaveAccessibleName('Buddies 1 online');
  // Nothing has answered: every request to the servers so far is waiting at the gate.
  expect(network.held, 'the page tried to reach the servers').toBeGreaterThan(0);

  network.open();
  await waitConnected(alice);
  expect(await tabsOf(alice)).toEqual(['chat:bob', 'chat:carol']);
  await expect(bar(alice).getByRole('tab', { name: /^Bob/ })).toHaveAccessibleName(/1 unread/);
  await expect(bar(alice).getByRole('textbox', { name: 'Message' })).toHaveValue(draft);

  // Reading Bob's message clears the badge, and that survives a reload too.
  await bar(alice).getByRole('tab', { name: /^Bob/ }).click();
  await expect(chatWindow(alice, /^Bob/).getByText('are you there?')).toBeVisible();
  await expect(bar(alice).getByRole('tab', { name: /^Bob/ })).not.toHaveAccessibleName(/unread/);
  await alice.reload();
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await expect(bar(alice).getByRole('tab', { name: /^Bob/ })).not.toHaveAccessibleName(/unread/);
  await waitConnected(alice);
});

test('another user signing in on the same browser never sees the previous user’s tabs or messages, which are forgotten', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  await openChatFromBuddies(alice, /^Bob/);
  await expect(chatWindow(alice, /^Bob/).getByText('Hi Bob!')).toBeVisible();
  await send(alice, 'a secret for bob');
  await openChatFromBuddies(alice, /^Carol/);
  await bar(alice).getByRole('textbox', { name: 'Message' }).fill('alice’s private draft');

  // Dave signs in on the same browser profile (same cookies jar, same IndexedDB). Hold his login to see what the
  // page paints from storage alone.
  const network = new Gate();
  await holdNetwork(alice, network);
  const page = alice;
  await page.goto(`${mock.siteUrl}/demo/index.html?user=dave`);
  await expect(bar(page)).toBeAttached();
  await expect(bar(page).getByRole('button', { name: /^Buddies/ })).toBeVisible();
  await waitForClient(page, (c) => c.store.connection.value.state === 'connecting');
  await expect(bar(page).getByRole('tab')).toHaveCount(0);
  await expect(bar(page).getByRole('dialog')).toHaveCount(0);
  expect(await page.evaluate(() => document.querySelector('webim-bar')?.shadowRoot?.textContent ?? '')).not.toMatch(
    /secret|private|Carol/,
  );

  network.open();
  await waitConnected(page);
  await expect(bar(page).getByRole('tab')).toHaveCount(0);
  expect(await tabsOf(page)).toEqual([]);
  await openChatFromBuddies(page, /^Bob/);
  await expect(chatWindow(page, /^Bob/).getByText('Beginning of conversation')).toBeVisible();
  await expect(chatWindow(page, /^Bob/).getByText('a secret for bob')).toHaveCount(0);
  await expect(chatWindow(page, /^Bob/).getByText('Hi Bob!')).toHaveCount(0);
  const strangers = await withClient(page, (c) =>
    [...c.store.conversations.value.values()]
      .flatMap((conv) => conv.value.messages)
      .filter((m) => m.from !== 'dave' && m.to !== 'dave' && m.type === 'chat')
      .map((m) => m.body),
  );
  expect(strangers).toEqual([]);

  // The script tag forgot Alice's stored data when Dave's data-uid appeared: she comes back to a clean bar, and her
  // draft, which only ever lived in this browser, is gone with it.
  await page.goto(`${mock.siteUrl}/demo/index.html?user=alice`);
  await waitConnected(page);
  await expect(bar(page).getByRole('tab')).toHaveCount(0);
  await expect(bar(page).getByRole('dialog')).toHaveCount(0);
  await openChatFromBuddies(page, /^Carol/);
  await expect(bar(page).getByRole('textbox', { name: 'Message' })).toHaveValue('');
});
