// The cluster workload, shared by `npm run bench:cluster` and the cluster smoke test: simulated browsers — the SDK's
// own headless client over its MQTT transport, one per user, no tabs, no persistence — log in to the site, each
// chats with a partner connected to another broker node, and every message is checked on arrival and at the end:
// delivery latency, lost, duplicated, out of order. Optionally one node is crashed half-way (`disrupt`).
//
// The SDK comes in as a parameter (`sdk.createClient`, `sdk.conversationKey`): the bench passes the built
// dist/headless.js, the smoke test the TypeScript sources; both run exactly the code a browser runs.
import { percentile } from '../lib/stats.mjs';

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A fetch that acts as `uid` on the mock site (it identifies users by the `webim_uid` cookie). */
function fetchAs(uid, rewriteOnline) {
  return async (input, init) => {
    const response = await fetch(input, {
      ...init,
      headers: { ...init?.headers, cookie: `webim_uid=${encodeURIComponent(uid)}` },
    });
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!rewriteOnline || !/\/webim\/online(\?|$)/.test(url) || !response.ok) return response;
    const reply = await response.json();
    return new Response(JSON.stringify(rewriteOnline(reply)), {
      status: response.status,
      headers: response.headers,
    });
  };
}

/** Rotates `connection.mqtt.urls` so that user `index` tries node `index % n` first (what a site would do). */
export function rotateBrokerUrls(index) {
  return (reply) => {
    const urls = reply?.connection?.mqtt?.urls;
    if (!Array.isArray(urls) || urls.length < 2) return reply;
    const shift = index % urls.length;
    const rotated = [...urls.slice(shift), ...urls.slice(0, shift)];
    return { ...reply, connection: { ...reply.connection, mqtt: { ...reply.connection.mqtt, urls: rotated } } };
  };
}

function waitUntil(client, predicate, timeoutMs, what) {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      const { state, reason, attempt } = client.store.connection.value;
      const last = `last state ${state}${reason ? ` (${reason})` : ''}${attempt ? `, attempt ${attempt}` : ''}`;
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${last}`));
    }, timeoutMs);
    const stop = client.on('action', () => {
      if (!predicate()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * Runs the workload. Options:
 * - `sdk`: `{createClient, conversationKey}`; `siteUrl`; `users`: user ids (an even spread over nodes is
 *   `users[i]` on node `i % nodeCount`, partner `users[i + 1]`);
 * - `spread`: rotate the broker URLs per user (default true; without it every client tries node 1 first);
 * - `messagesPerUser`, `intervalMs` (between one user's messages; each user starts at a random offset);
 * - `afterLogin`, `beforeChat`, `afterChat`: hooks for probes (memory once everyone is connected, CPU over the chat);
 * - `connectTimeoutMs`: longest wait for one client to connect (default 90 000);
 * - `loginConcurrency` (default 25), `settleMs` (longest wait for the last messages, default 30 000);
 * - `disrupt`: `{atMs, run(): Promise<void>, nodeIndex}` — called `atMs` after the first send; every client that
 *   loses its connection afterwards is timed until it is connected again (time to recover);
 * - `transport`: the one the clients must use (default `mqtt`; `websocket` runs the same workload on the
 *   in-memory message server); `clientOptions`: extra ClientOptions; `log(line)`.
 * `lostAtConnected` counts what was lost at receivers that never lost their own connection (a loss on the site's side).
 * Returns the figures; never throws for lost or duplicated messages (the caller judges), only for setup failures.
 */
export async function runChatWorkload(options) {
  const { sdk, siteUrl, users } = options;
  const log = options.log ?? (() => {});
  const spread = options.spread ?? true;
  const messagesPerUser = options.messagesPerUser ?? 10;
  const intervalMs = options.intervalMs ?? 1000;
  const loginConcurrency = options.loginConcurrency ?? 25;
  const settleMs = options.settleMs ?? 30_000;
  const transport = options.transport ?? 'mqtt';
  const run = `r${Date.now().toString(36)}`;
  const clients = [];
  const errors = [];
  const firstArrival = new Map(); // body → ms
  let wireDuplicates = 0;
  let lastArrival = 0;

  try {
    // Log in, a few at a time (a site sees logins trickle in; a storm of 1,500 at once measures something else).
    const loginStarted = Date.now();
    const loginTimes = [];
    for (let start = 0; start < users.length; start += loginConcurrency) {
      const batch = users.slice(start, start + loginConcurrency).map(async (uid, offset) => {
        const index = start + offset;
        const client = sdk.createClient({
          base: `${siteUrl}/webim/`,
          fetch: fetchAs(uid, spread ? rotateBrokerUrls(index) : undefined),
          credentials: 'omit',
          transport,
          persist: false,
          tabs: false,
          notificationsRefreshMs: 0,
          ...options.clientOptions,
        });
        const entry = { uid, index, client, reconnectedAt: undefined, disconnectedAt: undefined };
        clients[index] = entry;
        client.on('error', (error) => errors.push({ uid, error }));
        client.on('message', ({ message, incoming }) => {
          if (!incoming || typeof message.body !== 'string' || !message.body.startsWith(`${run}|`)) return;
          const now = Date.now();
          lastArrival = Math.max(lastArrival, now);
          if (firstArrival.has(message.body)) wireDuplicates++;
          else firstArrival.set(message.body, now);
        });
        client.on('connection', (status) => {
          if (status.state === 'connected') {
            if (entry.disconnectedAt !== undefined && entry.reconnectedAt === undefined)
              entry.reconnectedAt = Date.now();
          } else if (entry.connectedOnce && entry.disconnectedAt === undefined) {
            entry.disconnectedAt = Date.now();
          }
        });
        const began = Date.now();
        await client.online();
        await waitUntil(
          client,
          () => client.store.connection.value.state === 'connected',
          options.connectTimeoutMs ?? 90_000,
          `${uid} to connect over ${transport}`,
        );
        const used = client.store.connection.value.transport;
        if (used !== transport) throw new Error(`${uid} connected over ${used}, not ${transport}`);
        entry.connectedOnce = true;
        loginTimes.push(Date.now() - began);
      });
      // Every login of the batch settles before a failure is reported (none may be left rejecting unobserved).
      const outcomes = await Promise.allSettled(batch);
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    }
    const loginMs = Date.now() - loginStarted;
    log(`${users.length} users connected over ${transport} in ${(loginMs / 1000).toFixed(1)} s`);
    await options.afterLogin?.();

    await options.beforeChat?.();
    // Chat: user i writes to user i+1 (on the next node) every intervalMs, from a random offset.
    const sentAt = new Map(); // body → ms
    const sendStarted = Date.now();
    let disruption;
    if (options.disrupt) {
      disruption = sleep(options.disrupt.atMs).then(async () => {
        const killedAt = Date.now();
        await options.disrupt.run();
        log(`node ${options.disrupt.nodeIndex + 1} killed ${((killedAt - sendStarted) / 1000).toFixed(1)} s in`);
        return killedAt;
      });
    }
    await Promise.all(
      clients.map(async (entry) => {
        const partner = users[(entry.index + 1) % users.length];
        await sleep(Math.random() * intervalMs);
        for (let sequence = 0; sequence < messagesPerUser; sequence++) {
          const body = `${run}|${entry.uid}|${sequence}`;
          sentAt.set(body, Date.now());
          entry.client.sendMessage({ to: partner, body });
          await sleep(intervalMs);
        }
      }),
    );
    const sendEnded = Date.now();
    const killedAt = disruption ? await disruption : undefined;

    // What each recipient's conversation shows of its sender's messages of this run, as sequence numbers.
    const shownAt = (entry) => {
      const sender = users[(entry.index - 1 + users.length) % users.length];
      const conversation = entry.client.store.conversations.value.get(sdk.conversationKey('chat', sender));
      return (conversation?.value.messages ?? [])
        .filter((message) => message.from === sender && message.body.startsWith(`${run}|`))
        .map((message) => Number(message.body.split('|')[2]));
    };
    const uniqueShown = () => clients.reduce((sum, entry) => sum + new Set(shownAt(entry)).size, 0);

    // Settle: wait for every message (push, or catch-up after a reconnect), at most settleMs.
    const expected = users.length * messagesPerUser;
    const settleDeadline = Date.now() + settleMs;
    while (uniqueShown() < expected && Date.now() < settleDeadline) await sleep(250);
    // Catch-up may still merge copies; a short grace lets duplicates show if there are any.
    await sleep(1000);
    await options.afterChat?.();

    // Judge from what each recipient's conversation shows.
    let lost = 0;
    let lostAtConnected = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let failedSends = 0;
    for (const entry of clients) {
      const shown = shownAt(entry);
      const unique = new Set(shown);
      lost += messagesPerUser - unique.size;
      if (entry.disconnectedAt === undefined) lostAtConnected += messagesPerUser - unique.size;
      duplicated += shown.length - unique.size;
      for (let i = 1; i < shown.length; i++) if (shown[i] < shown[i - 1]) outOfOrder++;
      // Only own messages can fail; the SDK keeps a failed send in the conversation with a retry.
      const partnerKey = sdk.conversationKey('chat', users[(entry.index + 1) % users.length]);
      const own = entry.client.store.conversations.value.get(partnerKey)?.value.messages ?? [];
      failedSends += own.filter((message) => message.status === 'failed').length;
    }
    const latencies = [];
    for (const [body, arrived] of firstArrival) latencies.push(arrived - sentAt.get(body));
    // Recovery: every client that lost its connection during the run (measured, not assumed from the spread).
    const recoveries = [];
    let affected = 0;
    let notRecovered = 0;
    if (killedAt !== undefined) {
      for (const entry of clients) {
        if (entry.disconnectedAt === undefined) continue;
        affected++;
        if (entry.reconnectedAt !== undefined) recoveries.push(entry.reconnectedAt - killedAt);
        else notRecovered++;
      }
    }
    const deliveryWindowMs = Math.max(1, (lastArrival || sendEnded) - sendStarted);
    return {
      users: users.length,
      expected,
      delivered: firstArrival.size,
      loginMs,
      loginP50: percentile(loginTimes, 50),
      loginP95: percentile(loginTimes, 95),
      latencies,
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      messagesPerSecond: firstArrival.size / (deliveryWindowMs / 1000),
      lost,
      lostAtConnected,
      duplicated,
      wireDuplicates,
      outOfOrder,
      failedSends,
      affected,
      notRecovered,
      recoveryP50: percentile(recoveries, 50),
      recoveryP95: percentile(recoveries, 95),
      errors: errors.length,
      errorSamples: errors.slice(0, 5).map(({ uid, error }) => `${uid}: ${error?.message ?? String(error)}`),
    };
  } finally {
    // Log everyone out, a few at a time; a client that cannot (its node is gone) is destroyed anyway.
    for (let start = 0; start < clients.length; start += 50) {
      await Promise.all(
        clients.slice(start, start + 50).map(async (entry) => {
          if (!entry) return;
          await Promise.race([entry.client.offline().catch(() => {}), sleep(5000)]);
          entry.client.destroy();
        }),
      );
    }
  }
}
