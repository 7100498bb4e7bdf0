// bench/messages: long conversations and message floods in real Chromium against the real mock server.
//   open:   main-thread cost of opening a chat whose store holds a 10,000-message conversation (kept to its newest
//           500), vs a short conversation and a naive full render of 10,000 rows
//   scroll: reading it from the newest to the oldest message (paging history in), vs scrolling the naive rows
//   flood:  50 packets × 1,000 messages pushed at once into an open chat, vs the same page idle; heap after it
import { control, openBenchPage, waitConnected } from './lib/browser.mjs';
import {
  conversationState,
  installMessageRecorder,
  naiveMessageRender,
  scrollToOldest,
  toggleConversation,
} from './lib/message-probes.mjs';
import { fmt, percentile, printTable, ratio } from './lib/stats.mjs';
import { traced, windows } from './lib/trace.mjs';

/** Acceptance bounds (issue 15). */
export const MESSAGE_BOUNDS = { openScriptMs: 50, longTaskMs: 50 };
const LONG = 10_000;
const FLOOD = { packets: 50, batch: 1_000 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until `fn` in the page returns something truthy. */
async function until(page, fn, arg, ms = 120_000) {
  await page.waitForFunction(fn, arg, { timeout: ms, polling: 50 });
}

/** Heap in use after a full garbage collection (CDP), in MB. */
async function heapMb(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize / 2 ** 20;
}

/**
 * Runs the three scenarios (each baseline in the same browser process as what it is compared to), prints their
 * tables and returns the verdicts (`[{name, pass, detail}]`).
 */
export async function runMessageBench({ browser, server, cpuThrottle = 1, script, runs = 10 }) {
  const pageOptions = { cpuThrottle, initScript: installMessageRecorder, script };
  const alice = await openBenchPage(browser, `${server.siteUrl}/demo/index.html?user=alice`, pageOptions);
  await waitConnected(alice.page);
  const naive = await openBenchPage(browser, 'about:blank', { cpuThrottle, initScript: installMessageRecorder });
  const verdicts = [];
  try {
    // A 10,000-message conversation pushed while its window is closed: the store keeps the newest 500.
    const carol = 'chat:carol';
    await control(server, 'flood', { from: 'carol', to: 'alice', count: LONG, batch: 1_000 });
    await until(
      alice.page,
      ([key, last]) =>
        window.WebIM.instance.client.store.conversations.value.get(key)?.value.messages.at(-1)?.body === last,
      [carol, `flood ${LONG} of ${LONG}`],
    );
    const held = await alice.page.evaluate(conversationState, carol);

    verdicts.push(await openScenario({ browser, alice, naive, runs, held }));
    verdicts.push(await scrollScenario({ browser, alice, naive }));
    await naive.close();
    verdicts.push(await floodScenario({ browser, alice, server }));
  } finally {
    await alice.close();
  }
  return verdicts;
}

async function openScenario({ browser, alice, naive, runs, held }) {
  const { result, events } = await traced(browser, async () => {
    const r = { cold: [], long: [], short: [], naive: [] };
    // Tracing takes a moment to reach the renderer: the first (cold) window must not start before it does.
    await sleep(500);
    await alice.page.evaluate(toggleConversation, { key: null, label: 'none-open' });
    const open = (key, label) => alice.page.evaluate(toggleConversation, { key, label });
    const close = (label) => alice.page.evaluate(toggleConversation, { key: null, label });
    r.cold.push(await open('chat:carol', 'cold-open'));
    await close('cold-close');
    // The short one's first page of history, outside the measurement.
    await open('chat:bob', 'warm-short');
    await close('warm-short-close');
    await naive.page.evaluate(naiveMessageRender, { count: LONG, label: 'naive-warmup' });
    for (let i = 0; i < runs; i++) {
      r.short.push(await open('chat:bob', 'short-open'));
      await close('short-close');
      r.long.push(await open('chat:carol', 'long-open'));
      await close('long-close');
      r.naive.push(await naive.page.evaluate(naiveMessageRender, { count: LONG, label: 'naive-open' }));
    }
    return r;
  });
  const samples = (label, list) => windows(events, label).map((w, i) => ({ ...w, probe: list[i] }));
  const s = {
    cold: samples('cold-open', result.cold),
    long: samples('long-open', result.long),
    short: samples('short-open', result.short),
    naive: samples('naive-open', result.naive),
  };
  const stat = (list, pick, p = 50) => percentile(list.map(pick).filter(Number.isFinite), p);
  const script = (x) => x.cpu.script;
  const row = (label, list) => [
    label,
    String(list[0]?.probe?.rows ?? '–'),
    fmt(stat(list, script)),
    list.length > 1 ? fmt(stat(list, script, 95)) : '',
    fmt(stat(list, (x) => x.cpu.styleLayout)),
    fmt(stat(list, (x) => x.cpu.task)),
    fmt(stat(list, (x) => x.cpu.maxTask)),
    fmt(stat(list, (x) => x.probe?.wall)),
  ];
  printTable(
    `open a chat — ${runs} runs each, interleaved; medians (p95 where said); main-thread ms, CPU clock; the long conversation holds ${held.count} of ${LONG} messages in memory`,
    ['case', 'DOM rows', 'script', 'script p95', 'style+layout', 'busy', 'max task', 'to rows wall'],
    [
      row('bob, a short chat (baseline)', s.short),
      row(`carol, ${LONG.toLocaleString('en')} messages`, s.long),
      row('carol, first open', s.cold),
      row(`naive: ${LONG.toLocaleString('en')} plain DOM rows`, s.naive),
    ],
  );
  const long = stat(s.long, script);
  const cold = stat(s.cold, script);
  console.log(
    `ratios (script): carol/bob ${ratio(long, stat(s.short, script))}, naive/carol ${ratio(stat(s.naive, script), long)}; (busy) naive/carol ${ratio(
      stat(s.naive, (x) => x.cpu.task),
      stat(s.long, (x) => x.cpu.task),
    )}`,
  );
  const bound = MESSAGE_BOUNDS.openScriptMs;
  return {
    name: `open a ${LONG.toLocaleString('en')}-message conversation: scripting ≤ ${bound} ms (median, and the first open)`,
    pass: long <= bound && cold <= bound,
    detail: `median ${fmt(long)} ms, p95 ${fmt(stat(s.long, script, 95))} ms, first open ${fmt(cold)} ms; ${held.count} messages in memory`,
  };
}

async function scrollScenario({ browser, alice, naive }) {
  await alice.page.evaluate(toggleConversation, { key: 'chat:carol', label: 'scroll-open' });
  const { result, events } = await traced(browser, async () => ({
    bar: await alice.page.evaluate(scrollToOldest, { naive: false, label: 'scroll-bar' }),
    naive: await naive.page.evaluate(scrollToOldest, { naive: true, label: 'scroll-naive' }),
  }));
  const [bar] = windows(events, 'scroll-bar');
  const [plain] = windows(events, 'scroll-naive');
  const held = await alice.page.evaluate(conversationState, 'chat:carol');
  const row = (label, r, w) => [
    label,
    String(r.steps),
    r.reachedStart ? 'yes' : 'NO',
    fmt(r.wall / 1000, 2),
    String(r.rows),
    String(r.longtasks),
    fmt(r.maxLongMs),
    fmt(w?.cpu.maxTask),
    String(w?.longTasks.filter((t) => t.cpu > MESSAGE_BOUNDS.longTaskMs).length ?? '–'),
    fmt(w ? (w.cpu.script / r.wall) * 1000 : NaN),
  ];
  printTable(
    'scroll from the newest message to the oldest — a viewport per frame, history paged in (100 a page) on the way',
    [
      'case',
      'steps',
      'reached start',
      'wall s',
      'DOM rows',
      'long tasks',
      'max long ms',
      'max task cpu',
      'tasks >50 cpu',
      'script ms/s',
    ],
    [
      row(`bar, ${LONG.toLocaleString('en')} messages`, result.bar, bar),
      row('naive rows (baseline)', result.naive, plain),
    ],
  );
  console.log(`in memory after reaching the start: ${held.count} messages`);
  await alice.page.evaluate(toggleConversation, { key: null, label: 'scroll-close' });
  const cpuOver = bar?.longTasks.filter((t) => t.cpu > MESSAGE_BOUNDS.longTaskMs).length ?? NaN;
  return {
    name: `scroll a ${LONG.toLocaleString('en')}-message conversation from the newest to the oldest: 0 long tasks`,
    pass: result.bar.reachedStart && result.bar.longtasks === 0,
    detail: `${result.bar.longtasks} long tasks by PerformanceObserver (max ${fmt(result.bar.maxLongMs)} ms wall; ${cpuOver} over 50 ms of CPU; longest task ${fmt(bar?.cpu.maxTask)} ms CPU), ${result.bar.steps} steps, start ${result.bar.reachedStart ? 'reached' : 'NOT reached'}`,
  };
}

async function floodScenario({ browser, alice, server }) {
  const key = 'chat:bob';
  await alice.page.evaluate(toggleConversation, { key, label: 'flood-open' });
  const heapBefore = await heapMb(alice.page);
  const total = FLOOD.packets * FLOOD.batch;
  const { result, events } = await traced(browser, async () => {
    const mark = (label) =>
      alice.page.evaluate((l) => {
        console.timeStamp(l);
        return performance.now();
      }, label);
    const t0 = await mark('idle:start');
    await sleep(3_000);
    await alice.page.evaluate(() => console.timeStamp('idle:end'));
    const from = await mark('flood:start');
    const started = Date.now();
    await control(server, 'flood', { from: 'bob', to: 'alice', count: total, batch: FLOOD.batch });
    await until(
      alice.page,
      ([key, last]) =>
        window.WebIM.instance.client.store.conversations.value.get(key)?.value.messages.at(-1)?.body === last,
      [key, `flood ${total} of ${total}`],
    ).catch(() => undefined);
    const appliedMs = Date.now() - started;
    await sleep(500);
    const idleLong = await alice.page.evaluate((t) => window.__bench.longtasks.filter((x) => x.start >= t).length, t0);
    const floodLong = await alice.page.evaluate(
      (t) => window.__bench.longtasks.filter((x) => x.start >= t).map((x) => x.duration),
      from,
    );
    await alice.page.evaluate(() => console.timeStamp('flood:end'));
    return { appliedMs, idleLong: idleLong - floodLong.length, floodLong };
  });
  const [idle] = windows(events, 'idle');
  const [flood] = windows(events, 'flood');
  const held = await alice.page.evaluate(conversationState, key);
  const domRows = await alice.page.evaluate(
    () => document.querySelector('webim-bar').shadowRoot.querySelectorAll('.webim-log-row').length,
  );
  const heapAfter = await heapMb(alice.page);
  const perSecond = (w, ms) => (w ? (w.cpu.script / ms) * 1000 : NaN);
  const floodMs = result.appliedMs + 500;
  printTable(
    `flood: ${FLOOD.packets} packets × ${FLOOD.batch.toLocaleString('en')} messages pushed at once into the open chat; idle = same page, 3 s`,
    [
      'case',
      'applied after s',
      'long tasks',
      'max long ms',
      'max task cpu',
      'script ms/s',
      'vs idle',
      'in memory',
      'DOM rows',
      'heap MB after GC',
    ],
    [
      [
        'idle (baseline)',
        '–',
        String(result.idleLong),
        '–',
        fmt(idle?.cpu.maxTask),
        fmt(perSecond(idle, 3_000)),
        '×1.0',
        '',
        '',
        fmt(heapBefore),
      ],
      [
        `flood ${total.toLocaleString('en')}`,
        fmt(result.appliedMs / 1000, 2),
        String(result.floodLong.length),
        fmt(Math.max(0, ...result.floodLong)),
        fmt(flood?.cpu.maxTask),
        fmt(perSecond(flood, floodMs)),
        ratio(perSecond(flood, floodMs), perSecond(idle, 3_000)),
        String(held.count),
        String(domRows),
        fmt(heapAfter),
      ],
    ],
  );
  const bound = MESSAGE_BOUNDS.longTaskMs;
  const applied = held.last === `flood ${total} of ${total}`;
  const overCpu = flood?.longTasks.filter((t) => t.cpu > bound).length ?? NaN;
  return {
    name: `flood ${FLOOD.packets} × ${FLOOD.batch.toLocaleString('en')} messages: no task over ${bound} ms, memory bounded`,
    pass: applied && (flood?.cpu.maxTask ?? Infinity) <= bound && result.floodLong.length === 0 && held.count <= 500,
    detail: `${result.floodLong.length} long tasks by PerformanceObserver (max ${fmt(Math.max(0, ...result.floodLong))} ms wall, ${overCpu} over ${bound} ms of CPU); longest task ${fmt(flood?.cpu.maxTask)} ms CPU; ${applied ? 'all applied' : 'NOT all applied'} in ${fmt(result.appliedMs / 1000, 2)} s; ${held.count} messages in memory, ${domRows} rows in the DOM; heap ${fmt(heapBefore)} → ${fmt(heapAfter)} MB`,
  };
}
