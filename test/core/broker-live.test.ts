// The headless client in broker mode against the mock backend with its embedded aedes, on real sockets (Node's
// WebSocket speaks MQTT to it): `auto` picks MQTT, messages and presence flow, rooms are followed, a dead ticket
// is a silent login again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebIMClient } from '../../src/core/types';
import { startMockServer, type MockServer } from '../../src/mock-server';
import { conversationKey } from '../../src/protocol/keys';
import { fetchAs, messagesOf, mockServerClient, until } from './network-support';

let server: MockServer;
const clients: WebIMClient[] = [];

beforeAll(async () => {
  server = await startMockServer({ port: 0, imPort: 0, grace: 1_500, broker: 'embedded', onError: () => {} });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server?.close();
});

function client(uid: string): WebIMClient {
  const c = mockServerClient(server.siteUrl, uid, 'auto');
  clients.push(c);
  return c;
}
/** A new thread on a forum board, posted by `uid` from the site's page (the site publishes it to the channel). */
async function forumPost(uid: string, channel: string, title: string): Promise<void> {
  const res = await fetchAs(uid)(`${server.siteUrl}/forum/post`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-requested-with': 'XMLHttpRequest' },
    body: new URLSearchParams({ channel, title }).toString(),
  });
  expect(res.status).toBe(200);
}
const connected = (c: WebIMClient, what: string) =>
  until(c, () => c.store.connection.value.state === 'connected', 10_000, what);

describe('broker mode, headless client', () => {
  it('auto takes the broker; two users chat; each message shows once', async () => {
    const alice = client('alice');
    const bob = client('bob');
    const errors: unknown[] = [];
    alice.on('error', (e) => errors.push(e));
    await alice.online();
    await connected(alice, 'alice connected');
    expect(alice.store.connection.value.transport).toBe('mqtt');
    await bob.online();
    await connected(bob, 'bob connected');
    await until(alice, () => alice.store.buddies.value.get('bob')?.value.presence === 'online', 10_000, 'bob online');

    bob.sendMessage({ to: 'alice', body: 'over the broker' });
    const atAlice = conversationKey('chat', 'bob');
    await until(alice, () => messagesOf(alice, atAlice).some((m) => m.body === 'over the broker'), 10_000, 'message');
    alice.sendMessage({ to: 'bob', body: 'heard you' });
    const atBob = conversationKey('chat', 'alice');
    await until(bob, () => messagesOf(bob, atBob).some((m) => m.body === 'heard you'), 10_000, 'reply');
    // The broker echoes a sender's own message on its user topic: still one copy, settled as sent.
    await until(alice, () => messagesOf(alice, atAlice).length >= 2, 5_000, 'own message settled');
    expect(messagesOf(alice, atAlice).filter((m) => m.body === 'heard you')).toHaveLength(1);
    expect(messagesOf(bob, atBob).filter((m) => m.body === 'heard you')).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('follows a room joined after login, and stops hearing it after leaving', async () => {
    const erin = client('erin');
    const alice = client('alice');
    await erin.online();
    await alice.online();
    await connected(erin, 'erin connected');
    await connected(alice, 'alice connected');
    await erin.join('lobby');
    await until(erin, () => erin.store.rooms.value.has('lobby'), 5_000, 'erin in lobby');
    // The SUBSCRIBE follows the store; give the broker a moment to take it.
    const key = conversationKey('grpchat', 'lobby');
    for (let i = 0; i < 20 && !messagesOf(erin, key).some((m) => m.body.startsWith('welcome')); i++) {
      alice.sendMessage({ to: 'lobby', body: `welcome ${i}`, type: 'grpchat' });
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(messagesOf(erin, key).some((m) => m.body.startsWith('welcome'))).toBe(true);
    await erin.leave('lobby');
    alice.sendMessage({ to: 'lobby', body: 'after erin left', type: 'grpchat' });
    alice.sendMessage({ to: 'erin', body: 'marker' });
    await until(erin, () => messagesOf(erin, conversationKey('chat', 'alice')).some((m) => m.body === 'marker'));
    expect(messagesOf(erin, key).some((m) => m.body === 'after erin left')).toBe(false);
  });

  it('follows a channel: its posts arrive live over the broker, and stop once unfollowed', async () => {
    const dave = client('dave');
    await dave.online();
    await connected(dave, 'dave connected');
    expect(dave.store.channels.value.has('board-market')).toBe(false);
    await dave.follow('board-market');
    expect(dave.store.channels.value.get('board-market')).toMatchObject({ nick: 'Market' });
    expect(dave.store.channels.value.get('board-market')?.pending).toBeUndefined();
    const heard = (title: string) => dave.store.channelPosts.value.some((p) => p.body.endsWith(title));
    // carol posts a thread on the board (the site publishes it to the channel's service topic); the SUBSCRIBE
    // follows the confirmed follow, so give the broker a moment to take it.
    for (let i = 0; i < 20 && !dave.store.channelPosts.value.length; i++) {
      await forumPost('carol', 'board-market', `bike for sale ${i}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(dave.store.channelPosts.value.map((p) => p.channel)).toContain('board-market');

    // Unfollowed: the site revokes the subscription, so a later post never arrives. A chat marker published after
    // it on dave's own topic proves the post had its chance.
    await dave.unfollow('board-market');
    await forumPost('carol', 'board-market', 'after dave left');
    const carol = client('carol');
    await carol.online();
    carol.sendMessage({ to: 'dave', body: 'marker' });
    await until(dave, () => messagesOf(dave, conversationKey('chat', 'carol')).some((m) => m.body === 'marker'));
    expect(heard('after dave left')).toBe(false);
  });

  it('a refused login at the broker (dead ticket) logs in again silently and reconnects', async () => {
    const carol = client('carol');
    await carol.online();
    await connected(carol, 'carol connected');
    const first = carol.store.connection.value;
    const logins: unknown[] = [];
    carol.on('online', (e) => logins.push(e));
    // Every site session is forgotten and every broker connection dropped: the ticket the client holds is dead.
    server.engine.reset();
    await until(carol, () => logins.length > 0, 10_000, 'logged in again');
    await connected(carol, 'carol reconnected');
    expect(first.transport).toBe('mqtt');
    expect(carol.store.connection.value.transport).toBe('mqtt');
  });
});
