// Functions that run inside the page for bench/messages (serialised by Playwright's page.evaluate / addInitScript):
// they must not refer to anything outside their own body.

/** Installed before the page's scripts: a long-task log from page start and a smaller history page count. */
export function installMessageRecorder() {
  const rec = { longtasks: [] };
  window.__bench = rec;
  // Pages of 100 messages when scrolling back through a long conversation (30 by default).
  window.webimConfig = { ...(window.webimConfig ?? {}), historyPageSize: 100 };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    rec.longtasksUnsupported = true;
  }
}

/**
 * Opens (`key`) or collapses (`key` null) a chat window from a task, as a click would, between `<label>:start` and
 * `<label>:end` trace marks; ends `settle` frames after the log shows rows. Returns rows in the DOM and wall ms.
 */
export async function toggleConversation({ key, label, settle = 2 }) {
  const client = window.WebIM.instance.client;
  const root = document.querySelector('webim-bar').shadowRoot;
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const rows = () => root.querySelectorAll('[role="log"] .webim-log-row').length;
  // Shown: the log has the conversation's newest message (not another window's rows).
  const last = key && client.store.conversations.value.get(key)?.value.messages.at(-1)?.id;
  const shown = () => (last ? !!root.querySelector(`[role="log"] [data-row-key="m:${CSS.escape(last)}"]`) : rows() > 0);
  const t0 = performance.now();
  console.timeStamp(`${label}:start`);
  setTimeout(() => client.activate(key));
  const deadline = t0 + 20_000;
  while (performance.now() < deadline && (key ? !shown() : root.querySelector('[role="log"]'))) await frame();
  for (let i = 0; i < settle; i++) await frame();
  console.timeStamp(`${label}:end`);
  return { rows: rows(), wall: performance.now() - t0 };
}

/** A naive message list: `count` plain rows (nick, time, body) built at once, then removed. */
export async function naiveMessageRender({ count, label, settle = 2 }) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const t0 = performance.now();
  console.timeStamp(`${label}:start`);
  await new Promise((resolve) =>
    setTimeout(() => {
      const log = document.createElement('div');
      log.id = 'naive-log';
      log.style.cssText = 'height:400px;overflow:auto;width:320px;font:13px sans-serif';
      for (let i = 0; i < count; i++) {
        const row = document.createElement('div');
        const head = document.createElement('div');
        head.textContent = `Carol · ${new Date(Date.now() - (count - i) * 1000).toLocaleTimeString()}`;
        const body = document.createElement('div');
        body.textContent = `flood ${i + 1} of ${count} from Carol`;
        row.append(head, body);
        log.append(row);
      }
      document.body.replaceChildren(log);
      log.scrollTop = log.scrollHeight;
      resolve();
    }),
  );
  for (let i = 0; i < settle; i++) await frame();
  console.timeStamp(`${label}:end`);
  return { rows: count, wall: performance.now() - t0 };
}

/**
 * Scrolls a log (the bar's open chat, or the naive page's) from the newest to the oldest row the way a reader
 * holding Page Up would: one viewport per frame, waiting while history loads, until the start shows (bounded).
 */
export async function scrollToOldest({ naive, label, maxSteps = 5_000, maxMs = 240_000 }) {
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const root = naive ? document : document.querySelector('webim-bar').shadowRoot;
  const log = naive ? document.getElementById('naive-log') : root.querySelector('[role="log"]');
  const t0 = performance.now();
  const longtasksBefore = window.__bench?.longtasks.length ?? 0;
  console.timeStamp(`${label}:start`);
  let steps = 0;
  const atStart = () =>
    naive ? log.scrollTop === 0 : log.scrollTop === 0 && /Beginning of conversation/.test(log.textContent);
  while (steps < maxSteps && performance.now() - t0 < maxMs && !atStart()) {
    if (log.getAttribute('aria-busy') === 'true') {
      await frame();
      continue;
    }
    log.scrollTop -= log.clientHeight;
    steps++;
    await frame();
  }
  for (let i = 0; i < 2; i++) await frame();
  console.timeStamp(`${label}:end`);
  const longtasks = (window.__bench?.longtasks ?? []).slice(longtasksBefore);
  return {
    steps,
    reachedStart: atStart(),
    wall: performance.now() - t0,
    longtasks: longtasks.length,
    maxLongMs: longtasks.reduce((m, t) => Math.max(m, t.duration), 0),
    rows: log.querySelectorAll(naive ? '#naive-log > div' : '.webim-log-row').length,
  };
}

/** The newest message of a conversation in the page's store, and how many it holds in memory. */
export function conversationState(key) {
  const c = window.WebIM.instance.client.store.conversations.value.get(key)?.value;
  return { count: c?.messages.length ?? 0, last: c?.messages.at(-1)?.body ?? '' };
}

/** Long tasks logged since `from` (page time, ms): how many and the longest. */
export function longTasksSince(from) {
  const list = window.__bench.longtasks.filter((t) => t.start >= from);
  return { count: list.length, max: list.reduce((m, t) => Math.max(m, t.duration), 0) };
}
