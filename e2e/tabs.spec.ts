import type { Page } from '@playwright/test';
import { bar, expect, MOCK_TIMINGS, test, waitConnected, type Mock, type OpenOptions } from './fixtures';
import {
  chatWindow,
  countInStore,
  expectNoFlicker,
  isLeader,
  openChatFromBuddies,
  sendVia,
  watchPresence,
} from './support/sdk';

// One browser, many tabs: one push connection, one state, and buddies never see the user blink.

// The production grace period (8 s): these tests prove that reloads and handovers fit in it, and a loaded CI
// machine can take longer than the suite's short default to reload a page.
test.use({ mockTimings: { ...MOCK_TIMINGS, grace: 8_000 } });

type OpenAs = (user: string, options?: OpenOptions) => Promise<Page>;

/** Bob, in his own browser, with his buddy list open. */
async function watcher(openAs: OpenAs): Promise<Page> {
  const bob = await openAs('bob');
  await bar(bob)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  return bob;
}

/** Once Bob sees Alice online, every presence event he gets from now on is recorded. */
async function startWatching(bob: Page): Promise<void> {
  await expect(bar(bob).getByRole('treeitem', { name: /^Alice Available/ })).toBeVisible();
  await watchPresence(bob);
}

/** Alice in three tabs of one browser profile. */
async function threeTabs(openAs: OpenAs): Promise<Page[]> {
  const first = await openAs('alice');
  const context = first.context();
  const others = [await openAs('alice', { context }), await openAs('alice', { context })];
  return [first, ...others];
}

/** Alice's buddy list and rooms are complete on this page (a resumed session skips the login that brings them). */
async function expectRoster(alice: Page): Promise<void> {
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toHaveAccessibleName('Buddies 1 online');
  await bar(alice)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  await expect(bar(alice).getByRole('treeitem', { name: /^Bob Available/ })).toBeVisible();
  await expect(bar(alice).getByRole('treeitem', { name: /^Carol Offline/ })).toBeVisible();
  await bar(alice)
    .getByRole('button', { name: /^Rooms/ })
    .click();
  await expect(bar(alice).getByRole('dialog', { name: 'Rooms' }).getByText('Lobby')).toBeVisible();
  await bar(alice)
    .getByRole('button', { name: /^Rooms/ })
    .click();
  await expect(bar(alice).getByRole('dialog')).toHaveCount(1); // the chat window
}

async function aliceSubscribers(mock: Mock) {
  return (await mock.state()).users.alice?.subscribers ?? [];
}

test('three tabs hold one push connection, and an incoming message shows once in each', async ({ openAs, mock }) => {
  const bob = await watcher(openAs);
  const tabs = await threeTabs(openAs);
  await startWatching(bob);
  await expect.poll(() => aliceSubscribers(mock)).toHaveLength(1);
  expect((await Promise.all(tabs.map(isLeader))).filter(Boolean)).toHaveLength(1);

  // Opening a chat in one tab opens it in all of them.
  await openChatFromBuddies(tabs[0]!, /^Bob/);
  for (const tab of tabs) await expect(chatWindow(tab, /^Bob/)).toBeVisible();

  await sendVia(bob, 'alice', 'one message, three tabs');
  for (const tab of tabs) {
    await expect(chatWindow(tab, /^Bob/).getByText('one message, three tabs')).toBeVisible();
    await expect(chatWindow(tab, /^Bob/).getByText('one message, three tabs')).toHaveCount(1);
    expect(await countInStore(tab, 'chat:bob', 'one message, three tabs')).toBe(1);
  }
  // A message Alice sends from a follower tab goes out once and shows once everywhere.
  const box = bar(tabs[2]!).getByRole('textbox', { name: 'Message' });
  await box.fill('sent from the third tab');
  await box.press('Enter');
  await expect(chatWindow(bob, /^Alice/).getByText('sent from the third tab')).toBeVisible();
  for (const tab of [...tabs, bob]) {
    await expect(bar(tab).getByRole('log').getByText('sent from the third tab')).toHaveCount(1);
  }
  expect(await aliceSubscribers(mock)).toHaveLength(1);
  await expectNoFlicker(mock, bob, 'alice');
});

test('reading in one tab clears the badge in the others; opening and closing chats syncs', async ({ openAs, mock }) => {
  const bob = await watcher(openAs);
  const carol = await openAs('carol');
  const tabs = await threeTabs(openAs);
  await startWatching(bob);
  await openChatFromBuddies(tabs[0]!, /^Bob/);

  await sendVia(carol, 'alice', 'psst, from carol');
  for (const tab of tabs) await expect(bar(tab).getByRole('tab', { name: /^Carol/ })).toHaveAccessibleName(/1 unread/);

  // Reading it in the second tab clears the badge in all of them.
  await bar(tabs[1]!)
    .getByRole('tab', { name: /^Carol/ })
    .click();
  await expect(chatWindow(tabs[1]!, /^Carol/).getByText('psst, from carol')).toBeVisible();
  for (const tab of tabs)
    await expect(bar(tab).getByRole('tab', { name: /^Carol/ })).not.toHaveAccessibleName(/unread/);
  for (const tab of tabs)
    await expect(bar(tab).getByRole('tab', { name: /^Carol/ })).toHaveAttribute('aria-selected', 'true');

  // Closing a chat in the third tab closes it everywhere.
  await bar(tabs[2]!).getByRole('button', { name: 'Close chat with Carol' }).click();
  for (const tab of tabs) {
    await expect(bar(tab).getByRole('tab', { name: /^Carol/ })).toHaveCount(0);
    await expect(bar(tab).getByRole('tab')).toHaveCount(1);
  }
  expect(await aliceSubscribers(mock)).toHaveLength(1);
  await expectNoFlicker(mock, bob, 'alice');
});

test('closing the leader tab hands the connection over within ~2 s on the same ticket', async ({ openAs, mock }) => {
  const bob = await watcher(openAs);
  const tabs = await threeTabs(openAs);
  await startWatching(bob);
  await openChatFromBuddies(tabs[1]!, /^Bob/);
  await expect.poll(() => aliceSubscribers(mock)).toHaveLength(1);
  const [{ id: subscriber }] = await aliceSubscribers(mock);
  const ticket = mock.engine.im.hub.all().find((t) => t.userId === 'alice')!.id;

  const leaders = await Promise.all(tabs.map(isLeader));
  const leader = tabs[leaders.indexOf(true)]!;
  const rest = tabs.filter((t) => t !== leader);
  const closedAt = Date.now();
  await leader.close();

  // Someone else leads and the server sees the same ticket connected again.
  await expect
    .poll(async () => (await Promise.all(rest.map(isLeader))).filter(Boolean).length, { intervals: [50] })
    .toBe(1);
  await expect
    .poll(async () => (await aliceSubscribers(mock)).map((s) => s.id), { intervals: [50] })
    .toEqual([subscriber]);
  await expect
    .poll(
      () =>
        mock.engine.im.hub.all().filter((t) => t.id === ticket && (t.conn.kind === 'ws' || t.conn.kind === 'poll'))
          .length,
      { intervals: [50] },
    )
    .toBe(1);
  const handover = Date.now() - closedAt;
  expect(handover, `handover took ${handover} ms`).toBeLessThan(3_000);

  await sendVia(bob, 'alice', 'still there after the handover?');
  for (const tab of rest) {
    await expect(chatWindow(tab, /^Bob/).getByText('still there after the handover?')).toHaveCount(1);
    await waitConnected(tab);
  }
  expect(await aliceSubscribers(mock)).toHaveLength(1);
  await expectNoFlicker(mock, bob, 'alice');
});

test('a buddy sees no offline/online across a reload, page navigation and closing tabs', async ({ openAs, mock }) => {
  const bob = await watcher(openAs);
  const alice = await openAs('alice');
  await startWatching(bob);
  await openChatFromBuddies(alice, /^Bob/);
  const [{ id: subscriber }] = await aliceSubscribers(mock);

  await alice.reload();
  await waitConnected(alice);
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await expectRoster(alice);

  await alice.getByRole('link', { name: 'Welcome thread' }).click();
  await alice.waitForURL(/thread\.html/);
  await waitConnected(alice);
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await expectRoster(alice);

  // A second tab comes and goes; then the first one navigates back.
  const second = await openAs('alice', { context: alice.context() });
  await second.close();
  await alice.goBack();
  await waitConnected(alice);

  await sendVia(bob, 'alice', 'did you blink?');
  await expect(chatWindow(alice, /^Bob/).getByText('did you blink?')).toHaveCount(1);
  expect((await aliceSubscribers(mock)).map((s) => s.id)).toEqual([subscriber]);
  await expect(bar(bob).getByRole('treeitem', { name: /^Alice Available/ })).toBeVisible();
  await expectNoFlicker(mock, bob, 'alice');
});
