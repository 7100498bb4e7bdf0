// Page functions for bench/delivery (serialised by Playwright): they must not refer to anything outside their body.

// Times are on a clock every page of the browser shares: performance.timeOrigin + performance.now() (each page's
// time origin is on the system clock).

/** Installed in the bar's sending page: remembers when Enter went down in the composer (capture, before the bar). */
export function installSendClock() {
  window.__sentAt = [];
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter' && !e.shiftKey) window.__sentAt.push(performance.timeOrigin + performance.now());
    },
    true,
  );
}

/** In a receiving page: resolves with the shared-clock time when a node with `marker` is added under `root`. */
export function waitForText({ marker, bar, timeout = 20_000 }) {
  const root = bar ? document.querySelector('webim-bar').shadowRoot : document.body;
  const now = () => performance.timeOrigin + performance.now();
  return new Promise((resolve) => {
    const observer = new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes)
          if (node.textContent?.includes(marker)) {
            observer.disconnect();
            return resolve(now());
          }
    });
    observer.observe(root, { childList: true, subtree: true });
    setTimeout(() => {
      observer.disconnect();
      resolve(NaN);
    }, timeout);
  });
}

/**
 * The bare floor, receiving side: logs in over fetch and subscribes with the bare transport (a WebSocket, or JSONP
 * long-polls), writing each message's body into the page as a text node. No SDK, no framework.
 */
export async function bareSubscribe({ transport }) {
  const headers = { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/x-www-form-urlencoded' };
  const reply = await (await fetch('/webim/online', { method: 'POST', headers, body: 'show=available' })).json();
  const { connection } = reply;
  const show = (packet) => {
    for (const m of packet.messages ?? []) {
      const line = document.createElement('div');
      line.textContent = m.body;
      document.body.append(line);
    }
  };
  if (transport === 'websocket') {
    const ws = new WebSocket(connection.websocket);
    await new Promise((resolve, reject) => {
      ws.onopen = () => ws.send(`subscribe ${connection.domain} ${connection.ticket}`);
      ws.onerror = reject;
      let acked = false;
      ws.onmessage = (e) => {
        if (!acked) {
          acked = true;
          return resolve();
        }
        show(JSON.parse(e.data));
      };
    });
    window.__bare = ws;
    return 'websocket';
  }
  let n = 0;
  const poll = () => {
    const name = `bareCallback${++n}`;
    const script = document.createElement('script');
    window[name] = (data) => {
      delete window[name];
      script.remove();
      show(data);
      poll();
    };
    script.onerror = () => setTimeout(poll, 500);
    script.src = `${connection.jsonpd}${connection.jsonpd.includes('?') ? '&' : '?'}${new URLSearchParams({ domain: connection.domain, ticket: connection.ticket, callback: name, _: String(Date.now()) })}`;
    document.head.append(script);
  };
  poll();
  return 'jsonp';
}

/** The bare floor, sending side: a login, then one fetch POST per message; returns the ticket. */
export async function bareLogin() {
  const headers = { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/x-www-form-urlencoded' };
  const reply = await (await fetch('/webim/online', { method: 'POST', headers, body: 'show=available' })).json();
  window.__ticket = reply.connection.ticket;
  return reply.user.id;
}

/** Sends `body` to `to` with a bare fetch POST; returns the shared-clock time just before it. */
export async function bareSend({ to, body }) {
  const at = performance.timeOrigin + performance.now();
  await fetch('/webim/message', {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ type: 'chat', to, body, ticket: window.__ticket, timestamp: String(Date.now()) }),
  });
  return at;
}
