import { describe, expect, it } from 'vitest';
import { normalizeConnection, type ProtocolError } from '../../src/protocol';
import { v3Connection } from './fixtures/v3';
import { v5Connection } from './fixtures/v5';

describe('normalizeConnection', () => {
  it('reads v3: server is the long-poll URL', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeConnection(v3Connection, errors, 'connection')).toEqual({
      domain: 'www.uchome.com',
      ticket: '8633d182-b7fe-42a3-8466-0c4134cfebf2',
      jsonpd: 'http://www.webim20.cn:8000',
    });
    expect(errors).toEqual([]);
  });

  it('reads v5: jsonpd wins over server, websocket kept', () => {
    expect(normalizeConnection(v5Connection, [], '')).toEqual({
      domain: 'localhost',
      ticket: 'c6e4b1f0a9d84e0b8c5f2f3e0d1a2b3c',
      jsonpd: 'http://im.example.com:8000/v5/packets',
      websocket: 'ws://im.example.com:8000/v5/wsocket',
    });
  });

  it('prefers jsonpd, then jsonp, then server', () => {
    const c = { domain: 'd', ticket: 't' };
    expect(normalizeConnection({ ...c, jsonp: 'https://a/jsonp', server: 'https://a/server' }, [], '')?.jsonpd).toBe(
      'https://a/jsonp',
    );
    expect(normalizeConnection({ ...c, jsonpd: 'https://a/jsonpd', jsonp: 'https://a/jsonp' }, [], '')?.jsonpd).toBe(
      'https://a/jsonpd',
    );
  });

  it('converts http(s) WebSocket URLs to ws(s)', () => {
    const c = { domain: 'd', ticket: 't', jsonpd: '/packets' };
    expect(normalizeConnection({ ...c, websocket: 'https://im.example/v5/wsocket' }, [], '')?.websocket).toBe(
      'wss://im.example/v5/wsocket',
    );
    expect(normalizeConnection({ ...c, websocket: 'HTTP://im.example/ws' }, [], '')?.websocket).toBe(
      'ws://im.example/ws',
    );
    expect(normalizeConnection({ ...c, websocket: 'wss://im.example/ws' }, [], '')?.websocket).toBe(
      'wss://im.example/ws',
    );
  });

  it('reports unusable URLs and keeps the connection', () => {
    const errors: ProtocolError[] = [];
    const conn = normalizeConnection(
      { domain: 'd', ticket: 't', jsonpd: 'javascript:alert(1)', server: 'http://ok/packets', websocket: 'ftp://x' },
      errors,
      'connection',
    );
    expect(conn).toEqual({ domain: 'd', ticket: 't', jsonpd: 'http://ok/packets' });
    expect(errors.map((e) => e.path)).toEqual(['connection.jsonpd', 'connection.websocket']);
  });

  it('reports a missing domain or push URL but keeps the ticket', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeConnection({ ticket: 't' }, errors, 'connection')).toEqual({ domain: '', ticket: 't' });
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_connection', 'connection.domain'],
      ['bad_connection', 'connection'],
    ]);
  });

  it('is unusable without a ticket', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeConnection({ domain: 'd', server: 'http://x' }, errors, 'connection')).toBeNull();
    expect(normalizeConnection({ domain: 'd', ticket: ' ', server: 'http://x' }, errors, 'connection')).toBeNull();
    expect(normalizeConnection('ticket', errors, 'connection')).toBeNull();
    expect(errors.map((e) => e.path)).toEqual(['connection.ticket', 'connection.ticket', 'connection']);
  });
});
