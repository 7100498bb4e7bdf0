// Main-thread accounting from a Chrome trace, the way DevTools' Performance panel attributes time. The renderer's
// own counters (CDP Performance.getMetrics `ScriptDuration`) leave out microtasks — where Preact renders — so
// they cannot measure a component update; a trace can.

export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'];

/** Events that run JavaScript (or collect its garbage). Nested ones overlap; intervals are merged. */
const SCRIPT = new Set([
  'EventDispatch',
  'TimerFire',
  'FireAnimationFrame',
  'FunctionCall',
  'EvaluateScript',
  'RunMicrotasks',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'v8.run',
  'V8.Execute',
  'FireIdleCallback',
  'XHRReadyStateChange',
  'XHRLoad',
  'MinorGC',
  'MajorGC',
  'BlinkGC.AtomicPhase',
  'ParseScriptOnBackground',
]);
/** Style and layout (a forced layout inside a script is layout, not scripting, as in DevTools). */
const STYLE_LAYOUT = new Set(['UpdateLayoutTree', 'RecalcStyle', 'Layout', 'ScheduleStyleRecalculation']);
const TASK = new Set(['RunTask']);

/** Runs `fn` while the browser records a trace; returns `fn`'s result and the trace events. */
export async function traced(browser, fn) {
  await browser.startTracing(undefined, { categories: TRACE_CATEGORIES });
  let result;
  let failure = null;
  try {
    result = await fn();
  } catch (error) {
    failure = error;
  }
  const buffer = await browser.stopTracing();
  if (failure) throw failure;
  return { result, events: JSON.parse(buffer.toString('utf8')).traceEvents };
}

/** The two clocks of a trace: wall time, and the thread's CPU time (what it ran, not what it waited for a core). */
const WALL = { at: (e) => e.ts, dur: (e) => e.dur };
const CPU = { at: (e) => e.tts, dur: (e) => e.tdur };

/**
 * Main-thread time (ms) between `console.timeStamp(label + ':start')` and `console.timeStamp(label + ':end')`
 * on the renderer that logged them, on both clocks: `{wall, cpu}`, each `{script, styleLayout, task, window,
 * maxTask, tasksOver50}`; and `longTasks`, the tasks over 50 ms of wall time (`at`: ms after the start mark) with
 * the CPU time each really ran (on a loaded machine a task can take long only because the thread waited for a core).
 * Returns one result per start/end pair, in order.
 */
export function windows(events, label) {
  const isMark = (e, end) => e.name === 'TimeStamp' && e.args?.data?.message === `${label}:${end}`;
  const marks = events.filter((e) => isMark(e, 'start') || isMark(e, 'end')).sort((a, b) => a.ts - b.ts);
  const results = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const [a, b] = [marks[i], marks[i + 1]];
    if (!isMark(a, 'start') || !isMark(b, 'end')) continue;
    const thread = events.filter((e) => e.pid === a.pid && e.tid === a.tid && e.ph === 'X');
    const longTasks = thread
      .filter((e) => TASK.has(e.name) && e.ts >= a.ts && e.ts < b.ts && e.dur > 50_000)
      .map((e) => ({ at: (e.ts - a.ts) / 1000, wall: e.dur / 1000, cpu: (e.tdur ?? NaN) / 1000 }));
    results.push({ wall: account(thread, a, b, WALL), cpu: account(thread, a, b, CPU), longTasks });
    i++;
  }
  return results;
}

function account(thread, startMark, endMark, clock) {
  const from = clock.at(startMark);
  const to = clock.at(endMark);
  const clip = (names) =>
    merge(
      thread
        .filter(
          (e) =>
            names.has(e.name) &&
            clock.at(e) !== undefined &&
            clock.at(e) < to &&
            clock.at(e) + (clock.dur(e) ?? 0) > from,
        )
        .map((e) => [Math.max(from, clock.at(e)), Math.min(to, clock.at(e) + (clock.dur(e) ?? 0))]),
    );
  const script = clip(SCRIPT);
  const styleLayout = clip(STYLE_LAYOUT);
  const ms = (us) => us / 1000;
  const tasks = thread
    .filter((e) => TASK.has(e.name) && clock.at(e) >= from && clock.at(e) < to)
    .map((e) => ms(clock.dur(e) ?? 0));
  return {
    script: ms(length(script) - overlap(script, styleLayout)),
    styleLayout: ms(length(styleLayout)),
    task: ms(length(clip(TASK))),
    window: ms(to - from),
    /** The longest task that started in the window, and how many took over 50 ms. */
    maxTask: tasks.reduce((m, d) => Math.max(m, d), 0),
    tasksOver50: tasks.filter((d) => d > 50).length,
  };
}
/** Sorted, non-overlapping union of intervals. */
function merge(intervals) {
  intervals.sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [s, e] of intervals) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const length = (list) => list.reduce((sum, [s, e]) => sum + (e - s), 0);

/** Total length of the intersection of two merged interval lists. */
function overlap(a, b) {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) sum += e - s;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return sum;
}
