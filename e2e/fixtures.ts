import {
  test as base,
  expect,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
} from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { type BrokerChoice, defaultStaticDirs, startMockServer, type MockServer } from '../src/mock-server/index';

export { expect };

const root = fileURLToPath(new URL('..', import.meta.url));

/** `GET /mock/state` (a subscriber's `id` is an opaque stand-in for its ticket, which the controls never show). */
export interface MockState {
  users: Record<string, { show: string; subscribers: Array<{ id: string; transport: 'websocket' | 'jsonp' }> }>;
  /** Broker mode: MQTT clients at the embedded broker, and connections the site counts per user. */
  broker?: { clients?: number; connections: Record<string, number> };
}

/** The real mock backend (both origins, real sockets) with helpers for its test controls. */
export interface Mock extends MockServer {
  /** POSTs JSON to a site path (`/mock/broadcast`, …) and returns the parsed reply (or text). */
  post(path: string, body?: Record<string, unknown>): Promise<unknown>;
  state(): Promise<MockState>;
}

export interface OpenOptions {
  /** Page path on the site (default the demo forum's front page). */
  path?: string;
  /** Extra query parameters. */
  query?: Record<string, string>;
  /** `window.webimConfig` set before the page's scripts run (e.g. `{transport: 'jsonp'}`). */
  config?: Record<string, unknown>;
  /** Reuse a browser context (same cookies, IndexedDB, tabs) instead of a new one. */
  context?: BrowserContext;
  contextOptions?: BrowserContextOptions;
  /** Wait until the bar says it is connected (default true). */
  waitConnected?: boolean;
}

interface Fixtures {
  mock: Mock;
  /** Opens the site as `user` in a new browser context (one context = one browser profile). */
  openAs(user: string, options?: OpenOptions): Promise<Page>;
}

/** Timings short enough for tests, long enough for a page reload to fit in the grace period. */
export const MOCK_TIMINGS = { grace: 4000, hold: 8000, keepalive: 5000 };

/** The mock server's timings (ms), the `mockTimings` worker option. */
export interface MockTimings {
  grace: number;
  hold: number;
  keepalive: number;
}

export const test = base.extend<
  Fixtures,
  { server: MockServer; mockTimings: MockTimings; mockBroker: BrokerChoice | undefined }
>({
  // Per spec file: `test.use({ mockTimings: { ...MOCK_TIMINGS, grace: 8000 } })` (a worker of its own).
  mockTimings: [MOCK_TIMINGS, { scope: 'worker', option: true }],
  // Per spec file: `test.use({ mockBroker: 'embedded' })` runs that file in broker mode.
  mockBroker: [undefined, { scope: 'worker', option: true }],
  server: [
    async ({ mockTimings, mockBroker }, use) => {
      // WEBIM_DIST: the browser builds live in a private directory (see scripts/build.mjs).
      const dist = process.env.WEBIM_DIST;
      const staticDirs = dist ? { ...defaultStaticDirs(root), '/dist/': dist } : undefined;
      const server = await startMockServer({
        port: 0,
        imPort: 0,
        root,
        staticDirs,
        ...mockTimings,
        ...(mockBroker ? { broker: mockBroker } : {}),
        // The controls are off unless asked for; every request to them carries the secret (see `mock` below).
        controls: true,
        onError: () => undefined,
      });
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  mock: async ({ server }, use) => {
    const secret = { 'x-mock-secret': server.controlsSecret ?? '' };
    const post = async (path: string, body: Record<string, unknown> = {}) => {
      const res = await fetch(server.siteUrl + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...secret },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${text}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    };
    await post('/mock/reset');
    await use({
      ...server,
      post,
      state: async () => {
        const res = await fetch(`${server.siteUrl}/mock/state`, { headers: secret });
        if (!res.ok) throw new Error(`/mock/state: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as MockState;
      },
    });
  },
  openAs: async ({ browser, mock }, use) => {
    const created: BrowserContext[] = [];
    await use(async (user, options = {}) => {
      let context = options.context;
      if (!context) {
        context = await browser.newContext(options.contextOptions);
        created.push(context);
      }
      if (options.config)
        await context.addInitScript((config) => Object.assign(window, { webimConfig: config }), options.config);
      const page = await context.newPage();
      const query = new URLSearchParams({ user, ...options.query });
      await page.goto(`${mock.siteUrl}${options.path ?? '/demo/index.html'}?${query}`);
      if (options.waitConnected !== false) await waitConnected(page);
      return page;
    });
    for (const context of created) await context.close();
  },
});

/** The chat bar region (Playwright's role queries pierce its open shadow root). Its children are fixed-position, so
 * the region itself has no box: assert `toBeAttached()` on it and visibility on the controls inside. */
export function bar(page: Page): Locator {
  return page.getByRole('region', { name: 'Chat' });
}

/** Resolves once the page's SDK reports `connected`. */
export async function waitConnected(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    () =>
      (
        window as unknown as {
          WebIM?: { instance?: { client: { store: { connection: { value: { state: string } } } } } };
        }
      ).WebIM?.instance?.client.store.connection.value.state === 'connected',
    undefined,
    { timeout },
  );
}

/** The SDK's store state of a page, for assertions the UI can't express (e.g. transport kind). */
export function connectionOf(page: Page): Promise<{ state: string; transport?: string }> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          WebIM: { instance: { client: { store: { connection: { value: { state: string; transport?: string } } } } } };
        }
      ).WebIM.instance.client.store.connection.value,
  );
}
