import type { Page } from '@playwright/test';
import { bodiesWith, chatBothWays, chatWindow as namedWindow, marker, openRoom, send } from './chat-helpers';
import { bar, connectionOf, expect, MOCK_TIMINGS, test, waitConnected, type Mock } from './fixtures';
import {
  chatWindow,
  countInStore,
  isLeader,
  openChatFromBuddies,
  presencesSeen,
  sendVia,
  waitForClient,
  watchPresence,
} from './support/sdk';

// Broker mode in Chromium: the mock site pushes through its embedded aedes (MQTT over WebSocket at /mqtt on the
// message server's port) and the bar speaks MQTT to it. The production grace period (8 s): reloads and handovers
// must fit in it on a loaded machine.
const GRACE = 8_000;
test.use({ mockBroker: 'embedded', mockTimings: { ...MOCK_TIMINGS, grace: GRACE } });

/** Broker connections the site counts for `user` (from its presence topic). */
const connections = async (mock: Mock, user: string) => (await mock.state()).broker?.connections[user] ?? 0;

/**
 * The watcher saw no offline/online of `user`: once the site counts a connection of the user (so no grace period
 * runs and no `offline` can still come), a broadcast marker sent through the same broker must reach the watcher
 * (anything pushed before it has arrived), and the watcher's presence log must hold no online/offline of the user.
 */
async function expectNoFlicker(mock: Mock, watcher: Page, user: string): Promise<void> {
  await expect.poll(() => connections(mock, user)).toBeGreaterThanOrEqual(1);
  const marker = `marker ${Math.random().toString(36).slice(2)}`;
  await waitForClient(watcher, (c) => {
    const w = window as unknown as { __broadcasts?: string[] };
    if (!w.__broadcasts) {
      w.__broadcasts = [];
      c.on('message', ({ message }) => void (message.type === 'broadcast' && w.__broadcasts!.push(message.body)));
    }
    return true;
  });
  await mock.post('/mock/broadcast', { body: marker });
  await watcher.waitForFunction(
    (m) => (window as unknown as { __broadcasts?: string[] }).__broadcasts?.includes(m),
    marker,
  );
  const seen = await presencesSeen(watcher, user);
  expect(
    seen.filter((p) => ['online', 'offline', 'grponline', 'grpoffline'].includes(p.type)),
    `${user} flickered for the watcher`,
  ).toEqual([]);
}

/** Bob with his buddy list open, watching Alice's presence once she shows as available. */
async function watcher(openAs: (user: string) => Promise<Page>): Promise<Page> {
  const bob = await openAs('bob');
  await bar(bob)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  return bob;
}

test('two users chat over MQTT: once each, in order, with names; own messages settle as sent', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'mqtt' });
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'mqtt' });
  // No NexTalk subscriber anywhere: push goes through the broker only.
  const state = await mock.state();
  expect(state.users).toEqual({});
  expect(state.broker?.connections).toMatchObject({ alice: 1, bob: 1 });

  await chatBothWays(alice, bob);
  expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'mqtt' });
});

test('a room message reaches the other members once and shows once for the sender', async ({ openAs }) => {
  const [alice, bob, carol] = [await openAs('alice'), await openAs('bob'), await openAs('carol')];
  const tag = marker();
  const aliceRoom = await openRoom(alice, 'Lobby');
  await send(aliceRoom, `${tag} hello room`);
  // The window pops up for the other members.
  for (const page of [bob, carol])
    await expect(namedWindow(page, 'Lobby').getByRole('log')).toContainText(`${tag} hello room`);
  await send(namedWindow(bob, 'Lobby'), `${tag} hi alice`);
  for (const page of [alice, carol])
    await expect(namedWindow(page, 'Lobby').getByRole('log')).toContainText(`${tag} hi alice`);
  const order = [`${tag} hello room`, `${tag} hi alice`];
  for (const page of [alice, bob, carol])
    await expect.poll(() => bodiesWith(namedWindow(page, 'Lobby'), tag)).toEqual(order);
  // The broker echoes a message on the room topic to its sender too: the bar shows it once, settled as sent.
  await expect(aliceRoom.locator('.webim-message', { hasText: `${tag} hello room` })).toHaveClass(
    /webim-message--sent/,
  );
  expect(await countInStore(alice, 'grpchat:lobby', `${tag} hello room`)).toBe(1);
});

test('presence: away is seen at once; a closed page goes offline only after the grace period', async ({
  openAs,
  mock,
}) => {
  const bob = await watcher(openAs);
  const alice = await openAs('alice');
  const row = bar(bob).getByRole('treeitem', { name: /Alice/ });
  await expect(row).toHaveAccessibleName(/^Alice Available/);
  await bar(alice)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(alice).getByRole('menuitemradio', { name: 'Away' }).click();
  await expect(row).toHaveAccessibleName(/^Alice Away/);

  await alice.context().close();
  // The will tells the site at once; the grace period keeps her listed until it has run out.
  await expect.poll(() => connections(mock, 'alice')).toBe(0);
  const goneAt = Date.now();
  await bob.waitForTimeout(GRACE / 2);
  await expect(row).toHaveAccessibleName(/^Alice Away/);
  await expect(row).toHaveAccessibleName(/^Alice Offline/, { timeout: GRACE + 5_000 });
  expect(Date.now() - goneAt).toBeGreaterThanOrEqual(GRACE - 500);
});

test('a reload causes no offline flicker for a buddy', async ({ openAs, mock }) => {
  const bob = await watcher(openAs);
  const alice = await openAs('alice');
  await expect(bar(bob).getByRole('treeitem', { name: /^Alice Available/ })).toBeVisible();
  await watchPresence(bob);
  await openChatFromBuddies(alice, /^Bob/);
  await alice.reload();
  await waitConnected(alice);
  expect(await connectionOf(alice)).toMatchObject({ transport: 'mqtt' });
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await sendVia(bob, 'alice', 'did you blink?');
  await expect(chatWindow(alice, /^Bob/).getByText('did you blink?')).toHaveCount(1);
  await expectNoFlicker(mock, bob, 'alice');
});

test('three tabs hold one broker connection; an incoming message shows once in each; closing the leader hands over with nothing lost', async ({
  openAs,
  mock,
}) => {
  const bob = await watcher(openAs);
  const first = await openAs('alice');
  const tabs = [
    first,
    await openAs('alice', { context: first.context() }),
    await openAs('alice', { context: first.context() }),
  ];
  await expect(bar(bob).getByRole('treeitem', { name: /^Alice Available/ })).toBeVisible();
  await watchPresence(bob);
  // The broker's own count: bob's connection and one for all of alice's tabs.
  await expect.poll(async () => (await mock.state()).broker?.clients).toBe(2);
  expect(await connections(mock, 'alice')).toBe(1);
  expect((await Promise.all(tabs.map(isLeader))).filter(Boolean)).toHaveLength(1);

  await openChatFromBuddies(tabs[0]!, /^Bob/);
  await sendVia(bob, 'alice', 'one message, three tabs');
  for (const tab of tabs) {
    await expect(chatWindow(tab, /^Bob/).getByText('one message, three tabs')).toHaveCount(1);
    expect(await countInStore(tab, 'chat:bob', 'one message, three tabs')).toBe(1);
  }

  const leader = tabs[(await Promise.all(tabs.map(isLeader))).indexOf(true)]!;
  const rest = tabs.filter((tab) => tab !== leader);
  await leader.close();
  // Sent while no tab holds the broker connection: the broker keeps nothing for alice, the catch-up brings it.
  await sendVia(bob, 'alice', 'sent during the handover');
  await expect
    .poll(async () => (await Promise.all(rest.map(isLeader))).filter(Boolean).length, { intervals: [50] })
    .toBe(1);
  await expect.poll(() => connections(mock, 'alice'), { intervals: [50] }).toBe(1);
  await expect.poll(async () => (await mock.state()).broker?.clients).toBe(2);
  for (const tab of rest) await waitConnected(tab);

  await sendVia(bob, 'alice', 'still there after the handover?');
  for (const tab of rest) {
    await expect(chatWindow(tab, /^Bob/).getByText('still there after the handover?')).toHaveCount(1);
    await expect(chatWindow(tab, /^Bob/).getByText('one message, three tabs')).toHaveCount(1);
    await expect(chatWindow(tab, /^Bob/).getByText('sent during the handover')).toHaveCount(1);
  }
  await expectNoFlicker(mock, bob, 'alice');
});

test('a followed channel over the broker: a new thread on the board reaches the bar live', async ({ openAs }) => {
  const bob = await openAs('bob');
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'mqtt' });
  await bob.getByRole('button', { name: 'Follow General discussion' }).click();
  await expect(bob.getByRole('button', { name: 'Unfollow General discussion' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  // Confirmed by the site: from here the bar's broker link has asked for the channel's topic (the ACL asks the site).
  await waitForClient(bob, (c) => c.store.channels.value.get('board-general')?.pending === undefined);

  // carol posts a thread from the Admin page; the site publishes it to the board's service topic.
  const carol = await openAs('carol', { path: '/demo/admin.html' });
  const form = carol.locator('#post');
  await form.getByLabel('Board').selectOption('board-general');
  await form.getByLabel('Title').fill('Found: a red scarf');
  await form.getByRole('button', { name: 'Post thread' }).click();
  await expect(carol.locator('#post-status')).toHaveText('Sent.');

  // Live: no reload, no refresh; the pane links it.
  await bar(bob)
    .getByRole('button', { name: /^Notifications/ })
    .click();
  const pane = bar(bob).getByRole('dialog', { name: 'Notifications' });
  await expect(
    pane.getByRole('region', { name: 'Channel posts' }).getByRole('link', { name: 'Carol: Found: a red scarf' }),
  ).toBeVisible();
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'mqtt' });
});
