import type { Browser, BrowserContext } from '@playwright/test';
import { chatBothWays } from './chat-helpers';
import { connectionOf, expect, test } from './fixtures';

/** A browser context that records every WebSocket any of its pages opens, from the first request on. */
async function watchedContext(browser: Browser, sockets: string[]): Promise<BrowserContext> {
  const context = await browser.newContext();
  context.on('page', (page) => page.on('websocket', (ws) => sockets.push(ws.url())));
  return context;
}

test('alice and bob chat both ways over JSONP long-poll when it is forced', async ({ browser, openAs, mock }) => {
  const sockets: string[] = [];
  const contexts = [await watchedContext(browser, sockets), await watchedContext(browser, sockets)];
  try {
    const config = { transport: 'jsonp' };
    const alice = await openAs('alice', { config, context: contexts[0] });
    const bob = await openAs('bob', { config, context: contexts[1] });
    expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'jsonp' });
    expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'jsonp' });
    const state = await mock.state();
    expect(state.users.alice?.subscribers.map((s) => s.transport)).toEqual(['jsonp']);
    expect(state.users.bob?.subscribers.map((s) => s.transport)).toEqual(['jsonp']);

    await chatBothWays(alice, bob);

    // Neither page ever opened a WebSocket, and both still poll.
    expect(sockets).toEqual([]);
    const after = await mock.state();
    expect(after.users.alice?.subscribers.map((s) => s.transport)).toEqual(['jsonp']);
    expect(after.users.bob?.subscribers.map((s) => s.transport)).toEqual(['jsonp']);
  } finally {
    for (const context of contexts) await context.close();
  }
});
