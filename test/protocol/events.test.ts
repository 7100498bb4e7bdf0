import { describe, expect, it } from 'vitest';
import { normalizePresence, normalizeStatus, type ProtocolError } from '../../src/protocol';

describe('normalizePresence', () => {
  it.each(['online', 'offline', 'show'])('accepts buddy type %s', (type) => {
    expect(normalizePresence({ type, from: 'bob' }, [], '')).toEqual({ type, from: 'bob' });
  });

  it.each(['grponline', 'grpoffline', 'join', 'leave'])('accepts room type %s with a room', (type) => {
    expect(normalizePresence({ type, from: 'bob', to: 7, nick: 'Bob' }, [], '')).toEqual({
      type,
      from: 'bob',
      to: '7',
      nick: 'Bob',
    });
  });

  it('requires the room for room types', () => {
    const errors: ProtocolError[] = [];
    expect(normalizePresence({ type: 'join', from: 'bob' }, errors, 'presences[0]')).toBeNull();
    expect(errors[0]).toMatchObject({ code: 'bad_presence', path: 'presences[0].to' });
  });

  it('normalises show and keeps status text', () => {
    expect(normalizePresence({ type: 'show', from: 1, show: 'busy', status: 'In a meeting' }, [], '')).toEqual({
      type: 'show',
      from: '1',
      show: 'dnd',
      status: 'In a meeting',
    });
  });

  it('drops unknown types and bad senders with errors', () => {
    const errors: ProtocolError[] = [];
    expect(normalizePresence({ type: 'typing', from: 'bob' }, errors, 'p[0]')).toBeNull();
    expect(normalizePresence({ type: 'online' }, errors, 'p[1]')).toBeNull();
    expect(normalizePresence(7, errors, 'p[2]')).toBeNull();
    expect(errors.map((e) => [e.code, e.path, e.value])).toEqual([
      ['bad_presence', 'p[0].type', 'typing'],
      ['bad_presence', 'p[1].from', undefined],
      ['bad_presence', 'p[2]', 7],
    ]);
  });
});

describe('normalizeStatus', () => {
  it('reads typing and clear', () => {
    expect(normalizeStatus({ from: 'bob', to: 'alice', nick: 'Bob', show: 'typing' }, [], '')).toEqual({
      from: 'bob',
      to: 'alice',
      nick: 'Bob',
      show: 'typing',
    });
    expect(normalizeStatus({ from: 'bob', to: 'alice', show: 'clear' }, [], '')).toEqual({
      from: 'bob',
      to: 'alice',
      show: 'clear',
    });
    expect(normalizeStatus({ from: 'bob', to: 'alice', show: '' }, [], '')?.show).toBe('clear');
  });

  it('turns v3 display text into typing with text', () => {
    expect(normalizeStatus({ from: 2, to: 1, show: 'Susan is typing…' }, [], '')).toEqual({
      from: '2',
      to: '1',
      show: 'typing',
      text: 'Susan is typing…',
    });
  });

  it('rejects statuses without sender, receiver or text show', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeStatus({ to: 'a', show: 'typing' }, errors, 's0')).toBeNull();
    expect(normalizeStatus({ from: 'b', show: 'typing' }, errors, 's1')).toBeNull();
    expect(normalizeStatus({ from: 'b', to: 'a', show: { text: 'x' } }, errors, 's2')).toBeNull();
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_status', 's0.from'],
      ['bad_status', 's1.to'],
      ['bad_status', 's2.show'],
    ]);
  });
});
