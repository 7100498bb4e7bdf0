import type { WireMessage, WirePacket, WireStatus } from '../../../protocol/types';
import type { Generation } from '../types';
import type { ImModel } from './model';
import type { Ticket } from './tickets';

export type MessageKind = 'chat' | 'grpchat' | 'broadcast';

/** Both generations' type names onto v5's; unknown → null. */
export function normaliseType(type: string | undefined): MessageKind | null {
  switch ((type ?? 'chat').toLowerCase()) {
    case 'chat':
    case 'unicast':
      return 'chat';
    case 'grpchat':
    case 'multicast':
      return 'grpchat';
    case 'broadcast':
      return 'broadcast';
    default:
      return null;
  }
}

/** The wire name of a message type in the given generation. */
export function wireType(kind: MessageKind, generation: Generation): string {
  if (generation === 5) return kind;
  return kind === 'chat' ? 'unicast' : kind === 'grpchat' ? 'multicast' : 'broadcast';
}

export interface RouteMessage {
  kind: MessageKind;
  from: string;
  to: string;
  nick: string;
  body: string;
  style?: string;
  timestamp: number;
  toNick?: string;
  clientId?: string;
  /** The community server's id of the stored message (an extension; pushed as `id`). */
  id?: number;
}

/**
 * Routes one message. `chat`: every ticket of the receiver, and the sender's other tickets; `grpchat`: every
 * subscribed member of the room but the sender; `broadcast`: every ticket in the domain but the sending one.
 * Returns whether a `chat` receiver had no ticket at all (the site then stores it as an offline message).
 */
export function routeMessage(im: ImModel, m: RouteMessage, sender?: Ticket): { offline: boolean } {
  const message: WireMessage = {
    type: wireType(m.kind, im.opts.generation),
    from: m.from,
    to: m.to,
    nick: m.nick,
    body: m.body,
    timestamp: m.timestamp,
  };
  if (m.style) message.style = m.style;
  if (m.toNick) message.to_nick = m.toNick;
  if (m.clientId) message.client_id = m.clientId;
  if (m.id) message.id = m.id;
  const packet: WirePacket = { status: 'ok', messages: [message] };

  if (m.kind === 'chat') {
    // A note to self goes to the sender's other tickets only, and is never "offline".
    const reached = m.to === m.from ? 1 : im.deliverToUser(m.to, packet);
    im.deliverToUser(m.from, packet, sender);
    return { offline: reached === 0 };
  }
  if (m.kind === 'grpchat') {
    for (const id of im.rooms.get(m.to) ?? []) if (id !== m.from) im.deliverToUser(id, packet);
    return { offline: false };
  }
  for (const ticket of im.hub.all()) if (ticket !== sender) im.hub.push(ticket, packet);
  return { offline: false };
}

/** Typing notifications go to the receiver's tickets only. */
export function routeStatus(im: ImModel, status: WireStatus): void {
  im.deliverToUser(String(status.to), { status: 'ok', statuses: [status] });
}
