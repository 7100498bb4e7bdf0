// The "storm" scenario of bench/roster: presences pushed by the mock server while the list is open.
import { presencesSoFar, rosterState, toggleBuddies } from './lib/probes.mjs';
import { printProfile } from './lib/profile.mjs';
import { fmt, median, printTable, ratio } from './lib/stats.mjs';
import { traced, windows } from './lib/trace.mjs';

const IDLE_MS = 5000;
/** How long after the storm's end the page may take to apply what it was sent (within the window). */
const DRAIN_LIMIT_MS = 20_000;
/** How long to wait, outside any window, for a page that fell behind to catch up before the next recording. */
const CATCH_UP_LIMIT_MS = 180_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One recording window on `big`'s page: long tasks (PerformanceObserver), frames (rAF) and presences applied
 * (client `presence` events) from the page, main-thread time from a trace. With `storm`, asks the mock server for
 * it and keeps recording until the page has applied every presence (or the drain limit); without, records idle.
 */
async function record(browser, big, server, storm, profile) {
  const { result, events } = await traced(browser, async () => {
    await profile?.start();
    await big.page.evaluate(() => window.__bench.start());
    let expected = 0;
    if (storm) {
      const res = await fetch(`${server.siteUrl}/mock/storm`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mock-secret': server.controlsSecret },
        body: JSON.stringify({ user: 'big', ...storm }),
      });
      if (!res.ok) throw new Error(`/mock/storm: HTTP ${res.status}`);
      expected = (await res.json()).total;
    }
    await sleep(storm ? storm.seconds * 1000 : IDLE_MS);
    const deadline = Date.now() + DRAIN_LIMIT_MS;
    while (storm && Date.now() < deadline && (await big.page.evaluate(presencesSoFar)) < expected) await sleep(100);
    const r = await big.page.evaluate(() => window.__bench.stop());
    if (profile) printProfile(storm ? `profile: storm, batch ${storm.batch}` : 'profile: idle', await profile.stop());
    return { ...r, expected };
  });
  const [trace] = windows(events, 'storm');
  return { ...result, trace };
}

/**
 * Waits (outside any recording) until the page's store agrees with the server about who is online — a page that
 * fell behind in one storm must not carry its backlog into the next window — then a second more.
 */
async function quiesce(big, server) {
  const deadline = Date.now() + CATCH_UP_LIMIT_MS;
  while (Date.now() < deadline && (await big.page.evaluate(rosterState)).counted !== simulatedOnline(server))
    await sleep(250);
  await sleep(1000);
}

/** Frames missed between rAF callbacks, counting a gap of n frame periods as n − 1 dropped. */
function droppedFrames(frames, frameMs) {
  let dropped = 0;
  for (let i = 1; i < frames.length; i++) dropped += Math.max(0, Math.round((frames[i] - frames[i - 1]) / frameMs) - 1);
  return dropped;
}

/** Idle, then one storm per batch size, with the list open; prints the table and returns one verdict per storm. */
export async function stormScenario({ browser, big, server, batches, rate, seconds, bound, profile }) {
  await big.page.evaluate(toggleBuddies, { want: 'open', settle: 2, label: 'storm-open' });
  await quiesce(big, server);
  const idle = await record(browser, big, server, null, profile);
  const frameMs = median(idle.frames.slice(1).map((t, i) => t - idle.frames[i])) || 1000 / 60;
  const storms = [];
  for (const batch of batches) {
    await quiesce(big, server);
    const r = await record(browser, big, server, { rate, seconds, batch }, profile);
    const truth = simulatedOnline(server);
    const store = await big.page.evaluate(rosterState);
    const bar = await barOnlineCount(big.page);
    const consistent = store.online === truth && store.counted === truth && bar === truth;
    storms.push({
      label: `storm ${rate}/s for ${seconds} s, batch ${batch}`,
      r,
      consistent,
      check: `server ${truth}, store ${store.online}/${store.counted}, bar ${bar}`,
    });
  }
  const perSecond = (r, clock) => r.trace[clock].script / (r.ms / 1000);
  const maxLong = (r) => r.longtasks.reduce((m, e) => Math.max(m, e.duration), 0);
  // CPU time the page's long tasks really ran: the trace's task at the same moment (near 50 ms or more is work; far
  // less is waiting for a core). The page's and the trace's clocks meet at the start mark.
  const longCpu = (r) => {
    const cpu = r.longtasks
      .map((lt) => r.trace.longTasks.find((t) => Math.abs(t.at - lt.at) < 3)?.cpu)
      .filter((v) => v !== undefined);
    return cpu.length ? Math.max(...cpu) : NaN;
  };
  const row = (label, r, check) => [
    label,
    `${r.presences}/${r.expected}`,
    fmt(r.lastPresenceMs / 1000, 2),
    String(r.longtasks.length),
    fmt(maxLong(r)),
    r.longtasks.length ? fmt(longCpu(r)) : '–',
    fmt(r.trace.cpu.maxTask),
    fmt(perSecond(r, 'cpu')),
    ratio(perSecond(r, 'cpu'), perSecond(idle, 'cpu'), 1),
    fmt(perSecond(r, 'wall')),
    fmt(r.frames.length / (r.ms / 1000)),
    String(droppedFrames(r.frames, frameMs)),
    check,
  ];
  printTable(
    `presence storm with the list open — window = storm + drain; idle = same page, ${IDLE_MS / 1000} s, no storm`,
    [
      'case',
      'presences',
      'applied by s',
      'long tasks',
      'max long ms',
      'their cpu',
      'max task cpu',
      'script ms/s',
      'vs idle',
      'script wall ms/s',
      'fps',
      'dropped',
      'roster',
    ],
    [
      row('idle (baseline)', idle, ''),
      ...storms.map((x) => row(x.label, x.r, x.consistent ? 'ok' : `WRONG (${x.check})`)),
    ],
  );
  return storms.flatMap((x) => {
    const delivered = x.r.presences >= x.r.expected;
    const valid =
      (delivered ? '' : `; only ${x.r.presences}/${x.r.expected} presences applied`) +
      (x.consistent ? '' : `; roster wrong afterwards (${x.check})`);
    return [
      {
        name: `${x.label}: no long task over ${bound} ms (PerformanceObserver, wall clock)`,
        pass: delivered && x.consistent && maxLong(x.r) <= bound,
        detail: `${x.r.longtasks.length} long tasks, max ${fmt(maxLong(x.r))} ms${x.r.longtasks.length ? ` (which ran ${fmt(longCpu(x.r))} ms of CPU)` : ''}${valid}`,
      },
      {
        name: `${x.label}: no task with over ${bound} ms of main-thread CPU (trace)`,
        pass: delivered && x.consistent && x.r.trace.cpu.maxTask <= bound,
        detail: `longest task ${fmt(x.r.trace.cpu.maxTask)} ms of CPU${valid}`,
      },
    ];
  });
}

/** How many of big's generated buddies the mock server has online now (the storm's ground truth). */
function simulatedOnline(server) {
  let n = 0;
  for (const s of server.engine.im.simulated.values()) if (s.show) n++;
  return n;
}

/** The online count on the bar's Buddies button. */
function barOnlineCount(page) {
  return page.evaluate(() => {
    const host = [...document.querySelectorAll('body *')].find((el) =>
      el.shadowRoot?.querySelector('.webim-online-count'),
    );
    return Number(host?.shadowRoot.querySelector('.webim-online-count [aria-hidden]')?.textContent ?? NaN);
  });
}
