import type { ProtocolError } from './errors';
import { normalizeMessage, normalizePresence, normalizeStatus } from './normalize';
import { flagOf, get, objectOf, optionalList, type ItemNormalizer } from './read';
import { isChannelPost, normalizeChannelPost, takeEvents } from './events';
import type { ChannelPost, Message, Packet } from './types';

/** A pushed message: a chat, room or site message, or a post to a followed channel. */
const pushedMessage: ItemNormalizer<{ post: ChannelPost } | { message: Message }> = (raw, errors, path) => {
  if (isChannelPost(raw)) {
    const post = normalizeChannelPost(raw, errors, path);
    return post && { post };
  }
  const message = normalizeMessage(raw, errors, path);
  return message && { message };
};

/** Packet text longer than this is refused unread (a push is a few messages, not megabytes). */
export const MAX_PACKET_TEXT = 8 << 20;
/** Items per array of one packet beyond which the rest are dropped (reported). */
export const MAX_PACKET_ITEMS = 5_000;

/**
 * Validates a pushed packet of either generation: an object or its JSON text (a WebSocket frame, a JSONP
 * argument). Malformed items are dropped and reported; everything valid is kept. Never throws: unusable input
 * (not JSON, not an object) yields an empty `ok` packet and an error. `status` other than `stopped` is `ok`;
 * `overflow: true` (an extension) says the server dropped queued packets for this subscriber.
 */
export function parsePacket(raw: unknown): { packet: Packet; errors: ProtocolError[] } {
  const errors: ProtocolError[] = [];
  const rec = objectOf(raw, errors, '', 'bad_packet', MAX_PACKET_TEXT);
  const list = <T>(key: string, item: ItemNormalizer<T>): T[] =>
    optionalList(get(rec, key), errors, key, item, 'bad_packet', MAX_PACKET_ITEMS);
  const status = get(rec, 'status');
  const pushed = list('messages', pushedMessage);
  const channelPosts = pushed.flatMap((p) => ('post' in p ? [p.post] : []));
  // Event bodies (invitations) are taken out: they are never text.
  const { messages, invitations } = takeEvents(
    pushed.flatMap((p) => ('message' in p ? [p.message] : [])),
    errors,
    'messages',
  );
  const packet: Packet = {
    status: typeof status === 'string' && status.trim().toLowerCase() === 'stopped' ? 'stopped' : 'ok',
    messages,
    presences: list('presences', normalizePresence),
    statuses: list('statuses', normalizeStatus),
  };
  if (flagOf(get(rec, 'overflow'))) packet.overflow = true;
  if (invitations.length) packet.invitations = invitations;
  if (channelPosts.length) packet.channelPosts = channelPosts;
  return { packet, errors };
}
