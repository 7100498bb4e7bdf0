import { expect, type Locator, type Page, type Route, type WebSocketRoute } from '@playwright/test';
import type { WebIMClient } from '../../src/core/types';
import type { PresenceUpdate } from '../../src/protocol/types';
import type { Mock } from '../fixtures';
import { bar } from '../fixtures';

/**
 * Helpers shared by the multi-tab, restore, reconnect, phone, locale, a11y and script-tag specs: reading the page's
 * SDK, gating the network, and watching a buddy's presence events.
 */

/** Something the test runs inside the page against its headless client (serialised: no closures). */
export type ClientFn<A, R> = (client: WebIMClient, arg: A) => R;

/** Runs `fn(client, arg)` in the page, where `client` is the script-tag instance's client (or the SPA demo's). */
export function withClient<R, A = undefined>(page: Page, fn: ClientFn<A, R>, arg?: A): Promise<R> {
  return page.evaluate(
    ({ src, arg: a }) => {
      const w = window as unknown as { WebIM?: { instance?: { client: unknown } }; webimDemo?: { client: unknown } };
      const client = w.WebIM?.instance?.client ?? w.webimDemo?.client;
      if (!client) throw new Error('no webim client on this page');
      return (new Function('client', 'arg', `return (${src})(client, arg);`) as (c: unknown, x: unknown) => R)(
        client,
        a,
      );
    },
    { src: fn.toString(), arg },
  );
}

/** Waits until `fn(client, arg)` is truthy in the page (false while the client does not exist yet). */
export async function waitForClient<A = undefined>(
  page: Page,
  fn: ClientFn<A, unknown>,
  arg?: A,
  timeout = 10_000,
): Promise<void> {
  await page.waitForFunction(
    ({ src, arg: a }) => {
      const w = window as unknown as { WebIM?: { instance?: { client: unknown } }; webimDemo?: { client: unknown } };
      const client = w.WebIM?.instance?.client ?? w.webimDemo?.client;
      if (!client) return false;
      return (new Function('client', 'arg', `return (${src})(client, arg);`) as (c: unknown, x: unknown) => unknown)(
        client,
        a,
      );
    },
    { src: fn.toString(), arg },
    { timeout },
  );
}

/** The open tabs (conversation keys) of a page's store. */
export const tabsOf = (page: Page): Promise<string[]> => withClient(page, (c) => [...c.store.tabs.value]);

/** Whether this page's tab holds the browser's push connection. */
export const isLeader = (page: Page): Promise<boolean> => withClient(page, (c) => c.store.leader.value);

/** The chat window (a non-modal dialog named after the conversation). */
export function chatWindow(page: Page, name: string | RegExp): Locator {
  return bar(page).getByRole('dialog', { name });
}

/** Opens the buddy list and starts a chat with `name` (the pane closes unless it is sticky). */
export async function openChatFromBuddies(page: Page, name: RegExp): Promise<void> {
  const buddies = bar(page).getByRole('button', { name: /^Buddies/ });
  if ((await buddies.getAttribute('aria-expanded')) !== 'true') await buddies.click();
  await bar(page).getByRole('treeitem', { name }).click();
  await expect(chatWindow(page, name)).toBeVisible();
}

/** Types into the open window's composer and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const box = bar(page).getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** Sends through the page's SDK (no window needed): how a second user chats in the background. */
export async function sendVia(page: Page, to: string, body: string): Promise<void> {
  await withClient(page, (c, a) => void c.sendMessage({ to: a.to, body: a.body }), { to, body });
}

/** How many messages with exactly this body the page's store holds in a conversation. */
export function countInStore(page: Page, key: string, body: string): Promise<number> {
  return withClient(
    page,
    (c, a) =>
      (c.store.conversations.value.get(a.key as never)?.value.messages ?? []).filter((m) => m.body === a.body).length,
    { key, body },
  );
}

/** A gate: requests (HTTP routes or WebSockets) wait on it until `open()`. */
export class Gate {
  /** How many requests have waited here. */
  held = 0;
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  open(): void {
    this.release();
  }
}

/**
 * Holds the page's network to the chat servers until `g.open()`: community API calls (`api`: one path such as
 * `online`, all of `/webim/*` by default, or `false` for none), JSONP polls, and new WebSockets (they stay
 * connecting, then go through to the real server). Requests made after the gate opened pass straight through.
 */
export async function holdNetwork(page: Page, g: Gate, api: string | false = ''): Promise<void> {
  const wait = async (route: Route) => {
    g.held++;
    await g.opened;
    await route.fallback();
  };
  if (api !== false) await page.route(api ? new RegExp(`/webim/${api}(\\?|$)`) : /\/webim\//, wait);
  await page.route(/\/v5\/packets|\/packets\?/, wait);
  await page.routeWebSocket(/\/v5\/wsocket/, async (ws: WebSocketRoute) => {
    g.held++;
    await g.opened;
    ws.connectToServer();
  });
}

/** Collects the SDK's `presence` events in a page (`window.__presences`), for "buddies saw nothing" checks. */
export async function watchPresence(page: Page): Promise<void> {
  await withClient(page, (c) => {
    const w = window as unknown as { __presences?: unknown[] };
    w.__presences = [];
    c.on('presence', (p) => void w.__presences!.push(p));
  });
}

export function presencesSeen(page: Page, from: string): Promise<PresenceUpdate[]> {
  return page.evaluate(
    (who) =>
      ((window as unknown as { __presences?: PresenceUpdate[] }).__presences ?? []).filter((p) => p.from === who),
    from,
  );
}

/**
 * Proves a watcher saw no offline/online of `user`, without sleeping: waits until none of the user's tickets at
 * the message server is disconnected (so no grace period is running and no `offline` can still come), then sends
 * a broadcast marker through the same push channel and waits for the watcher to get it (anything pushed earlier
 * has arrived by then), then checks the watcher's presence log.
 */
export async function expectNoFlicker(mock: Mock, watcher: Page, user: string): Promise<void> {
  await expect
    .poll(
      () =>
        mock.engine.im.hub
          .all()
          .filter((t) => t.userId === user && !t.ended)
          .map((t) => t.conn.kind + (t.graceCancel ? '+grace' : '')),
      {
        message: `${user}'s tickets all connected`,
      },
    )
    .toEqual(expect.arrayContaining([expect.stringMatching(/^(ws|poll)$/)]));
  await expect
    .poll(
      () =>
        mock.engine.im.hub
          .all()
          .filter((t) => t.userId === user && !t.ended && (t.graceCancel || t.conn.kind === 'none')).length,
    )
    .toBe(0);
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
