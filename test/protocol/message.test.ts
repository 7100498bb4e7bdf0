import { describe, expect, it } from 'vitest';
import { messageId, normalizeMessage, type ProtocolError } from '../../src/protocol';
import { v3LogItem } from './fixtures/v3';
import { v5ChatMessage } from './fixtures/v5';

describe('normalizeMessage', () => {
  it('reads the v3 log item example (unicast)', () => {
    const errors: ProtocolError[] = [];
    const m = normalizeMessage(v3LogItem, errors, 'm');
    expect(errors).toEqual([]);
    expect(m).toEqual({
      id: messageId({ type: 'chat', from: 'jack', to: 'alice', timestamp: 1246883572400, body: 'Hello.' }),
      type: 'chat',
      from: 'jack',
      to: 'alice',
      nick: 'Jack',
      body: 'Hello.',
      style: 'color:#bbb;',
      timestamp: 1246883572400,
      status: 'sent',
    });
    expect(m?.id.startsWith('s:')).toBe(true);
  });

  it('reads a v5 chat message with client_id', () => {
    expect(normalizeMessage(v5ChatMessage, [], 'm')).toEqual({
      id: 'c:k3j4-0001',
      clientId: 'k3j4-0001',
      type: 'chat',
      from: 'bob',
      to: 'alice',
      nick: 'Bob',
      body: 'Hi Alice',
      timestamp: 1700000000123,
      status: 'sent',
    });
  });

  it('converts ids and numeric bodies to strings, seconds to ms, and reads offline/to_nick', () => {
    expect(
      normalizeMessage(
        { type: 'multicast', from: 3, to: 9, body: 0, timestamp: '1700000000', offline: 'true', to_nick: 'Nine' },
        [],
        '',
      ),
    ).toMatchObject({
      type: 'grpchat',
      from: '3',
      to: '9',
      nick: '3',
      body: '0',
      timestamp: 1700000000000,
      offline: true,
      toNick: 'Nine',
    });
    expect(
      normalizeMessage({ from: 'a', to: 'b', body: 'x', timestamp: 1700000000000, offline: false }, [], ''),
    ).not.toHaveProperty('offline');
  });

  it('defaults a missing type to chat and lets broadcasts go without a receiver', () => {
    expect(normalizeMessage({ from: 'a', to: 'b', body: 'x', timestamp: 1 }, [], '')?.type).toBe('chat');
    expect(
      normalizeMessage({ type: 'broadcast', from: 'site', body: 'news', timestamp: 1700000000000 }, [], ''),
    ).toMatchObject({
      type: 'broadcast',
      to: '',
    });
  });

  it.each([
    ['object body', { body: { a: 1 } }, 'm.body'],
    ['array body', { body: ['x'] }, 'm.body'],
    ['boolean body', { body: true }, 'm.body'],
    ['missing body', { body: undefined }, 'm.body'],
    ['NaN body', { body: Number.NaN }, 'm.body'],
    ['missing timestamp', { timestamp: undefined }, 'm.timestamp'],
    ['text timestamp', { timestamp: 'yesterday' }, 'm.timestamp'],
    ['NaN timestamp', { timestamp: Number.NaN }, 'm.timestamp'],
    ['Infinity timestamp', { timestamp: Number.NEGATIVE_INFINITY }, 'm.timestamp'],
    ['object sender', { from: { id: 'a' } }, 'm.from'],
    ['missing receiver', { to: undefined }, 'm.to'],
    ['unknown type', { type: 'telepathy' }, 'm.type'],
  ])('rejects %s', (_, patch, path) => {
    const errors: ProtocolError[] = [];
    const base = { type: 'chat', from: 'a', to: 'b', body: 'x', timestamp: 1700000000000 };
    expect(normalizeMessage({ ...base, ...patch }, errors, 'm')).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'bad_message', path });
  });

  it('keeps markup as plain text and style as given (rendering decides)', () => {
    const m = normalizeMessage(
      { from: 'a', to: 'b', body: '<img src=x onerror=alert(1)>', style: 'position:fixed', timestamp: 1700000000000 },
      [],
      '',
    );
    expect(m?.body).toBe('<img src=x onerror=alert(1)>');
    expect(m?.style).toBe('position:fixed');
  });

  it('ignores an unusable client_id rather than dropping the message', () => {
    const m = normalizeMessage(
      { from: 'a', to: 'b', body: 'x', timestamp: 1700000000000, client_id: { x: 1 } },
      [],
      '',
    );
    expect(m?.clientId).toBeUndefined();
    expect(m?.id.startsWith('s:')).toBe(true);
  });

  it('gives copies of one message the same identity across generations', () => {
    const v3 = normalizeMessage({ type: 'unicast', from: 1, to: 2, body: 'same', timestamp: '1700000000' }, [], '');
    const v5 = normalizeMessage({ type: 'chat', from: '1', to: '2', body: 'same', timestamp: 1700000000000 }, [], '');
    expect(v3?.id).toBe(v5?.id);
  });
});
