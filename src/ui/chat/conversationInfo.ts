import { parseConversationKey } from '../../protocol/keys';
import type { Buddy, ConversationKey, Room } from '../../protocol/types';
import type { Store } from '../../store/types';
import type { Translate } from '../i18n';

/** What the chat window shows about the other side of a conversation. */
export type ConversationInfo =
  | { kind: 'chat'; id: string; name: string; person?: Buddy }
  | { kind: 'grpchat'; id: string; name: string; room?: Room }
  | { kind: 'broadcast'; id: string; name: string };

/** A buddy or, failing that, a known stranger (chatlink user, room member opened for chat). Reads signals. */
export function findPerson(store: Store, id: string): Buddy | undefined {
  return (store.buddies.value.get(id) ?? store.strangers.value.get(id))?.value;
}

/**
 * Reads (and so subscribes a component to) the people, rooms and messages that name a conversation. An unknown
 * peer is named by the nick on its latest incoming message, then by its id.
 */
export function conversationInfo(store: Store, key: ConversationKey, t: Translate): ConversationInfo {
  const parsed = parseConversationKey(key);
  const id = parsed?.id ?? key;
  if (!parsed || parsed.type === 'broadcast') return { kind: 'broadcast', id, name: t('chat.broadcast') };
  if (parsed.type === 'grpchat') {
    const room = store.rooms.value.get(id)?.value;
    return { kind: 'grpchat', id, name: room?.nick || id, room };
  }
  const person = findPerson(store, id);
  let name = person?.nick;
  if (!name) {
    const messages = store.conversations.value.get(key)?.value.messages ?? [];
    for (let i = messages.length - 1; i >= 0 && !name; i--) if (messages[i]!.from === id) name = messages[i]!.nick;
  }
  return { kind: 'chat', id, name: name || id, person };
}
