// The JSONP transport on a fake document whose script loads the test drives: exact timeouts with fake timers,
// the fate of stale callbacks and of answered polls' scripts, callback names. (Pausing and retiring the JSONP link
// for a handover to WebSocket is tested through the auto transport, in auto.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALLBACK_NAME_PATTERN,
  createJsonpTransport,
  OPEN_AFTER_MS,
  STALE_CALLBACK_MS,
} from '../../src/transport/create';
import type { TransportOptions } from '../../src/transport/types';
import { answerScript, emptyPacket, fakeDocument, names, record, wireMessage } from './fakes';

const connection = { domain: 'forum.example', ticket: 't-1', jsonpd: 'http://im.example/v5/packets' };

function setup(options: TransportOptions = {}) {
  const { document, head, scripts } = fakeDocument();
  const global: Record<string, unknown> = {};
  const env = { document, global, queueMicrotask: (fn: () => void) => fn(), ...options.env };
  const transport = createJsonpTransport({ ...options, env });
  const log = record(transport);
  transport.connect(connection);
  const current = () => {
    expect(head.children).toHaveLength(1);
    return head.children[0];
  };
  const answer = (data: unknown) => answerScript(global, current(), data);
  return { transport, log, global, head, scripts, current, answer };
}

describe('createJsonpTransport (fake document)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times a poll out after pollTimeoutMs (default 35 s) with poll_timeout and close(timeout)', () => {
    const { log, head, answer } = setup();
    answer({ status: 'ok' });
    vi.advanceTimersByTime(34_999);
    expect(names(log)).toEqual(['open', 'packet']);
    vi.advanceTimersByTime(1);
    expect(log.slice(2)).toEqual([
      ['error', expect.objectContaining({ kind: 'jsonp', code: 'poll_timeout' })],
      ['close', { reason: 'timeout', wasOpen: true }],
    ]);
    expect(head.children).toHaveLength(0);
  });

  it('opens when the first poll stays out without failing (a server holding an idle poll)', () => {
    const { log, answer } = setup();
    vi.advanceTimersByTime(OPEN_AFTER_MS - 1);
    expect(names(log)).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(names(log)).toEqual(['open']);
    answer({ status: 'ok' });
    expect(names(log)).toEqual(['open', 'packet']);
  });

  it('does not open when the first poll fails before that', () => {
    const { log, current } = setup();
    vi.advanceTimersByTime(OPEN_AFTER_MS - 100);
    current().onerror?.();
    vi.advanceTimersByTime(OPEN_AFTER_MS);
    expect(names(log)).toEqual(['error', 'close']);
    expect(log[1]).toEqual(['close', { reason: 'network', wasOpen: false }]);
  });

  it('the timer is per poll: each answer restarts it', () => {
    const { log, answer } = setup({ pollTimeoutMs: 1_000 });
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(999);
      answer({ status: 'ok' });
    }
    expect(names(log)).not.toContain('close');
  });

  it('defuses a timed-out callback, then deletes it after a while', () => {
    const { log, global, scripts } = setup({ pollTimeoutMs: 1_000 });
    const name = scripts[0].callback;
    const original = global[name];
    vi.advanceTimersByTime(1_000);
    expect(names(log)).toEqual(['error', 'close']);
    const defused = global[name];
    expect(typeof defused).toBe('function');
    expect(defused).not.toBe(original);
    vi.advanceTimersByTime(STALE_CALLBACK_MS - 1);
    expect(name in global).toBe(true);
    vi.advanceTimersByTime(1);
    expect(name in global).toBe(false);
  });

  it('hands the late answer of an abandoned poll to onLatePacket (the server took it off its queue), nothing else', () => {
    const late: unknown[] = [];
    const { log, global, scripts } = setup({ pollTimeoutMs: 1_000, onLatePacket: (packet) => late.push(packet) });
    const name = scripts[0].callback;
    vi.advanceTimersByTime(1_000);
    (global[name] as (data: unknown) => void)({ status: 'ok', messages: [wireMessage('late')] });
    expect(names(log)).toEqual(['error', 'close']);
    expect(late).toEqual([expect.objectContaining({ messages: [expect.objectContaining({ body: 'late' })] })]);
    expect(name in global).toBe(false);
  });

  it('deletes the callback and removes the script of every answered poll; their late events change nothing', () => {
    const { log, global, scripts, head, answer } = setup();
    answer({ status: 'ok' });
    answer({ status: 'ok' });
    expect(scripts).toHaveLength(3);
    expect(head.children).toEqual([scripts[2]]);
    expect(Object.keys(global)).toEqual([scripts[2].callback]);
    for (const script of scripts.slice(0, 2)) {
      expect(script.parent).toBeNull();
      // `load` follows the callback in a browser (answerScript fired it already); `error` can no longer matter.
      script.onload?.();
      script.onerror?.();
    }
    expect(names(log)).toEqual(['open', 'packet', 'packet']);
    expect(head.children).toEqual([scripts[2]]);
  });

  it('a script that loads without calling back is a script_error', () => {
    const { log, current } = setup();
    current().onload?.();
    expect(log).toEqual([
      ['error', expect.objectContaining({ code: 'script_error' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
  });

  it('a script onerror is a script_error and closes with network; the callback is defused', () => {
    const { log, current, global } = setup();
    const script = current();
    script.onerror?.();
    expect(log).toEqual([
      ['error', expect.objectContaining({ kind: 'jsonp', code: 'script_error' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
    (global[script.callback] as (d: unknown) => void)({ status: 'ok' });
    expect(log).toHaveLength(2);
  });

  it('reports ProtocolErrors of an answer and still delivers the valid rest', () => {
    const { log, answer } = setup();
    answer({ status: 'ok', messages: [{ nonsense: true }, wireMessage('ok')] });
    expect(names(log)[0]).toBe('open');
    expect(names(log)).toContain('error');
    expect(log.at(-1)).toMatchObject(['packet', { messages: [{ body: 'ok' }] }]);
  });

  it('delivers a non-object answer as an empty packet plus an error, and keeps polling', () => {
    const { log, answer, scripts } = setup();
    answer('not a packet');
    expect(log).toEqual([
      ['open', { kind: 'jsonp' }],
      ['error', expect.objectContaining({ name: 'ProtocolError' })],
      ['packet', emptyPacket],
    ]);
    expect(scripts).toHaveLength(2);
  });

  it('closes with stopped, never opened, when the first answer refuses the ticket', () => {
    const { log, answer, scripts } = setup();
    answer({ status: 'stopped' });
    expect(log).toEqual([['close', { reason: 'stopped', wasOpen: false }]]);
    expect(scripts).toHaveLength(1);
  });

  it('keeps exactly one poll out: each answer starts the next one, a stopped answer none', () => {
    const { log, answer, head, scripts } = setup();
    for (let i = 0; i < 3; i++) {
      expect(head.children).toHaveLength(1);
      answer({ status: 'ok', messages: [wireMessage(`m${i}`)] });
    }
    expect(scripts).toHaveLength(4);
    answer({ status: 'stopped' });
    expect(head.children).toHaveLength(0);
    expect(scripts).toHaveLength(4);
    expect(log.at(-1)).toEqual(['close', { reason: 'stopped', wasOpen: true }]);
  });

  it('close() from inside a packet listener starts no new poll', () => {
    const { transport, log, answer, head, scripts, global } = setup();
    transport.on('packet', () => transport.close());
    answer({ status: 'ok' });
    expect(names(log)).toEqual(['open', 'packet', 'close']);
    expect(scripts).toHaveLength(1);
    expect(head.children).toHaveLength(0);
    expect(Object.keys(global)).toEqual([]);
  });

  it('falls back to <html> when the document has no <head>', () => {
    const { document, head } = fakeDocument();
    Object.defineProperty(document, 'head', { value: null });
    createJsonpTransport({ env: { document, global: {} } }).connect(connection);
    expect(head.children).toHaveLength(1);
  });

  it.each([
    ['no JSONP URL', { ...connection, jsonpd: undefined }, true],
    ['no document', connection, false],
  ] as const)('fails asynchronously with open_failed when there is %s', async (_, conn, withDocument) => {
    const env = withDocument ? { document: fakeDocument().document, global: {} } : { document: undefined };
    const transport = createJsonpTransport({ env });
    const log = record(transport);
    transport.connect(conn);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual([
      ['error', expect.objectContaining({ kind: 'jsonp', code: 'open_failed' })],
      ['close', { reason: 'network', wasOpen: false }],
    ]);
  });

  it('uses the env clock for the cache buster', () => {
    const { document, scripts } = fakeDocument();
    createJsonpTransport({ env: { document, global: {}, now: () => 1234 } }).connect(connection);
    expect(new URL(scripts[0].src).searchParams.get('_')).toBe('1234');
    expect(scripts[0].async).toBe(true);
  });
});

describe('JSONP callback names', () => {
  it('are valid identifiers, unique across polls and transports', () => {
    const seen = new Set<string>();
    for (let t = 0; t < 10; t++) {
      const { transport, answer, current } = setup();
      for (let i = 0; i < 100; i++) {
        const name = current().callback;
        expect(name).toMatch(CALLBACK_NAME_PATTERN);
        expect(name).toMatch(/^__webim_cb_/);
        seen.add(name);
        answer({ status: 'ok' });
      }
      transport.close();
    }
    expect(seen.size).toBe(1_000);
  });

  it('the pattern refuses anything that is not a plain identifier', () => {
    for (const bad of ['', '1abc', 'a.b', 'alert(1)', 'a b', 'a-b', 'x;y']) {
      expect(bad).not.toMatch(CALLBACK_NAME_PATTERN);
    }
  });
});

describe('createJsonpTransport, next poll', () => {
  it("starts after the answer's own microtasks (the render it queued), so the text shows before the request starts", async () => {
    const { document, head } = fakeDocument();
    const global: Record<string, unknown> = {};
    // The host's queueMicrotask, as in a browser.
    const transport = createJsonpTransport({ env: { document, global } });
    const pollsOutWhenRendering: number[] = [];
    transport.on('packet', () => queueMicrotask(() => pollsOutWhenRendering.push(head.children.length)));
    transport.connect(connection);
    expect(head.children).toHaveLength(1);
    answerScript(global, head.children[0]!, { status: 'ok', messages: [wireMessage('m1')] });
    expect(head.children).toHaveLength(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(pollsOutWhenRendering).toEqual([0]);
    expect(head.children).toHaveLength(1);
    transport.close();
  });
});
