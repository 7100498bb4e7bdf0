import { messageId } from '../../src/protocol/keys';
import type {
  Buddy,
  ConversationKey,
  Message,
  OnlineReply,
  Packet,
  PresenceUpdate,
  Room,
  TypingStatus,
} from '../../src/protocol/types';
import type { ReduceContext } from '../../src/store/actions';

export const ME = 'alice';

/** A reduce context for tests: nothing is seen unless the test says so. */
export function ctx(over: Partial<ReduceContext> & { seen?: ConversationKey[] } = {}): ReduceContext {
  const seen = new Set(over.seen ?? []);
  return { me: ME, now: 1_000_000, isSeen: (k) => seen.has(k), ...over };
}

/** A server copy of a message (id derived as the normaliser does). */
export function msg(from: string, to: string, body: string, timestamp: number, over: Partial<Message> = {}): Message {
  const m: Message = { id: '', type: 'chat', from, to, nick: from, body, timestamp, status: 'sent', ...over };
  return { ...m, id: over.id ?? messageId(m) };
}

/** A local pending copy of an own message with a client id. */
export function pending(
  to: string,
  body: string,
  timestamp: number,
  clientId: string,
  over: Partial<Message> = {},
): Message {
  return msg(ME, to, body, timestamp, { clientId, id: `c:${clientId}`, status: 'pending', ...over });
}

export function buddy(id: string, over: Partial<Buddy> = {}): Buddy {
  return {
    id,
    nick: id.toUpperCase(),
    presence: 'online',
    show: 'available',
    incomplete: false,
    visitor: id.startsWith('vid:'),
    ...over,
  };
}

export function room(id: string, over: Partial<Room> = {}): Room {
  return { id, nick: id.toUpperCase(), allCount: 10, count: 3, blocked: false, temporary: false, ...over };
}

export function packet(over: Partial<Packet> = {}): Packet {
  return { status: 'ok', messages: [], presences: [], statuses: [], ...over };
}

export function presence(
  type: PresenceUpdate['type'],
  from: string,
  over: Partial<PresenceUpdate> = {},
): PresenceUpdate {
  return { type, from, ...over };
}

export function status(from: string, show: TypingStatus['show'], over: Partial<TypingStatus> = {}): TypingStatus {
  return { from, to: ME, show, ...over };
}

export function onlineReply(over: Partial<OnlineReply> = {}): OnlineReply {
  return {
    serverTime: 2_000_000,
    user: { id: ME, nick: 'Alice', show: 'available' },
    connection: { domain: 'example.com', ticket: 't1', websocket: 'ws://im/ws', jsonpd: 'http://im/packets' },
    buddies: [],
    rooms: [],
    newMessages: [],
    histories: {},
    presences: {},
    ...over,
  };
}
