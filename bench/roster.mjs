// bench/roster: the 10,000-buddy roster in real Chromium against the real mock server's `big` user.
//   log in: page load until connected, long tasks meanwhile (vs alice's 2 buddies)
//   open:   main-thread cost of opening the buddy list, vs a 2-buddy roster and a naive full render of 10,000 rows
//   storm:  long tasks, scripting and frames while the server flips 1,000 presences a second, vs the same page idle
import { openBenchPage } from './lib/browser.mjs';
import { installRecorder } from './lib/probes.mjs';
import { profiler } from './lib/profile.mjs';
import { logIn, printLogins } from './roster-login.mjs';
import { openScenario } from './roster-open.mjs';
import { stormScenario } from './roster-storm.mjs';

/** Acceptance bounds (issue "The toolbar UI"). */
export const BOUNDS = { openScriptMs: 30, longTaskMs: 50 };

/**
 * Runs both scenarios in one browser process (so every baseline shares the machine's state with what it is compared
 * to), prints their tables and returns the verdicts (`[{name, pass, detail}]`). `script`: a file every page loads
 * instead of the site's `/dist/webim.iife.js`. `profile`: CPU-profile `big`'s page and print where its JavaScript
 * time went (pass an unminified `script` for readable names; timings are then inflated by the profiler).
 */
export async function runRosterBench({
  browser,
  server,
  cpuThrottle = 1,
  openRuns = 15,
  batches = [1, 50],
  rate = 1000,
  seconds = 5,
  script,
  profile: profiled = false,
}) {
  const pageOptions = { cpuThrottle, initScript: installRecorder, script };
  const { page: big, login: bigLogin } = await logIn(browser, server, 'big', pageOptions);
  const { page: alice, login: aliceLogin } = await logIn(browser, server, 'alice', pageOptions);
  printLogins([
    ['alice, 2 buddies (baseline)', aliceLogin],
    ['big, 10,000 buddies', bigLogin],
  ]);
  const naive = await openBenchPage(browser, 'about:blank', { cpuThrottle });
  const profile = profiled ? await profiler(big) : null;
  const maxTask = bigLogin.trace?.cpu.maxTask ?? NaN;
  const verdicts = [
    {
      name: `log in as big (10,000 buddies): no task over ${BOUNDS.longTaskMs} ms of main-thread CPU (trace)`,
      pass: maxTask <= BOUNDS.longTaskMs,
      detail: `longest task ${maxTask.toFixed(1)} ms of CPU (alice: ${(aliceLogin.trace?.cpu.maxTask ?? NaN).toFixed(1)} ms); ${bigLogin.longtasks.length} long tasks by PerformanceObserver, wall clock, from page start`,
    },
  ];
  try {
    verdicts.push(
      await openScenario({ browser, big, alice, naive, runs: openRuns, bound: BOUNDS.openScriptMs, profile }),
    );
    await naive.close();
    await alice.close();
    verdicts.push(
      ...(await stormScenario({ browser, big, server, batches, rate, seconds, bound: BOUNDS.longTaskMs, profile })),
    );
  } finally {
    await big.close();
  }
  return verdicts;
}
