// The JSONP transport on a fake document whose script loads the test drives: exact timeouts with fake timers,
// the fate of stale callbacks, and the pause/resume/retire controls the auto transport relies on.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJsonpTransport, OPEN_AFTER_MS } from '../../src/transport/jsonp';
import { CALLBACK_NAME_PATTERN, nextCallbackName, STALE_CALLBACK_MS } from '../../src/transport/jsonp-callbacks';
import type { TransportOptions } from '../../src/transport/types';
import { answerScript, emptyPacket, fakeDocument, names, record, wireMessage } from './fakes';

const connection = { domain: 'forum.example', ticket: 't-1', jsonpd: 'http://im.example/v5/packets' };

function setup(options: TransportOptions = {}) {
  const { document, head, scripts } = fakeDocument();
  const global: Record<string, unknown> = {};
  const transport = createJsonpTransport({ ...options, env: { document, global, ...options.env } });
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
    (defused as (data: unknown) => void)({ status: 'ok', messages: [wireMessage('late')] });
    expect(names(log)).toEqual(['error', 'close']);
    vi.advanceTimersByTime(STALE_CALLBACK_MS - 1);
    expect(name in global).toBe(true);
    vi.advanceTimersByTime(1);
    expect(name in global).toBe(false);
  });

  it('deletes the callback and removes the script of every answered poll', () => {
    const { global, scripts, head, answer } = setup();
    answer({ status: 'ok' });
    answer({ status: 'ok' });
    expect(scripts).toHaveLength(3);
    expect(head.children).toEqual([scripts[2]]);
    expect(Object.keys(global)).toEqual([scripts[2].callback]);
    for (const script of scripts.slice(0, 2)) {
      expect(script.parent).toBeNull();
      expect(script.onload).toBeNull();
      expect(script.onerror).toBeNull();
    }
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

  it('pause() lets the outstanding poll deliver but starts no new one; resume() polls again', () => {
    const { transport, log, answer, head, scripts } = setup();
    transport.pause();
    answer({ status: 'ok', messages: [wireMessage('while paused')] });
    expect(log.at(-1)).toMatchObject(['packet', { messages: [{ body: 'while paused' }] }]);
    expect(head.children).toHaveLength(0);
    vi.advanceTimersByTime(100_000); // no poll, no poll timeout
    expect(names(log)).not.toContain('close');
    transport.resume();
    expect(scripts).toHaveLength(2);
    expect(head.children).toHaveLength(1);
  });

  it('retire() delivers the outstanding poll, then closes without polling again', () => {
    const { transport, log, answer, scripts } = setup();
    answer({ status: 'ok' });
    transport.retire();
    expect(names(log)).toEqual(['open', 'packet']);
    answer({ status: 'ok', messages: [wireMessage('last one')] });
    expect(log.slice(2)).toEqual([
      ['packet', expect.objectContaining({ messages: [expect.objectContaining({ body: 'last one' })] })],
      ['close', { reason: 'client', wasOpen: true }],
    ]);
    expect(scripts).toHaveLength(2);
  });

  it('retire() with no poll outstanding closes at once', () => {
    const { transport, log, answer } = setup();
    transport.pause();
    answer({ status: 'ok' });
    transport.retire();
    expect(log.at(-1)).toEqual(['close', { reason: 'client', wasOpen: true }]);
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
  it('are valid identifiers and unique', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const name = nextCallbackName();
      expect(name).toMatch(CALLBACK_NAME_PATTERN);
      seen.add(name);
    }
    expect(seen.size).toBe(1_000);
  });

  it('the pattern refuses anything that is not a plain identifier', () => {
    for (const bad of ['', '1abc', 'a.b', 'alert(1)', 'a b', 'a-b', 'x;y']) {
      expect(bad).not.toMatch(CALLBACK_NAME_PATTERN);
    }
  });
});
