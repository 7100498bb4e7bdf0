// The URLs the transports build: the WebSocket URL from `connection.websocket`, the poll URL from `connection.jsonpd`.
import { describe, expect, it, vi } from 'vitest';
import { createJsonpTransport, createWebSocketTransport } from '../../src/transport/create';
import { fakeDocument, fakeWebSocketClass, record } from './fakes';

const connection = { domain: 'forum.example', ticket: 'a b&c' };

/** The URL a WebSocket transport opens for `websocket`, on a page at `pageUrl` (or none). */
function socketUrl(websocket: string, pageUrl?: string): string | undefined {
  const fake = fakeWebSocketClass();
  const document = pageUrl ? ({ location: { href: pageUrl } } as unknown as Document) : undefined;
  const transport = createWebSocketTransport({ env: { WebSocket: fake.WebSocket, document } });
  transport.connect({ ...connection, websocket });
  transport.close();
  return fake.sockets[0]?.url;
}

/** The `src` of the first poll for `jsonpd`. */
function pollSrc(jsonpd: string): string {
  const { document, scripts } = fakeDocument();
  const transport = createJsonpTransport({ env: { document, global: {}, now: () => 42 } });
  transport.connect({ ...connection, jsonpd });
  transport.close();
  return scripts[0].src;
}

describe('the WebSocket URL', () => {
  it.each([
    ['http://im.example:8000/v5/wsocket', 'ws://im.example:8000/v5/wsocket'],
    ['https://im.example/v5/wsocket?a=1', 'wss://im.example/v5/wsocket?a=1'],
    ['ws://im.example/ws', 'ws://im.example/ws'],
    ['wss://im.example/ws', 'wss://im.example/ws'],
    ['HTTP://IM.example/ws', 'ws://im.example/ws'],
  ])('%s → %s', (input, output) => {
    expect(socketUrl(input)).toBe(output);
  });

  it('resolves a relative URL against the page', () => {
    expect(socketUrl('/v5/wsocket', 'https://forum.example/thread/1')).toBe('wss://forum.example/v5/wsocket');
  });

  it.each(['ftp://im.example/ws', 'javascript:alert(1)', 'not a url', '/relative/without/a/page'])(
    'refuses %s: no socket, open_failed',
    async (websocket) => {
      vi.useFakeTimers();
      try {
        const fake = fakeWebSocketClass();
        const transport = createWebSocketTransport({ env: { WebSocket: fake.WebSocket, document: undefined } });
        const log = record(transport);
        transport.connect({ ...connection, websocket });
        await vi.advanceTimersByTimeAsync(0);
        expect(fake.sockets).toHaveLength(0);
        expect(log).toEqual([
          ['error', expect.objectContaining({ kind: 'websocket', code: 'open_failed' })],
          ['close', { reason: 'network', wasOpen: false }],
        ]);
      } finally {
        vi.useRealTimers();
      }
    },
  );
});

describe('the poll URL', () => {
  it.each([
    ['http://im.example/v5/packets', 'http://im.example/v5/packets?', ''],
    ['http://im.example/p?site=1', 'http://im.example/p?site=1&', ''],
    ['/plugin.php?id=webim#top', '/plugin.php?id=webim&', '#top'],
  ])('%s keeps its own query and fragment', (jsonpd, head, fragment) => {
    const src = pollSrc(jsonpd);
    expect(src.startsWith(head)).toBe(true);
    expect(src.endsWith(fragment)).toBe(true);
    const query = new URLSearchParams(src.slice(head.length, src.length - fragment.length));
    expect([...query.keys()]).toEqual(['domain', 'ticket', 'callback', '_']);
    expect(query.get('domain')).toBe('forum.example');
    expect(query.get('ticket')).toBe('a b&c'); // encoded, not split
    expect(query.get('_')).toBe('42');
  });

  it.each([
    ['http://im.example/p?', null],
    ['http://im.example/p?a=1&', '1'],
  ])('%s: the server still reads every parameter', (jsonpd, a) => {
    const url = new URL(pollSrc(jsonpd));
    expect(url.searchParams.get('a')).toBe(a);
    expect(url.searchParams.get('domain')).toBe('forum.example');
    expect(url.searchParams.get('ticket')).toBe('a b&c');
    expect(url.searchParams.get('callback')).toMatch(/^__webim_cb_/);
  });
});
