import type { ConversationKey, Message, MessageType } from './types';

/** The single conversation that collects site broadcasts. */
export const BROADCAST_KEY: ConversationKey = 'broadcast:site';

/** Key of the conversation with a buddy (`chat`) or in a room (`grpchat`). */
export function conversationKey(type: MessageType, id: string): ConversationKey {
  return type === 'broadcast' ? BROADCAST_KEY : `${type}:${id}`;
}

/** Splits a key into its type and id; returns null for anything that is not a valid key. */
export function parseConversationKey(key: string): { type: MessageType; id: string } | null {
  const match = /^(chat|grpchat|broadcast):([^]+)/.exec(key);
  return match && { type: match[1] as MessageType, id: match[2] };
}

/** The conversation a message belongs to, seen by user `me`: a room's, the site's, or the other person's. */
export function messageConversation(m: Pick<Message, 'type' | 'from' | 'to'>, me: string): ConversationKey {
  return conversationKey(m.type, m.type !== 'chat' || m.from === me ? m.to : m.from);
}

/**
 * A message's de-duplication identity: its client id when it has one, otherwise a key of the fields every copy
 * of the same message shares (history, push and echo agree on these).
 */
export function messageId(m: Pick<Message, 'clientId' | 'type' | 'from' | 'to' | 'timestamp' | 'body'>): string {
  return m.clientId ? `c:${m.clientId}` : messageContentKey(m);
}

/**
 * The content identity of a message, whether or not it carries a client id: a pushed copy with `client_id` and a
 * history copy without it share this key (when the server kept the timestamp).
 */
export function messageContentKey(m: Pick<Message, 'type' | 'from' | 'to' | 'timestamp' | 'body'>): string {
  return `s:${m.type}|${m.from}|${m.to}|${m.timestamp}|${m.body.length}|${hash(m.body)}`;
}

/** FNV-1a, 32 bit: short and stable; collisions are harmless beyond the other fields of the key. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
