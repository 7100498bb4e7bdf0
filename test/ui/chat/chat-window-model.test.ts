import { describe, expect, it } from 'vitest';
import type { RoomMember } from '../../../src/protocol/types';
import { createStore } from '../../../src/store/index';
import { chatWindowView, memberRows } from '../../../src/ui/chat/chat-window-model';
import { createTranslator } from '../../../src/ui/i18n';
import '../../../src/ui/strings/chat';
import '../../../src/ui/strings/common';
import {
  addMessage,
  buddy,
  chatKey,
  message,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
} from '../../support/fake-client';

/** The chat window's labels and booleans from the store, without a DOM. */
const en = createTranslator('en');

describe('chatWindowView', () => {
  it('a buddy: name, presence word and status, clear only, no member list', () => {
    const store = createStore();
    setBuddies(store, [buddy('bob', { show: 'away', status: 'lunch' })]);
    expect(chatWindowView(store, chatKey('bob'), en)).toMatchObject({
      kind: 'chat',
      target: 'bob',
      name: 'Bob',
      presence: { kind: 'away', label: 'Away', status: 'lunch' },
      memberCount: undefined,
      hasMembers: false,
      actions: [
        { action: 'invite', label: 'Start a discussion…' },
        { action: 'download', label: 'Download history' },
        { action: 'clear', label: 'Clear history' },
      ],
      readOnly: false,
      offlineName: undefined,
    });
  });

  it('an offline stranger is named by the nick on their latest message, and the composer is told', () => {
    const store = createStore();
    addMessage(store, chatKey('zed'), message('zed', 'me', 'hi', { nick: 'Zed Z' }));
    const view = chatWindowView(store, chatKey('zed'), en);
    expect(view).toMatchObject({ name: 'Zed Z', presence: undefined });
    setBuddies(store, [buddy('zed', { nick: '', presence: 'offline' })]);
    expect(chatWindowView(store, chatKey('zed'), en)).toMatchObject({ name: 'Zed Z', offlineName: 'Zed Z' });
  });

  it('a room: member count from the fetched list when there is one, block/leave/clear', () => {
    const store = createStore();
    setRooms(store, [room('lobby', { count: 1, allCount: 9 })]);
    expect(chatWindowView(store, roomKey('lobby'), en)).toMatchObject({
      kind: 'grpchat',
      name: 'Lobby',
      memberCount: '1 online · 9 members',
      hasMembers: true,
      actions: [
        { action: 'block', label: 'Block room' },
        { action: 'leave', label: 'Leave room' },
        { action: 'invite', label: 'Invite people…' },
        { action: 'download', label: 'Download history' },
        { action: 'clear', label: 'Clear history' },
      ],
      temporaryLabel: undefined,
    });
    store.members.value = new Map([
      [
        'lobby',
        [
          { id: 'a', nick: 'A', presence: 'online', show: 'available' },
          { id: 'b', nick: 'B', presence: 'online', show: 'available' },
        ],
      ],
    ]);
    setRooms(store, [room('lobby', { count: 1, allCount: 9, blocked: true })]);
    const view = chatWindowView(store, roomKey('lobby'), en);
    expect(view.memberCount).toBe('2 online · 9 members');
    expect(view.actions[0]).toEqual({ action: 'unblock', label: 'Unblock room' });
  });

  it('a temporary discussion is labelled as one', () => {
    const store = createStore();
    setRooms(store, [room('d1', { nick: 'Walk', temporary: true })]);
    expect(chatWindowView(store, roomKey('d1'), en).temporaryLabel).toBe('Temporary discussion');
  });

  it('the broadcast channel: read-only, no actions', () => {
    expect(chatWindowView(createStore(), 'broadcast:site', en)).toMatchObject({
      kind: 'broadcast',
      readOnly: true,
      actions: [],
      hasMembers: false,
    });
  });
});

describe('memberRows', () => {
  it('online first, then by name; the user marked and not a button; a buddy’s away shows', () => {
    const store = createStore();
    setUser(store, { id: 'me', nick: 'Me', show: 'dnd' });
    setBuddies(store, [buddy('bob', { show: 'away' })]);
    const members: RoomMember[] = [
      { id: 'zoe', nick: 'zoe', presence: 'offline', show: 'unavailable' },
      { id: 'bob', nick: 'Bob', presence: 'online', show: 'available' },
      { id: 'me', nick: 'Me', presence: 'online', show: 'available' },
      { id: 'al', nick: 'al', presence: 'online', show: 'available' },
    ];
    expect(memberRows(store, members, en).map((r) => [r.label, r.self, r.show])).toEqual([
      ['al', false, 'available'],
      ['Bob', false, 'away'],
      ['Me (you)', true, 'dnd'],
      ['zoe', false, 'unavailable'],
    ]);
  });
});
