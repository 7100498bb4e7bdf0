import type { BrowserContext, Page } from '@playwright/test';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MockServer } from '../../src/mock-server/index';
import { logKey } from '../../src/mock-server/engine/site/history';
import { type Mock, type OpenOptions, waitConnected } from '../fixtures';
import { withClient } from '../support/sdk';

/** Where each finished scenario appends its row (read by the teardown that prints the table). */
export const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results', 'chaos.jsonl');

/** Mock server timings of the chaos runs: a short grace and hold, and a small queue so bursts overflow it. */
export const CHAOS_TIMINGS = { grace: 4_000, hold: 3_000, keepalive: 5_000, queueLimit: 50 };

/** Client timings: pings every second and a 2.5 s watchdog, so silent links are found within the run. */
export const chaosConfig = (transport: 'websocket' | 'jsonp') => ({
  transport,
  pingIntervalMs: 1_000,
  watchdogMs: 2_500,
  pollTimeoutMs: CHAOS_TIMINGS.hold + 2_000,
  reconnect: [200, 500, 1_000, 2_000],
});

/** One row of the printed table. */
export interface ChaosRow {
  scenario: string;
  transport: string;
  sent: number;
  accepted: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
  stuckPending: number;
  /** Sends the server refused (the sender shows them failed, with the reason). */
  failed: number;
  /** ms from the end of the fault (and of sending) until the receiver had everything accepted; -1: never. */
  recoveryMs: number;
}

/** What a fault gets to work with. */
export interface FaultContext {
  mock: Mock;
  server: MockServer;
  sender: Page;
  receiver: Page;
  /** The receiver's pages (several for the tabs scenario); `receiver` is the one whose store is measured. */
  receivers: Page[];
  receiverContext: BrowserContext;
  senderContext: BrowserContext;
  /** How many of this run's messages the server has stored so far. */
  accepted(): number;
}

export interface Scenario {
  name: string;
  transports: Array<'websocket' | 'jsonp'>;
  /** Messages sent (numbered); default {@link defaultCount}. */
  count?: number;
  /** Milliseconds between sends (default: spread over the fault's span, at least 10). */
  paceMs?: number;
  /** How long the fault lasts (ms): sending is spread over it so messages go out before, during and after. */
  spanMs?: number;
  /** Receiver tabs in one browser profile (default 1). */
  receiverTabs?: number;
  /** Injects the fault (called once sending is under way); resolves when the fault is over. */
  fault(ctx: FaultContext): Promise<void>;
  /** Part of `npm test` (the rest runs with `npm run chaos`). */
  short?: boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `npm run chaos` (WEBIM_CHAOS=full) sends 300 messages per scenario; the short subset in `npm test` sends 60. */
export const FULL = process.env.WEBIM_CHAOS === 'full';
export const defaultCount = FULL ? 300 : 60;

interface PageRecord {
  bodies: string[];
  events: string[];
}

/** Starts recording the `message` events of a page's client (bodies with the prefix, in arrival order). */
async function record(page: Page, prefix: string): Promise<void> {
  await withClient(
    page,
    (c, p) => {
      const w = window as unknown as { __chaosEvents: string[] };
      w.__chaosEvents = [];
      c.on('message', ({ message }) => void (message.body.startsWith(p) && w.__chaosEvents.push(message.body)));
    },
    prefix,
  );
}

/** The bodies with the prefix in a page's conversation (store order) and the events seen. */
async function readPage(
  page: Page,
  key: string,
  prefix: string,
): Promise<PageRecord & { pending: number; failed: string[] }> {
  return withClient(
    page,
    (c, a) => {
      const list = (c.store.conversations.value.get(a.key as never)?.value.messages ?? []).filter((m) =>
        m.body.startsWith(a.prefix),
      );
      return {
        bodies: list.map((m) => m.body),
        pending: list.filter((m) => m.status === 'pending').length,
        failed: list.filter((m) => m.status === 'failed').map((m) => m.error ?? '?'),
        events: [...((window as unknown as { __chaosEvents?: string[] }).__chaosEvents ?? [])],
      };
    },
    { key, prefix },
  );
}

/** Bodies the server stored from alice to bob with this prefix (the server's own database). */
function accepted(server: MockServer, prefix: string): string[] {
  return server.engine.site.data.history
    .page('bob', logKey('chat', 'alice', 'bob'), undefined, 1e6)
    .filter((m) => m.from === 'alice' && m.body.startsWith(prefix))
    .map((m) => m.body);
}

const numberOf = (body: string): number => Number(body.slice(body.lastIndexOf('#') + 1));

/**
 * Runs one scenario: alice sends numbered messages to bob while the fault happens; then waits (bounded) until bob
 * has every message the server accepted and alice has nothing pending, and measures.
 */
export async function runScenario(
  scenario: Scenario,
  transport: 'websocket' | 'jsonp',
  fixtures: {
    mock: Mock;
    server: MockServer;
    openAs(user: string, options?: OpenOptions): Promise<Page>;
  },
): Promise<ChaosRow> {
  const { mock, server, openAs } = fixtures;
  const config = chaosConfig(transport);
  const count = scenario.count ?? defaultCount;
  const prefix = `${scenario.name.replace(/\W+/g, '-')}.${transport}.${Date.now().toString(36)}#`;
  const receivers: Page[] = [await openAs('bob', { config })];
  const receiverContext = receivers[0].context();
  for (let i = 1; i < (scenario.receiverTabs ?? 1); i++)
    receivers.push(await openAs('bob', { config, context: receiverContext }));
  const sender = await openAs('alice', { config });
  for (const page of receivers) await record(page, prefix);
  const receiver = receivers.at(-1)!;

  const span = scenario.spanMs ?? 1_500;
  const pace = scenario.paceMs ?? Math.max(10, Math.round((span + 1_500) / count));
  const sending = sender.evaluate(
    async ({ count: n, prefix: p, pace: ms }) => {
      const w = window as unknown as {
        WebIM: { instance: { client: { sendMessage(o: { to: string; body: string }): unknown } } };
      };
      for (let i = 0; i < n; i++) {
        w.WebIM.instance.client.sendMessage({ to: 'bob', body: `${p}${i}` });
        await new Promise((r) => setTimeout(r, ms));
      }
    },
    { count, prefix, pace },
  );
  await sleep(Math.min(500, pace * 5));
  await scenario.fault({
    mock,
    server,
    sender,
    receiver,
    receivers,
    receiverContext,
    senderContext: sender.context(),
    accepted: () => accepted(server, prefix).length,
  });
  await sending;
  const faultOver = Date.now();
  // The tab measured is one still open (the tabs scenario closes the leader, whichever tab that is).
  const measured = receivers.filter((page) => !page.isClosed()).at(-1)!;

  // Recovery: bob has everything the server accepted, and alice nothing pending (bounded).
  let recoveryMs = -1;
  let last: { bob: PageRecord; alicePending: number; accepted: string[] } | undefined;
  // Sending is one POST at a time (order): a long run gets time in proportion.
  const deadline = faultOver + 45_000 + 60 * count;
  while (Date.now() < deadline) {
    const bob = await readPage(measured, 'chat:alice', prefix);
    const alice = await readPage(sender, 'chat:bob', prefix);
    const ok = accepted(server, prefix);
    last = { bob, alicePending: alice.pending, accepted: ok };
    // The store keeps the newest 500 per conversation while the reader follows them: what it announced counts too.
    const got = new Set([...bob.bodies, ...bob.events]);
    if (alice.pending === 0 && ok.length === count && ok.every((b) => got.has(b))) {
      recoveryMs = Date.now() - faultOver;
      break;
    }
    await sleep(200);
  }
  // A little longer: anything doubled or re-announced late shows up too.
  await sleep(1_000);
  const bob = await readPage(measured, 'chat:alice', prefix);
  const alice = await readPage(sender, 'chat:bob', prefix);
  const ok = accepted(server, prefix);
  void last;
  const unique = new Set([...bob.bodies, ...bob.events]);
  if (alice.failed.length) console.log(`${alice.failed.length} sends failed: ${[...new Set(alice.failed)].join('; ')}`);
  const numbers = bob.bodies.map(numberOf);
  const row: ChaosRow = {
    scenario: scenario.name,
    transport,
    sent: count,
    accepted: new Set(ok).size,
    received: unique.size,
    lost: ok.filter((b) => !unique.has(b)).length,
    duplicated:
      bob.bodies.length -
      new Set(bob.bodies).size +
      (bob.events.length - new Set(bob.events).size) +
      (ok.length - new Set(ok).size),
    outOfOrder: numbers.filter((n, i) => i > 0 && n < numbers[i - 1]).length,
    stuckPending: alice.pending,
    failed: alice.failed.length,
    recoveryMs,
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  appendFileSync(RESULTS_FILE, `${JSON.stringify(row)}\n`);
  console.log(formatTable([row]));
  for (const page of receivers) if (!page.isClosed()) await waitConnected(page).catch(() => undefined);
  return row;
}

const COLUMNS: Array<[keyof ChaosRow, string]> = [
  ['scenario', 'scenario'],
  ['transport', 'transport'],
  ['sent', 'sent'],
  ['accepted', 'accepted'],
  ['received', 'received'],
  ['lost', 'lost'],
  ['duplicated', 'duplicated'],
  ['outOfOrder', 'out of order'],
  ['stuckPending', 'stuck pending'],
  ['failed', 'failed'],
  ['recoveryMs', 'recovery'],
];

/** A Markdown table of rows (recovery in seconds). */
export function formatTable(rows: readonly ChaosRow[]): string {
  const cell = (row: ChaosRow, key: keyof ChaosRow) =>
    key === 'recoveryMs'
      ? row.recoveryMs < 0
        ? 'never'
        : `${(row.recoveryMs / 1000).toFixed(1)} s`
      : String(row[key]);
  const lines = [
    `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `|${COLUMNS.map(([key]) => (typeof rows[0]?.[key] === 'number' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map(([key]) => cell(row, key)).join(' | ')} |`),
  ];
  return lines.join('\n');
}
