// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"enableJavaScriptEvaluation":true,"suppressInsecureJavaScriptEnvironmentWarning":true}}
// (Script evaluation runs only this test's own JSONP answers; Happy DOM's "insecure environment" banner is about
// untrusted code, so it is turned off rather than printed on every run.)
// The JSONP transport in happy-dom against a real long-poll server in this process.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALLBACK_NAME_PATTERN, createJsonpTransport } from '../../src/transport/create';
import type { Transport, TransportEventMap } from '../../src/transport/types';
import { emptyPacket, names, record, wireMessage } from './fakes';
import { startJsonpTestServer } from './jsonp-server';
import type { JsonpTestServer } from './jsonp-server';

let server: JsonpTestServer;
let transport: Transport | undefined;
/** Callbacks left (defused) by earlier tests: the window outlives a test. */
let earlierGlobals: Set<string>;

beforeEach(async () => {
  server = await startJsonpTestServer();
  earlierGlobals = new Set(allWebimGlobals());
});

afterEach(async () => {
  transport?.close();
  transport = undefined;
  await server.close();
});

const connection = () => ({ domain: 'forum.example', ticket: 'tk/1+2', jsonpd: server.url });
const pollScripts = () => [...document.head.querySelectorAll('script')].filter((s) => s.src.startsWith(server.url));
const allWebimGlobals = () => Object.keys(window).filter((key) => key.startsWith('__webim_cb_'));
const webimGlobals = () => allWebimGlobals().filter((key) => !earlierGlobals.has(key));
/** Lets happy-dom finish loading and running every script it has started. */
const settle = () =>
  (window as unknown as { happyDOM: { waitUntilComplete(): Promise<void> } }).happyDOM.waitUntilComplete();

function until<E extends keyof TransportEventMap>(t: Transport, event: E, count = 1): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = t.on(event, () => {
      if (++seen === count) {
        off();
        resolve();
      }
    });
  });
}

describe('createJsonpTransport (happy-dom + http server)', () => {
  it('polls with domain, ticket, a valid callback and a cache buster, from an async script in <head>', async () => {
    transport = createJsonpTransport();
    const log = record(transport);
    transport.connect(connection());
    expect(transport.kind).toBe('jsonp');
    const [script] = pollScripts();
    expect(script.async).toBe(true);
    await server.waitForRequests(1);
    const { url, callback } = server.requests[0];
    expect(url.pathname).toBe('/v5/packets');
    expect(url.searchParams.get('domain')).toBe('forum.example');
    expect(url.searchParams.get('ticket')).toBe('tk/1+2');
    expect(callback).toMatch(CALLBACK_NAME_PATTERN);
    expect(callback).toMatch(/^__webim_cb_/);
    expect(url.searchParams.get('_')).toMatch(/^\d+$/);
    expect(typeof (window as unknown as Record<string, unknown>)[callback]).toBe('function');
    expect(log).toEqual([]); // open waits for the first answer
  });

  it('opens on the first answer, re-polls at once, and keeps exactly one poll outstanding', async () => {
    transport = createJsonpTransport();
    const log = record(transport);
    transport.connect(connection());
    for (const body of ['one', 'two', 'three']) {
      await server.waitForRequests(server.requests.length + 1);
      const delivered = until(transport, 'packet');
      server.push({ status: 'ok', messages: [wireMessage(body)] });
      await delivered;
    }
    await server.waitForRequests(4);
    server.push({ status: 'ok' }); // the hold expired: an empty packet
    await until(transport, 'packet');
    await server.waitForRequests(5);

    expect(names(log)).toEqual(['open', 'packet', 'packet', 'packet', 'packet']);
    expect(log.slice(1).map(([, p]) => (p as TransportEventMap['packet']).messages.map((m) => m.body))).toEqual([
      ['one'],
      ['two'],
      ['three'],
      [],
    ]);
    expect(log[0]).toEqual(['open', { kind: 'jsonp' }]);
    expect(server.maxOutstanding).toBe(1);
    const callbacks = server.requests.map((r) => r.callback);
    expect(new Set(callbacks).size).toBe(callbacks.length);
    for (const callback of callbacks) expect(callback).toMatch(CALLBACK_NAME_PATTERN);
    // Only the current poll has a script element and a global callback.
    expect(pollScripts()).toHaveLength(1);
    expect(webimGlobals()).toEqual([callbacks.at(-1)]);
  });

  it('keeps the query string of a jsonpd URL that already has one', async () => {
    transport = createJsonpTransport();
    transport.connect({ ...connection(), jsonpd: `${server.url}?site=7&lang=zh` });
    await server.waitForRequests(1);
    const { url } = server.requests[0];
    expect(url.searchParams.get('site')).toBe('7');
    expect(url.searchParams.get('lang')).toBe('zh');
    expect(url.searchParams.get('domain')).toBe('forum.example');
    expect(url.searchParams.get('callback')).toMatch(CALLBACK_NAME_PATTERN);
  });

  it('closes with stopped on a "stopped" packet and polls no more', async () => {
    transport = createJsonpTransport();
    const log = record(transport);
    transport.connect(connection());
    await server.waitForRequests(1);
    server.push({ status: 'ok' });
    await server.waitForRequests(2);
    const closed = until(transport, 'close');
    server.push({ status: 'stopped' });
    await closed;
    await settle();
    expect(log).toEqual([
      ['open', { kind: 'jsonp' }],
      ['packet', emptyPacket],
      ['packet', { ...emptyPacket, status: 'stopped' }],
      ['close', { reason: 'stopped', wasOpen: true }],
    ]);
    expect(server.requests).toHaveLength(2);
    expect(pollScripts()).toHaveLength(0);
    expect(webimGlobals()).toEqual([]);
  });

  it('turns a server error into script_error and closes with network', async () => {
    transport = createJsonpTransport();
    const log = record(transport);
    transport.connect(connection());
    await server.waitForRequests(1);
    // Happy DOM's page console reports the failed script load (as a browser's does) straight to stderr: expected
    // here, so it is caught and checked instead of printed — a passing run shows no stack trace.
    const pageConsole = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      server.failNext(502); // the re-poll after this answer fails
      server.push({ status: 'ok', messages: [wireMessage('before the error')] });
      await until(transport, 'close');
      expect(pageConsole.mock.calls.flat().join(' ')).toMatch(/Status 502 Bad Gateway/);
    } finally {
      pageConsole.mockRestore();
    }
    expect(log).toEqual([
      ['open', { kind: 'jsonp' }],
      ['packet', expect.objectContaining({ messages: [expect.objectContaining({ body: 'before the error' })] })],
      ['error', expect.objectContaining({ kind: 'jsonp', code: 'script_error' })],
      ['close', { reason: 'network', wasOpen: true }],
    ]);
    expect(pollScripts()).toHaveLength(0);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a poll the server does not answer, and ignores the late answer', async () => {
    transport = createJsonpTransport({ pollTimeoutMs: 150 });
    const log = record(transport);
    transport.connect(connection());
    await until(transport, 'close');
    expect(log).toEqual([
      ['error', expect.objectContaining({ kind: 'jsonp', code: 'poll_timeout' })],
      ['close', { reason: 'timeout', wasOpen: false }],
    ]);
    expect(pollScripts()).toHaveLength(0);
    // The timed-out callback is defused, not left pointing at the transport.
    const [stale] = webimGlobals();
    expect(stale).toBe(server.requests[0].callback);
    server.push({ status: 'ok', messages: [wireMessage('too late')] });
    await settle();
    expect(names(log)).toEqual(['error', 'close']);
    expect(server.requests).toHaveLength(1);
  });

  it('close() emits only close(client), removes the poll and defuses its callback', async () => {
    transport = createJsonpTransport();
    const log = record(transport);
    transport.connect(connection());
    await server.waitForRequests(1);
    transport.close();
    transport.close();
    expect(log).toEqual([['close', { reason: 'client', wasOpen: false }]]);
    expect(pollScripts()).toHaveLength(0);
    server.push({ status: 'ok', messages: [wireMessage('after close')] });
    await settle();
    expect(log).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
  });
});
