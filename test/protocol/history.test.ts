import { describe, expect, it } from 'vitest';
import { normalizeHistory, type ProtocolError } from '../../src/protocol';

const item = (body: string, timestamp: number | string, extra: Record<string, unknown> = {}) => ({
  type: 'unicast',
  from: 'bob',
  to: 'alice',
  nick: 'Bob',
  body,
  timestamp,
  ...extra,
});

describe('normalizeHistory', () => {
  it('sorts an array ascending, status sent', () => {
    const errors: ProtocolError[] = [];
    const list = normalizeHistory(
      [item('c', 3000000000000), item('a', 1000000000000), item('b', '2000000000')],
      errors,
      'h',
    );
    expect(list?.map((m) => m.body)).toEqual(['a', 'b', 'c']);
    expect(list?.every((m) => m.status === 'sent' && m.type === 'chat')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps server order for equal timestamps and drops repeated copies', () => {
    const list = normalizeHistory(
      [item('x', 1700000000000), item('y', 1700000000000), item('x', 1700000000000)],
      [],
      'h',
    );
    expect(list?.map((m) => m.body)).toEqual(['x', 'y']);
  });

  it('merges the v3 {id: [log]} form', () => {
    const list = normalizeHistory(
      { 5: [item('later', 1700000002000)], 6: [item('earlier', 1700000001000, { from: 'carol' })] },
      [],
      'h',
    );
    expect(list?.map((m) => m.body)).toEqual(['earlier', 'later']);
  });

  it('drops bad items with paths and keeps the rest', () => {
    const errors: ProtocolError[] = [];
    const list = normalizeHistory(
      { bob: [item('ok', 1700000000000), { body: 'no sender' }], carol: 'nope' },
      errors,
      'h',
    );
    expect(list?.map((m) => m.body)).toEqual(['ok']);
    expect(errors.map((e) => e.path)).toEqual(['h.bob[1].from', 'h.carol']);
  });

  it('rejects what is neither form', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeHistory('ok', errors, 'h')).toBeNull();
    expect(errors[0]).toMatchObject({ code: 'bad_reply', path: 'h' });
  });
});
