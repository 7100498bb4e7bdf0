import { describe, expect, it } from 'vitest';
import { normalizeRoom, type ProtocolError } from '../../src/protocol';
import { v3Room } from './fixtures/v3';
import { v5Rooms } from './fixtures/v5';

describe('normalizeRoom', () => {
  it('reads the v3 example (pic_url, empty default picture dropped)', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeRoom(v3Room, errors, 'rooms[0]')).toEqual({
      id: '2',
      nick: 'Jack',
      avatar: 'http://www.uchome.com/uc/ucenter/avatar.php?uid=2&size=small&type=virtual',
      url: 'group.php?uid=2',
      allCount: 10,
      count: 5,
      blocked: false,
      temporary: false,
    });
    expect(errors).toEqual([]);
  });

  it('reads v5 rooms: numeric strings, blocked as text', () => {
    const [lobby, dev] = v5Rooms.map((r) => normalizeRoom(r, [], ''));
    expect(lobby).toEqual({
      id: 'lobby',
      nick: 'Lobby',
      avatar: '/rooms/lobby.png',
      allCount: 12,
      count: 3,
      blocked: true,
      temporary: false,
    });
    expect(dev).toMatchObject({ allCount: 4, count: 1, blocked: false });
    expect(normalizeRoom({ id: 'r', blocked: '1', temporary: 'true' }, [], '')).toMatchObject({
      blocked: true,
      temporary: true,
      nick: 'r',
    });
  });

  it('reports a bad count as 0 and keeps the room', () => {
    const errors: ProtocolError[] = [];
    expect(
      normalizeRoom({ id: 'r', name: 'R', all_count: 'lots', count: Number.NaN }, errors, 'rooms[1]'),
    ).toMatchObject({
      nick: 'R',
      allCount: 0,
      count: 0,
    });
    expect(errors.map((e) => e.path)).toEqual(['rooms[1].all_count', 'rooms[1].count']);
  });

  it('rejects rooms without id', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeRoom({ nick: 'x' }, errors, 'r')).toBeNull();
    expect(normalizeRoom([], errors, 'r')).toBeNull();
    expect(errors.map((e) => e.code)).toEqual(['bad_room', 'bad_room']);
  });
});
