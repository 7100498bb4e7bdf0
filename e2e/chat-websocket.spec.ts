import { chatBothWays } from './chat-helpers';
import { connectionOf, expect, test } from './fixtures';

test('alice and bob chat both ways over WebSocket: once each, in order, with names; own messages go pending → sent', async ({
  openAs,
  mock,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'websocket' });
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'websocket' });
  const state = await mock.state();
  expect(state.users.alice?.subscribers.map((s) => s.transport)).toEqual(['websocket']);
  expect(state.users.bob?.subscribers.map((s) => s.transport)).toEqual(['websocket']);

  await chatBothWays(alice, bob);

  // Still on WebSocket afterwards: nothing fell back along the way.
  expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'websocket' });
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'websocket' });
});
