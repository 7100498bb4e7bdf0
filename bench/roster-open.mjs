// The "open" scenario of bench/roster: clicking Buddies until the rows are on screen.
import { naiveFullRender, toggleBuddies } from './lib/probes.mjs';
import { printProfile } from './lib/profile.mjs';
import { fmt, percentile, printTable, ratio } from './lib/stats.mjs';
import { traced, windows } from './lib/trace.mjs';

const NAIVE_ROWS = 10_000;

async function openAndClose(p, label) {
  const open = await p.page.evaluate(toggleBuddies, { want: 'open', settle: 2, label: `${label}-open` });
  await p.page.evaluate(toggleBuddies, { want: 'closed', settle: 1, label: `${label}-close` });
  return open;
}

const naiveRender = (p, label) =>
  p.page.evaluate(naiveFullRender, { count: NAIVE_ROWS, settle: 2, label: `${label}-open` });

/**
 * Opens (and closes) the list `runs` times for `big` and `alice`, and builds 10,000 plain rows `runs` times,
 * interleaved (a burst of load from a neighbour on this shared machine hits all three alike), all in one trace.
 * The first open of each page is reported apart (cold: JIT, first render of the pane).
 */
export async function openScenario({ browser, big, alice, naive, runs, bound, profile }) {
  const { result: probes, events } = await traced(browser, async () => {
    const r = {
      bigCold: [await openAndClose(big, 'big-cold')],
      aliceCold: [await openAndClose(alice, 'alice-cold')],
      big: [],
      alice: [],
      naive: [],
    };
    await naiveRender(naive, 'naive-warmup');
    for (let i = 0; i < runs; i++) {
      r.alice.push(await openAndClose(alice, 'alice'));
      await profile?.start();
      r.big.push(await openAndClose(big, 'big'));
      if (profile)
        printProfile(`profile: big opens and closes the list (run ${i + 1})`, await profile.stop(), { top: 8 });
      r.naive.push(await naiveRender(naive, 'naive'));
    }
    return r;
  });
  const samples = (label, list) => {
    const opens = windows(events, `${label}-open`);
    const closes = windows(events, `${label}-close`);
    if (opens.length !== list.length)
      throw new Error(`trace: ${opens.length} windows for ${list.length} runs of ${label}`);
    return opens.map((c, i) => ({ ...c, probe: list[i], close: closes[i] }));
  };
  const s = {
    alice: samples('alice', probes.alice),
    big: samples('big', probes.big),
    aliceCold: samples('alice-cold', probes.aliceCold),
    bigCold: samples('big-cold', probes.bigCold),
    naive: samples('naive', probes.naive),
  };
  const stat = (list, pick, p = 50) =>
    percentile(
      list.map(pick).filter((v) => v !== undefined),
      p,
    );
  const scriptCpu = (x) => x.cpu.script;
  const row = (label, list) => [
    label,
    String(list[0].probe.rows),
    fmt(stat(list, scriptCpu)),
    list.length > 1 ? fmt(stat(list, scriptCpu, 95)) : '',
    fmt(stat(list, (x) => x.wall.script)),
    fmt(stat(list, (x) => x.cpu.styleLayout)),
    fmt(stat(list, (x) => x.cpu.task)),
    fmt(stat(list, (x) => x.probe.wall)),
    list[0].close ? fmt(stat(list, (x) => x.close?.cpu.script)) : '–',
  ];
  printTable(
    `open the buddy list — ${runs} runs each, interleaved; medians (p95 where said); main-thread ms from a trace, CPU clock unless "wall"`,
    ['case', 'DOM rows', 'script', 'script p95', 'script wall', 'style+layout', 'busy', 'to rows wall', 'close script'],
    [
      row('alice, 2 buddies (baseline)', s.alice),
      row('big, 10,000 buddies', s.big),
      row('alice, first open', s.aliceCold),
      row('big, first open', s.bigCold),
      row('naive: 10,000 plain DOM rows', s.naive),
    ],
  );
  const bigScript = stat(s.big, scriptCpu);
  console.log(
    `ratios (script): big/alice ${ratio(bigScript, stat(s.alice, scriptCpu))}, big first/alice first ${ratio(stat(s.bigCold, scriptCpu), stat(s.aliceCold, scriptCpu))}, ` +
      `naive/big ${ratio(stat(s.naive, scriptCpu), bigScript, 1)}; (busy) naive/big ${ratio(
        stat(s.naive, (x) => x.cpu.task),
        stat(s.big, (x) => x.cpu.task),
        1,
      )}`,
  );
  const cold = stat(s.bigCold, scriptCpu);
  return {
    name: `open the 10,000-buddy list: scripting ≤ ${bound} ms (median of warm opens, and the first open)`,
    pass: bigScript <= bound && cold <= bound,
    detail: `median ${fmt(bigScript)} ms, p95 ${fmt(stat(s.big, scriptCpu, 95))} ms, first open ${fmt(cold)} ms`,
  };
}
