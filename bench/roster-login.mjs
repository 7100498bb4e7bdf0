// The "log in" part of bench/roster: loading the forum page until the SDK is connected, traced.
import { openBenchPage, waitConnected } from './lib/browser.mjs';
import { fmt, printTable } from './lib/stats.mjs';
import { traced, windows } from './lib/trace.mjs';

/** After `connected`: the login's follow-up work (detail requests, the first snapshot write, first renders). */
const SETTLE_MS = 1500;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Opens the forum as `user` in a new bench page, tracing from the document's start (the recorder's
 * `login:start` mark) until `SETTLE_MS` after `connected`. Returns the page and its login numbers.
 */
export async function logIn(browser, server, user, pageOptions) {
  const p = await openBenchPage(browser, null, pageOptions);
  const { result: connectedMs, events } = await traced(browser, async () => {
    const started = Date.now();
    await p.page.goto(`${server.siteUrl}/demo/index.html?user=${user}`);
    await waitConnected(p.page, 120_000);
    const ms = Date.now() - started;
    await sleep(SETTLE_MS);
    await p.page.evaluate(() => console.timeStamp('login:end'));
    return ms;
  });
  const [trace] = windows(events, 'login');
  const longtasks = await p.page.evaluate(() => window.__bench.longtasks);
  return { page: p, login: { connectedMs, trace, longtasks } };
}

/** Prints the log-in table: `rows` is `[[label, login]]`. */
export function printLogins(rows) {
  printTable(
    `log in — page load until connected (wall), then main-thread time until ${SETTLE_MS / 1000} s later (CPU clock unless "wall")`,
    ['case', 'connected after s', 'script', 'busy', 'max task cpu', 'long tasks', 'longest wall ms'],
    rows.map(([label, l]) => [
      label,
      fmt(l.connectedMs / 1000, 2),
      fmt(l.trace?.cpu.script),
      fmt(l.trace?.cpu.task),
      fmt(l.trace?.cpu.maxTask),
      String(l.longtasks.length),
      fmt(l.longtasks.reduce((m, t) => Math.max(m, t.duration), 0)),
    ]),
  );
}
