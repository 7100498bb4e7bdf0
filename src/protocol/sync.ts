import { ProtocolError } from './errors';
import { takeEvents } from './events';
import { normalizeMessage, sortHistory } from './normalize';
import { flagOf, get, idOf, normalizeList, objectOf, type Errors } from './read';
import type { SyncReply } from './types';

/** Messages one `sync` page may carry beyond which the rest are dropped (reported). */
export const MAX_SYNC_ITEMS = 5_000;

/**
 * The reply to `GET /webim/sync` (an extension): `{messages, cursor, more}`. The cursor is opaque (a string, or a
 * number turned into one); malformed messages are dropped and reported; event bodies become `invitations`. Throws `ProtocolError('bad_reply')` when
 * there is no usable cursor: without one the client could not go on from here.
 */
export function normalizeSyncReply(raw: unknown): { reply: SyncReply; errors: ProtocolError[] } {
  const errors: Errors = [];
  const rec = objectOf(raw, errors, '', 'bad_reply', Infinity);
  const cursor = idOf(get(rec, 'cursor'));
  if (!rec || cursor === undefined) throw new ProtocolError('bad_reply', 'sync reply without a cursor', 'cursor');
  const list = get(rec, 'messages');
  const messages =
    list == null ? [] : (normalizeList(list, errors, 'messages', normalizeMessage, 'bad_reply', MAX_SYNC_ITEMS) ?? []);
  // Oldest first by server id when every message has one (the server's order), else by timestamp.
  const ordered = messages.every((m) => m.serverId)
    ? messages.sort((a, b) => a.serverId! - b.serverId!)
    : sortHistory(messages);
  // Event bodies (an invitation sent while the push link was down) are taken out: they are never text.
  const { messages: text, invitations } = takeEvents(ordered, errors, 'messages');
  const reply: SyncReply = { messages: text, cursor, more: flagOf(get(rec, 'more')) ?? false };
  if (invitations.length) reply.invitations = invitations;
  return { reply, errors };
}
