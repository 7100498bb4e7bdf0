import type { Page } from '@playwright/test';
import { chatBothWays } from './chat-helpers';
import { connectionOf, expect, test } from './fixtures';

/** Where alice's page is left with nothing but JSONP; bob is on WebSocket. */
async function expectAliceOnJsonp(
  alice: Page,
  bob: Page,
  state: () => Promise<{ users: Record<string, { subscribers: Array<{ transport: string }> }> }>,
) {
  expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'jsonp' });
  expect(await connectionOf(bob)).toMatchObject({ state: 'connected', transport: 'websocket' });
  const s = await state();
  expect(s.users.alice?.subscribers.map((x) => x.transport)).toEqual(['jsonp']);
  expect(s.users.bob?.subscribers.map((x) => x.transport)).toEqual(['websocket']);
}

test('a WebSocket the network closes before it answers: the client falls back to JSONP by itself and chat works', async ({
  browser,
  openAs,
  mock,
}) => {
  const context = await browser.newContext();
  try {
    const attempts: string[] = [];
    // A proxy that accepts the upgrade and hangs up at once, before the server could ack `subscribe`.
    await context.routeWebSocket(/\/wsocket/, (ws) => {
      attempts.push(ws.url());
      void ws.close();
    });
    const alice = await openAs('alice', { context });
    const bob = await openAs('bob');
    expect(attempts.length).toBeGreaterThanOrEqual(1);
    await expectAliceOnJsonp(alice, bob, () => mock.state());
    await chatBothWays(alice, bob);
    await expectAliceOnJsonp(alice, bob, () => mock.state());
  } finally {
    await context.close();
  }
});

test('a browser whose WebSocket can never connect: the client falls back to JSONP by itself and chat works', async ({
  browser,
  openAs,
  mock,
}) => {
  // Like a firewall that refuses the connection: every socket errors and closes with 1006, never opening.
  const blocked = () => {
    class RefusedWebSocket extends EventTarget {
      static readonly CONNECTING = 0;
      static readonly OPEN = 1;
      static readonly CLOSING = 2;
      static readonly CLOSED = 3;
      readyState = 0;
      url: string;
      protocol = '';
      extensions = '';
      bufferedAmount = 0;
      binaryType = 'blob';
      onopen: ((e: Event) => void) | null = null;
      onmessage: ((e: MessageEvent) => void) | null = null;
      onerror: ((e: Event) => void) | null = null;
      onclose: ((e: CloseEvent) => void) | null = null;
      constructor(url: string | URL) {
        super();
        this.url = String(url);
        (window as unknown as { refusedSockets: number }).refusedSockets =
          ((window as unknown as { refusedSockets?: number }).refusedSockets ?? 0) + 1;
        setTimeout(() => {
          this.readyState = 3;
          const error = new Event('error');
          this.onerror?.(error);
          this.dispatchEvent(error);
          const close = new CloseEvent('close', { code: 1006, wasClean: false });
          this.onclose?.(close);
          this.dispatchEvent(close);
        }, 20);
      }
      send(): void {
        throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
      }
      close(): void {
        this.readyState = 3;
      }
    }
    Object.defineProperty(window, 'WebSocket', { value: RefusedWebSocket, configurable: true, writable: true });
  };
  const context = await browser.newContext();
  try {
    await context.addInitScript(blocked);
    const alice = await openAs('alice', { context });
    const bob = await openAs('bob');
    expect(
      await alice.evaluate(() => (window as unknown as { refusedSockets?: number }).refusedSockets),
    ).toBeGreaterThanOrEqual(1);
    await expectAliceOnJsonp(alice, bob, () => mock.state());
    await chatBothWays(alice, bob);
    await expectAliceOnJsonp(alice, bob, () => mock.state());
  } finally {
    await context.close();
  }
});

test('once WebSocket gets through again, the JSONP fallback hands over to it without losing a message', async ({
  browser,
  openAs,
  mock,
}) => {
  const context = await browser.newContext();
  try {
    let blocked = true;
    await context.routeWebSocket(/\/wsocket/, (ws) => {
      if (blocked) void ws.close();
      else ws.connectToServer();
    });
    // Probe for WebSocket every second instead of every minute.
    const alice = await openAs('alice', { context, config: { probeIntervalMs: 1000 } });
    const bob = await openAs('bob');
    await expectAliceOnJsonp(alice, bob, () => mock.state());

    blocked = false;
    await expect.poll(async () => (await connectionOf(alice)).transport).toBe('websocket');
    await expect
      .poll(async () => (await mock.state()).users.alice?.subscribers.map((x) => x.transport))
      .toEqual(['websocket']);
    await chatBothWays(alice, bob);
    expect(await connectionOf(alice)).toMatchObject({ state: 'connected', transport: 'websocket' });
  } finally {
    await context.close();
  }
});
