import { describe, expect, it } from 'vitest';
import { normalizeBuddy, normalizeMember, normalizeUser, type ProtocolError } from '../../src/protocol';
import { v3Buddy, v3User } from './fixtures/v3';
import { v5Buddies, v5User } from './fixtures/v5';

describe('normalizeUser', () => {
  it('reads a v3 user (numeric id, pic_url)', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeUser(v3User, errors, 'user')).toEqual({
      id: '1',
      nick: 'Jack',
      avatar: 'http://t1.qlogo.cn/mbloghead/c39e95b85b1b6bcd6f84/50',
      defaultAvatar: 'http://mat1.gtimg.com/www/mb/images/head_50.jpg',
      url: 'space.php?uid=2',
      show: 'available',
      status: "I'm free.",
      statusTime: '10:55',
    });
    expect(errors).toEqual([]);
  });

  it('reads a v5 user (avatar)', () => {
    expect(normalizeUser(v5User, [], 'user')).toEqual({
      id: 'alice',
      nick: 'Alice',
      avatar: 'https://site.example/a.png',
      show: 'away',
      status: 'brb',
    });
  });

  it('falls back to name, then id, for the nick', () => {
    expect(normalizeUser({ id: 'u', name: 'Uma' }, [], '')?.nick).toBe('Uma');
    expect(normalizeUser({ id: 'u', nick: '  ' }, [], '')?.nick).toBe('u');
  });

  it('rejects a user without a usable id', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeUser({ nick: 'Nobody' }, errors, 'user')).toBeNull();
    expect(normalizeUser('alice', errors, 'user')).toBeNull();
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_user', 'user.id'],
      ['bad_user', 'user'],
    ]);
  });

  it('drops script URLs but keeps the user', () => {
    const user = normalizeUser({ id: 'u', avatar: 'javascript:alert(1)', url: 'javascript:alert(2)' }, [], '');
    expect(user).toEqual({ id: 'u', nick: 'u', show: 'available' });
  });
});

describe('normalizeBuddy', () => {
  it('reads the v3 example: busy/buzy → dnd, online, pic_url', () => {
    expect(normalizeBuddy(v3Buddy, [], 'buddies[0]')).toEqual({
      id: '2',
      nick: 'Susan',
      presence: 'online',
      show: 'dnd',
      status: "l'm buzy.",
      statusTime: '10:55',
      group: 'friend',
      avatar: 'http://t1.qlogo.cn/mbloghead/a061e4ecb5b1ecd6ccee/50',
      defaultAvatar: 'http://mat1.gtimg.com/www/mb/images/head_50.jpg',
      url: 'space.php?uid=2',
      incomplete: false,
      visitor: false,
    });
  });

  it('reads v5 buddies: avatar, default_avatar, incomplete, visitors', () => {
    const [bob, , dave, visitor] = v5Buddies.map((b, i) => normalizeBuddy(b, [], `buddies[${i}]`));
    expect(bob).toMatchObject({
      avatar: '/avatars/bob.png',
      defaultAvatar: '/avatars/default.png',
      group: 'friends',
      visitor: false,
    });
    expect(dave).toMatchObject({ id: 'dave', incomplete: true });
    expect(visitor).toMatchObject({ id: 'vid:7f3a', visitor: true });
  });

  it('takes v3 need_reload as incomplete', () => {
    expect(normalizeBuddy({ id: 5, need_reload: true }, [], '')?.incomplete).toBe(true);
    expect(normalizeBuddy({ id: 5, need_reload: '1' }, [], '')?.incomplete).toBe(true);
    expect(normalizeBuddy({ id: 5, need_reload: false }, [], '')?.incomplete).toBe(false);
  });

  it('derives presence from presence, else from show, else offline', () => {
    expect(normalizeBuddy({ id: 'a', presence: 'offline', show: 'away' }, [], '')).toMatchObject({
      presence: 'offline',
      show: 'unavailable',
    });
    expect(normalizeBuddy({ id: 'a', presence: 'online' }, [], '')).toMatchObject({
      presence: 'online',
      show: 'available',
    });
    expect(normalizeBuddy({ id: 'a', show: 'away' }, [], '')).toMatchObject({ presence: 'online', show: 'away' });
    expect(normalizeBuddy({ id: 'a', show: 'offline' }, [], '')).toMatchObject({
      presence: 'offline',
      show: 'unavailable',
    });
    expect(normalizeBuddy({ id: 'a', show: 'hidden' }, [], '')).toMatchObject({
      presence: 'offline',
      show: 'unavailable',
    });
    expect(normalizeBuddy({ id: 'a' }, [], '')).toMatchObject({ presence: 'offline', show: 'unavailable' });
    expect(normalizeBuddy({ id: 'a', presence: 'online', show: 'offline' }, [], '')).toMatchObject({
      presence: 'online',
      show: 'available',
    });
  });

  it('rejects non-objects and missing ids with a path', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeBuddy(null, errors, 'buddies[3]')).toBeNull();
    expect(normalizeBuddy({ id: { $gt: '' } }, errors, 'buddies[4]')).toBeNull();
    expect(errors.map((e) => [e.code, e.path])).toEqual([
      ['bad_buddy', 'buddies[3]'],
      ['bad_buddy', 'buddies[4].id'],
    ]);
  });
});

describe('normalizeMember', () => {
  it('reads the v3 example; members are online unless said otherwise', () => {
    expect(normalizeMember({ id: 1, nick: 'Jack' }, [], '')).toEqual({
      id: '1',
      nick: 'Jack',
      presence: 'online',
      show: 'available',
    });
    expect(normalizeMember({ id: 'b', presence: 'offline' }, [], '')).toEqual({
      id: 'b',
      nick: 'b',
      presence: 'offline',
      show: 'unavailable',
    });
    expect(normalizeMember({ id: 'c', show: 'busy' }, [], '')).toEqual({
      id: 'c',
      nick: 'c',
      presence: 'online',
      show: 'dnd',
    });
  });

  it('rejects a member without id', () => {
    const errors: ProtocolError[] = [];
    expect(normalizeMember({ nick: 'x' }, errors, 'members[0]')).toBeNull();
    expect(errors[0]).toMatchObject({ code: 'bad_member', path: 'members[0].id' });
  });
});
