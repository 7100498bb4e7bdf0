import { describe, expect, it } from 'vitest';
import * as transport from '../../src/transport';
import { createTransport, createTransportMemory } from '../../src/transport';
import { fakeEnv } from './fakes';

const connection = {
  domain: 'forum.example',
  ticket: 't',
  websocket: 'ws://im.example/ws',
  jsonpd: 'http://im.example/v5/packets',
};

describe('createTransport', () => {
  it.each([
    ['websocket', 'websocket', 1, 0],
    ['jsonp', 'jsonp', 0, 1],
    ['auto', 'websocket', 1, 0],
  ] as const)('%s → a %s transport', (preference, kind, socketCount, scriptCount) => {
    const { env, sockets, scripts } = fakeEnv();
    const t = createTransport(preference, { env, memory: createTransportMemory() });
    t.connect(connection);
    expect(t.kind).toBe(kind);
    expect(sockets).toHaveLength(socketCount);
    expect(scripts).toHaveLength(scriptCount);
    t.close();
  });

  it('passes options through (auto starts on JSONP with a memory of two failures)', () => {
    const { env, sockets, scripts } = fakeEnv();
    const t = createTransport('auto', { env, memory: { websocketOpenFailures: 2 } });
    t.connect(connection);
    expect(t.kind).toBe('jsonp');
    expect(sockets).toHaveLength(0);
    expect(scripts).toHaveLength(1);
    t.close();
  });
});

describe('src/transport index', () => {
  it('exports the public API', () => {
    for (const name of [
      'createTransport',
      'createWebSocketTransport',
      'createJsonpTransport',
      'createAutoTransport',
      'createTransportMemory',
      'createBackoff',
      'TransportError',
    ] as const) {
      expect(typeof transport[name], name).toBe('function');
    }
  });
});
