import type { Page } from '@playwright/test';
import { bar, connectionOf, expect, MOCK_TIMINGS, test, waitConnected } from './fixtures';
import {
  chatWindow,
  countInStore,
  Gate,
  holdNetwork,
  openChatFromBuddies,
  send,
  sendVia,
  tabsOf,
  waitForClient,
  withClient,
} from './support/sdk';

// The push link breaks in every way the mock server can break it; the bar says so, heals itself, and no message is
// lost or shown twice.

/** Waits until every message this page sent has the server's `sent` status. */
async function allSent(page: Page): Promise<void> {
  await waitForClient(page, (c) =>
    [...c.store.conversations.value.values()].every((conv) =>
      conv.value.messages.every((m) => m.status === undefined || m.status === 'sent'),
    ),
  );
}

/** The bodies of a conversation in the page's store, oldest first. */
function bodies(page: Page, key: string): Promise<string[]> {
  return withClient(
    page,
    (c, k) => (c.store.conversations.value.get(k as never)?.value.messages ?? []).map((m) => m.body),
    key,
  );
}

test('after /mock/drop the bar reconnects by itself and messages from both sides arrive exactly once', async ({
  openAs,
  mock,
}) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice');
  await openChatFromBuddies(alice, /^Bob/);

  // Keep Alice's push link down (new WebSockets and polls wait) until both sides have written.
  const link = new Gate();
  await holdNetwork(alice, link, false);
  await mock.post('/mock/drop');
  await expect(bar(alice).getByRole('status').filter({ hasText: 'Connection lost. Reconnecting…' })).toBeVisible();
  await expect(bar(alice).getByRole('button', { name: 'Retry now' })).toBeVisible();

  await waitConnected(bob);
  const fromBob = ['while you were away 1', 'while you were away 2', 'while you were away 3'];
  for (const body of fromBob) await sendVia(bob, 'alice', body);
  await allSent(bob);

  // Alice writes too: her messages wait in the outbox, shown at once as sending.
  const fromAlice = ['queued while down 1', 'queued while down 2'];
  for (const body of fromAlice) await send(alice, body);
  await expect(chatWindow(alice, /^Bob/).getByText('queued while down 2')).toBeVisible();
  expect((await connectionOf(alice)).state).not.toBe('connected');

  await expect
    .poll(() => link.held, { message: 'the client tried to reconnect while the link was held' })
    .toBeGreaterThan(0);
  link.open();
  await waitConnected(alice);
  await expect(bar(alice).getByRole('status').filter({ hasText: 'Reconnecting' })).toHaveCount(0);
  for (const body of fromBob) await expect(chatWindow(alice, /^Bob/).getByText(body)).toHaveCount(1);
  await allSent(alice);
  await expect(chatWindow(bob, /^Alice/)).toBeVisible();
  for (const body of fromAlice) await expect(chatWindow(bob, /^Alice/).getByText(body)).toHaveCount(1);

  // Nothing doubled in either store, and each side has the other's messages in the order they were written.
  for (const body of [...fromBob, ...fromAlice]) {
    expect(await countInStore(alice, 'chat:bob', body)).toBe(1);
    expect(await countInStore(bob, 'chat:alice', body)).toBe(1);
  }
  const onAlice = (await bodies(alice, 'chat:bob')).filter((b) => fromBob.includes(b));
  const onBob = (await bodies(bob, 'chat:alice')).filter((b) => fromAlice.includes(b));
  expect(onAlice).toEqual(fromBob);
  expect(onBob).toEqual(fromAlice);
  expect((await mock.state()).users.alice?.subscribers).toHaveLength(1);
});

test('JSONP: stalled polls (timeout) and destroyed polls recover without losing messages', async ({ openAs, mock }) => {
  // The client must outlast the server's idle hold before it calls a poll dead.
  const pollTimeoutMs = MOCK_TIMINGS.hold + 2_000;
  const alice = await openAs('alice', { config: { transport: 'jsonp', pollTimeoutMs } });
  expect((await connectionOf(alice)).transport).toBe('jsonp');
  const bob = await openAs('bob');
  await openChatFromBuddies(alice, /^Bob/);
  await withClient(alice, (c) => {
    const w = window as unknown as { __states: string[] };
    w.__states = [];
    c.on('connection', (status) => void w.__states.push(status.state));
  });

  // 'hold': the stalled poll is never answered and the client's timeout ends it; 'drop': its connection is
  // destroyed (a script error). Either way the client polls again and gets what was queued meanwhile.
  for (const mode of ['hold', 'drop'] as const) {
    await withClient(alice, () => void ((window as unknown as { __states: string[] }).__states.length = 0));
    // Chromium silently retries a GET once when a reused keep-alive connection dies without an answer, so a
    // dropped poll needs its retry dropped too before the page sees the failure.
    await mock.post('/mock/stall', { count: mode === 'drop' ? 2 : 1, mode });
    // Whichever poll the stall catches (the outstanding one may be answered first), one message waits behind it.
    await sendVia(bob, 'alice', `${mode}: first`);
    await expect.poll(() => mock.engine.im.stall.count, { message: 'the stall caught its polls' }).toBe(0);
    await sendVia(bob, 'alice', `${mode}: second`);
    await allSent(bob);
    await waitForClient(
      alice,
      () => (window as unknown as { __states: string[] }).__states.includes('reconnecting'),
      undefined,
      pollTimeoutMs + 5_000,
    );
    for (const body of [`${mode}: first`, `${mode}: second`]) {
      await expect(chatWindow(alice, /^Bob/).getByText(body)).toHaveCount(1);
      expect(await countInStore(alice, 'chat:bob', body)).toBe(1);
    }
    await waitConnected(alice);
    expect((await connectionOf(alice)).transport).toBe('jsonp');
  }

  await send(alice, 'and back over JSONP');
  await expect(chatWindow(bob, /^Alice/).getByText('and back over JSONP')).toHaveCount(1);
});

test('a dead ticket (/mock/reset) logs in again by itself and keeps the open tabs', async ({ openAs, mock }) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice');
  await openChatFromBuddies(alice, /^Carol/);
  await openChatFromBuddies(alice, /^Bob/);
  const before = (await mock.state()).users.alice!.subscribers[0]!.id;

  await mock.post('/mock/reset');
  await expect
    .poll(async () => (await mock.state()).users.alice?.subscribers.map((s) => s.id))
    .toEqual([expect.not.stringMatching(before)]);
  await waitConnected(alice);
  await waitConnected(bob);

  expect(await tabsOf(alice)).toEqual(['chat:carol', 'chat:bob']);
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await expect(bar(alice).getByRole('tab')).toHaveCount(2);

  await send(alice, 'after the reset');
  await expect(bar(bob).getByRole('log').getByText('after the reset')).toHaveCount(1);
  await sendVia(bob, 'alice', 'reply after the reset');
  await expect(chatWindow(alice, /^Bob/).getByText('reply after the reset')).toHaveCount(1);
  expect((await mock.state()).users.alice?.subscribers).toHaveLength(1);
});
