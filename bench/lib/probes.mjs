// Functions that run inside the page (serialised by Playwright's page.evaluate / addInitScript): they must not
// refer to anything outside their own body.

/**
 * Installed before the page's scripts run (addInitScript): the `login:start` trace mark, a long-task log from page
 * start, and a recorder the bench starts and stops around a storm (frames seen by rAF, presences applied by the SDK).
 */
export function installRecorder() {
  const rec = { longtasks: [], recording: false, t0: 0, frames: [], presences: 0, lastPresenceAt: 0, hooked: false };
  window.__bench = rec;
  console.timeStamp('login:start');
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    rec.longtasksUnsupported = true;
  }
  const frame = (t) => {
    if (!rec.recording) return;
    rec.frames.push(t);
    requestAnimationFrame(frame);
  };
  rec.start = () => {
    const client = window.WebIM?.instance?.client;
    if (client && !rec.hooked) {
      rec.hooked = true;
      client.on('presence', () => {
        if (!rec.recording) return;
        rec.presences++;
        rec.lastPresenceAt = performance.now();
      });
    }
    console.timeStamp('storm:start');
    rec.t0 = performance.now();
    rec.frames = [];
    rec.presences = 0;
    rec.lastPresenceAt = 0;
    rec.recording = true;
    requestAnimationFrame(frame);
  };
  rec.stop = () => {
    rec.recording = false;
    console.timeStamp('storm:end');
    const t1 = performance.now();
    const longtasks = rec.longtasks.filter((e) => e.start >= rec.t0 && e.start < t1);
    // Long-task times relative to the start mark, like the trace's.
    return {
      ms: t1 - rec.t0,
      frames: rec.frames,
      longtasks: longtasks.map((e) => ({ at: e.start - rec.t0, duration: e.duration })),
      presences: rec.presences,
      lastPresenceMs: rec.lastPresenceAt ? rec.lastPresenceAt - rec.t0 : 0,
    };
  };
}

/** Presences applied so far in the current recording. */
export function presencesSoFar() {
  return window.__bench.presences;
}

/**
 * Clicks the bar's Buddies button from a timer task (as an input event would run: the click handler, then the
 * microtasks where Preact renders) and resolves after the frame in which the pane has reached `want` ('open':
 * rows rendered; 'closed': no tree), plus `settle` more frames (so follow-up renders, e.g. after the list measured
 * itself, count too). The measured window is marked with `console.timeStamp(label + ':start' / ':end')` for the
 * trace. Returns the wall time from the click and the number of roster rows in the DOM.
 */
export async function toggleBuddies({ want, settle, label }) {
  const host = [...document.querySelectorAll('body *')].find((el) =>
    el.shadowRoot?.querySelector('[data-focus-target="pane:buddies"]'),
  );
  if (!host) throw new Error('no webim bar on the page');
  const root = host.shadowRoot;
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const reached = () =>
    want === 'open' ? !!root.querySelector('[role=tree] [role=treeitem]') : !root.querySelector('[role=tree]');
  if (reached()) throw new Error(`the buddy list is already ${want}`);
  await nextFrame();
  const t0 = await new Promise((resolve) =>
    setTimeout(() => {
      console.timeStamp(`${label}:start`);
      const t = performance.now();
      root.querySelector('[data-focus-target="pane:buddies"]').click();
      resolve(t);
    }, 0),
  );
  let frames = 0;
  while (!reached()) {
    if (++frames > 300) throw new Error(`the buddy list did not become ${want}`);
    await nextFrame();
  }
  const wall = performance.now() - t0;
  for (let i = 0; i < settle; i++) await nextFrame();
  console.timeStamp(`${label}:end`);
  return { wall, rows: root.querySelectorAll('[role=treeitem]').length };
}

/** The roster as the bar shows it and as the store holds it (to check the storm left them consistent). */
export function rosterState() {
  const store = window.WebIM.instance.client.store;
  let online = 0;
  let total = 0;
  for (const g of store.buddyGroups.value) {
    if (g.visitors) continue;
    online += g.online;
    total += g.total;
  }
  let counted = 0;
  for (const s of store.buddies.value.values()) if (s.peek().presence === 'online') counted++;
  return { online, total, counted };
}

/**
 * The naive alternative to virtualisation: build and attach a plain DOM row (avatar, dot, name, status) for each
 * of `count` buddies at once (in a timer task), then wait `settle` frames; marked like `toggleBuddies`. Returns the wall time until the rows were attached and
 * painted.
 */
export async function naiveFullRender({ count, settle, label }) {
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 0));
  console.timeStamp(`${label}:start`);
  const t0 = performance.now();
  const list = document.createElement('div');
  list.setAttribute('role', 'tree');
  list.style.cssText = 'height:360px;overflow:auto;font:14px sans-serif';
  for (let i = 1; i <= count; i++) {
    const row = document.createElement('div');
    row.setAttribute('role', 'treeitem');
    row.className = 'row';
    row.style.cssText = 'display:flex;align-items:center;height:44px;gap:8px';
    const avatar = document.createElement('span');
    avatar.className = 'avatar';
    avatar.style.cssText =
      'width:32px;height:32px;border-radius:50%;background:#ccd;display:inline-grid;place-items:center';
    avatar.textContent = 'U';
    const dot = document.createElement('span');
    dot.className = 'dot';
    const text = document.createElement('span');
    const name = document.createElement('bdi');
    name.textContent = `User ${String(i).padStart(5, '0')}`;
    const status = document.createElement('span');
    status.textContent = i % 10 < 3 ? 'Available' : 'Offline';
    text.append(name, status);
    row.append(avatar, dot, text);
    list.append(row);
  }
  document.body.replaceChildren(list);
  await nextFrame();
  const wall = performance.now() - t0;
  for (let i = 0; i < settle; i++) await nextFrame();
  console.timeStamp(`${label}:end`);
  return { wall, rows: list.childElementCount };
}
