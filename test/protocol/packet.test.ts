import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, ProtocolError, parsePacket } from '../../src/protocol';
import {
  cyclicPacket,
  mixedMessages,
  pollutingPacketText,
  revokedProxy,
  throwingGetters,
  trappedProxy,
} from './fixtures/hostile';
import { v3Packet } from './fixtures/v3';
import { v5Packet } from './fixtures/v5';

describe('parsePacket', () => {
  it('normalises a v5 packet', () => {
    const { packet, errors } = parsePacket(v5Packet);
    expect(errors).toEqual([]);
    expect(packet.status).toBe('ok');
    expect(packet.messages.map((m) => [m.type, m.from, m.to, m.body, m.status])).toEqual([
      ['chat', 'bob', 'alice', 'Hi Alice', 'sent'],
      ['grpchat', 'carol', 'lobby', 'hello all', 'sent'],
    ]);
    expect(packet.messages[0].clientId).toBe('k3j4-0001');
    expect(packet.messages[0].id).toBe('c:k3j4-0001');
    expect(packet.presences.map((p) => p.type)).toEqual(['online', 'offline', 'grponline', 'join']);
    expect(packet.presences[2]).toEqual({ type: 'grponline', from: 'dave', nick: 'Dave', to: 'lobby' });
    expect(packet.statuses).toEqual([{ from: 'bob', to: 'alice', nick: 'Bob', show: 'typing' }]);
  });

  it('normalises a v3 packet: multicast, busy, typing display text', () => {
    const { packet, errors } = parsePacket(v3Packet);
    expect(errors).toEqual([]);
    expect(packet.messages[0]).toMatchObject({ type: 'grpchat', from: 'susan', to: '2', body: 'hi room' });
    expect(packet.presences[0]).toEqual({ type: 'show', from: '2', nick: 'Susan', show: 'dnd', status: 'Busy' });
    expect(packet.statuses[0]).toEqual({ from: '2', to: '1', nick: 'Susan', show: 'typing', text: 'Susan正在输入…' });
  });

  it('accepts JSON text (a WebSocket frame)', () => {
    const { packet, errors } = parsePacket(JSON.stringify(v5Packet));
    expect(errors).toEqual([]);
    expect(packet.messages).toHaveLength(2);
  });

  it('reports text that is not JSON and yields an empty ok packet', () => {
    const { packet, errors } = parsePacket('callback({"status":"ok"});');
    expect(packet).toEqual({ status: 'ok', messages: [], presences: [], statuses: [] });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ProtocolError);
    expect(errors[0].code).toBe('bad_json');
  });

  it('treats an empty keep-alive as an ok packet without errors', () => {
    expect(parsePacket('{"status":"ok"}')).toEqual({
      packet: { status: 'ok', messages: [], presences: [], statuses: [] },
      errors: [],
    });
  });

  it('reports stopped, and any other status as ok', () => {
    expect(parsePacket({ status: 'stopped' }).packet.status).toBe('stopped');
    expect(parsePacket({ status: ' STOPPED ' }).packet.status).toBe('stopped');
    expect(parsePacket({ status: 'error' }).packet.status).toBe('ok');
    expect(parsePacket({ status: 42 }).packet.status).toBe('ok');
    expect(parsePacket({}).packet.status).toBe('ok');
  });

  it('keeps the good parts of a mixed packet and reports each bad item with its path', () => {
    const { packet, errors } = parsePacket({
      status: 'ok',
      messages: mixedMessages,
      presences: [
        { type: 'online', from: 'bob' },
        { type: 'teleport', from: 'bob' },
        { type: 'join', from: 'bob' },
      ],
      statuses: [
        { from: 'bob', to: 'alice', show: 'clear' },
        { from: 'bob', to: 'alice', show: 3 },
      ],
    });
    expect(packet.messages.map((m) => m.body)).toEqual(['good one', '42']);
    expect(packet.messages[1]).toMatchObject({ type: 'chat', from: '7', to: '1', timestamp: 1700000000000 });
    expect(packet.presences).toEqual([{ type: 'online', from: 'bob' }]);
    expect(packet.statuses).toEqual([{ from: 'bob', to: 'alice', show: 'clear' }]);
    expect(errors.map((e) => e.path)).toEqual([
      'messages[1]',
      'messages[2]',
      'messages[3]',
      'messages[4].from',
      'messages[5].body',
      'messages[6].timestamp',
      'messages[7].timestamp',
      'messages[8].type',
      'messages[9].from',
      'presences[1].type',
      'presences[2].to',
      'statuses[1].show',
    ]);
    expect(errors.every((e) => e instanceof ProtocolError)).toBe(true);
    expect(errors[4]).toMatchObject({ code: 'bad_message', value: { html: '<b>x</b>' } });
    expect(errors[9].code).toBe('bad_presence');
    expect(errors[11].code).toBe('bad_status');
  });

  it('reports a part that is not an array and keeps the others', () => {
    const { packet, errors } = parsePacket({
      messages: { 0: 'x' },
      presences: 'none',
      statuses: [{ from: 'a', to: 'b', show: 'typing' }],
    });
    expect(packet.statuses).toHaveLength(1);
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_packet', 'messages'],
      ['bad_packet', 'presences'],
    ]);
  });

  it.each([
    ['null', null, 1],
    ['undefined', undefined, 1],
    ['a number', 42, 1],
    ['an array', [{ status: 'stopped' }], 1],
    ['a JSON array', '[1,2]', 1],
    ['a JSON null', 'null', 1],
    ['a revoked proxy', revokedProxy(), 1],
    // An object none of whose fields can be read is an object with no fields: an empty packet.
    ['a proxy whose traps throw', trappedProxy(), 0],
  ])('never throws on %s', (_, input, errorCount) => {
    const { packet, errors } = parsePacket(input);
    expect(packet).toEqual({ status: 'ok', messages: [], presences: [], statuses: [] });
    expect(errors).toHaveLength(errorCount);
  });

  it('reports non-objects as bad_packet', () => {
    expect(parsePacket(null).errors.map((e) => e.code)).toEqual(['bad_packet']);
    expect(parsePacket([{}]).errors.map((e) => e.code)).toEqual(['bad_packet']);
  });

  it('survives getters that throw', () => {
    const msg = throwingGetters({ type: 'chat', from: 'bob', to: 'alice', timestamp: 1700000000000 }, ['body']);
    const packet = throwingGetters({ status: 'ok', messages: [msg] }, ['presences', 'statuses']);
    const result = parsePacket(packet);
    expect(result.packet.messages).toEqual([]);
    expect(result.errors.map((e) => e.path)).toEqual(['messages[0].body']);
  });

  it('survives cyclic objects', () => {
    const { packet, errors } = parsePacket(cyclicPacket());
    expect(packet.messages.map((m) => m.body)).toEqual(['loop']);
    expect(errors.map((e) => e.path)).toEqual(['messages[1].from']);
  });

  it('does not let prototype keys pollute or answer for missing fields', () => {
    const { packet, errors } = parsePacket(pollutingPacketText);
    expect(packet.status).toBe('ok');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(packet.messages).toHaveLength(1);
    expect(packet.messages[0]).toMatchObject({ from: '__proto__', to: 'constructor', body: 'ids are data' });
    expect(packet.presences).toEqual([{ type: 'online', from: 'toString' }]);
    expect(errors.map((e) => e.path)).toEqual(['messages[0].body']);
  });

  it('cuts a 1 MB body, reports the cut and keeps the message', () => {
    const body = 'x'.repeat(1024 * 1024);
    const { packet, errors } = parsePacket({
      messages: [{ type: 'chat', from: 'bob', to: 'alice', body, timestamp: 1700000000000 }],
    });
    expect(packet.messages[0].body).toHaveLength(MAX_BODY_LENGTH);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'bad_message', path: 'messages[0].body', value: body.length });
  });

  it('drops items beyond the per-packet limit and refuses absurdly long text', () => {
    const messages = Array.from({ length: 6000 }, (_, i) => ({
      from: 'bob',
      to: 'alice',
      body: `m${i}`,
      timestamp: 1700000000000 + i,
    }));
    const { packet, errors } = parsePacket({ messages });
    expect(packet.messages).toHaveLength(5000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'bad_packet', path: 'messages', value: 6000 });

    const huge = `{"messages":[${'"x",'.repeat(2_200_000)}"x"]}`;
    const refused = parsePacket(huge);
    expect(refused.packet.messages).toEqual([]);
    expect(refused.errors[0].code).toBe('bad_json');
  });
});
