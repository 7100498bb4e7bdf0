import { describe, expect, it } from 'vitest';
import {
  BROADCAST_KEY,
  conversationKey,
  messageContentKey,
  messageConversation,
  messageId,
  parseConversationKey,
} from '../../src/protocol';

describe('conversation keys', () => {
  it('builds keys; every broadcast shares one', () => {
    expect(conversationKey('chat', 'bob')).toBe('chat:bob');
    expect(conversationKey('grpchat', 'lobby')).toBe('grpchat:lobby');
    expect(conversationKey('broadcast', 'anything')).toBe(BROADCAST_KEY);
  });

  it.each([
    ['chat:bob', { type: 'chat', id: 'bob' }],
    ['chat:a:b', { type: 'chat', id: 'a:b' }],
    ['chat:\nx', { type: 'chat', id: '\nx' }],
    ['broadcast:site', { type: 'broadcast', id: 'site' }],
    ['grpchat:', null],
    [':x', null],
    ['chatx:a', null],
    ['x', null],
    ['', null],
  ])('parses %j', (key, expected) => {
    expect(parseConversationKey(key)).toEqual(expected);
  });

  it('finds the conversation of a message as seen by me', () => {
    expect(messageConversation({ type: 'chat', from: 'bob', to: 'alice' }, 'alice')).toBe('chat:bob');
    expect(messageConversation({ type: 'chat', from: 'alice', to: 'bob' }, 'alice')).toBe('chat:bob');
    expect(messageConversation({ type: 'grpchat', from: 'alice', to: 'lobby' }, 'alice')).toBe('grpchat:lobby');
    expect(messageConversation({ type: 'broadcast', from: 'site', to: '' }, 'alice')).toBe(BROADCAST_KEY);
  });
});

describe('message identity', () => {
  const m = { type: 'chat' as const, from: 'bob', to: 'alice', timestamp: 1700000000000, body: 'héllo 😀' };

  it('is the client id when there is one, else the content key', () => {
    expect(messageId({ ...m, clientId: 'k1' })).toBe('c:k1');
    expect(messageId(m)).toBe(messageContentKey(m));
  });

  it('keeps the content key format that stored snapshots already hold', () => {
    expect(messageContentKey(m)).toBe('s:chat|bob|alice|1700000000000|8|lmw5e8');
    expect(messageContentKey({ ...m, body: 'héllo 😁' })).not.toBe(messageContentKey(m));
  });
});
