import type { ConversationKey, PresenceState, Show } from '../../protocol/types';
import { parseConversationKey } from '../../protocol/keys';
import type { Store } from '../../store/types';

/** What a tab shows about its conversation. */
export interface ConversationInfo {
  kind: 'chat' | 'grpchat' | 'broadcast';
  /** Display name (nick, room name) or the bare id while unknown; empty for broadcasts (the caller names them). */
  name: string;
  avatar?: string;
  defaultAvatar?: string;
  /** For `chat`: the person's presence. */
  presence?: { presence: PresenceState; show: Show };
}

/**
 * Reads the signals that describe a conversation (the buddy's or stranger's, or the room's), so a component that
 * calls this re-renders when that entity changes and not otherwise.
 */
export function readConversationInfo(store: Store, key: ConversationKey): ConversationInfo {
  const parsed = parseConversationKey(key);
  if (!parsed || parsed.type === 'broadcast') return { kind: 'broadcast', name: '' };
  if (parsed.type === 'grpchat') {
    const room = store.rooms.value.get(parsed.id)?.value;
    return { kind: 'grpchat', name: room?.nick || parsed.id, avatar: room?.avatar, defaultAvatar: room?.defaultAvatar };
  }
  const person = (store.buddies.value.get(parsed.id) ?? store.strangers.value.get(parsed.id))?.value;
  return {
    kind: 'chat',
    name: person?.nick || parsed.id,
    avatar: person?.avatar,
    defaultAvatar: person?.defaultAvatar,
    presence: person ? { presence: person.presence, show: person.show } : undefined,
  };
}
