// A tiny long-poll server for the JSONP tests: holds each poll until the test pushes a packet (or queues the packet
// for the next poll), answers `callback(<packet>);`, and counts how many polls are outstanding at once.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PollRequest {
  url: URL;
  callback: string;
}

export interface JsonpTestServer {
  /** The long-poll URL to put in `connection.jsonpd`. */
  url: string;
  requests: PollRequest[];
  /** Highest number of polls held at the same time. */
  maxOutstanding: number;
  /** Answers the held poll, or queues the packet for the next one. */
  push(packet: unknown): void;
  /** The next poll gets this HTTP status instead of an answer. */
  failNext(status: number): void;
  /** Resolves once `n` polls have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startJsonpTestServer(): Promise<JsonpTestServer> {
  const held: { res: ServerResponse; callback: string }[] = [];
  const queued: unknown[] = [];
  const failures: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let outstanding = 0;

  const answer = (res: ServerResponse, callback: string, packet: unknown): void => {
    res.setHeader('content-type', 'application/javascript; charset=utf-8');
    res.end(`${callback}(${JSON.stringify(packet)});`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const callback = url.searchParams.get('callback') ?? '';
    state.requests.push({ url, callback });
    for (const waiter of waiters.filter((w) => state.requests.length >= w.n)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
    const status = failures.shift();
    if (status !== undefined) {
      res.statusCode = status;
      res.end('server error');
      return;
    }
    if (queued.length) {
      answer(res, callback, queued.shift());
      return;
    }
    outstanding++;
    state.maxOutstanding = Math.max(state.maxOutstanding, outstanding);
    const entry = { res, callback };
    held.push(entry);
    res.on('close', () => {
      const i = held.indexOf(entry);
      if (i >= 0) held.splice(i, 1);
      outstanding--;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');

  const state: JsonpTestServer = {
    url: `http://127.0.0.1:${address.port}/v5/packets`,
    requests: [],
    maxOutstanding: 0,
    push(packet) {
      const entry = held.shift();
      if (entry) answer(entry.res, entry.callback, packet);
      else queued.push(packet);
    },
    failNext(status) {
      failures.push(status);
    },
    waitForRequests(n) {
      if (state.requests.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close() {
      for (const entry of held.splice(0)) entry.res.end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}
