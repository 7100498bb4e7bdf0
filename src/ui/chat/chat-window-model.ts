import { parseConversationKey } from '../../protocol/keys';
import type { Buddy, ConversationKey, Room, RoomMember, Show } from '../../protocol/types';
import type { Store } from '../../store/types';
import { presenceKind } from '../common/PresenceDot';
import type { Translate } from '../i18n';
import '../strings/discussions';
import { isOnline, personOf } from './common';

/**
 * The chat window's view model: what kind of conversation it is, its name, the header's presence or member count,
 * the actions it offers, and the member list's order and labels. It reads the store's signals (so the window
 * re-renders when they change) and returns words and booleans the component only binds; tested without a DOM.
 */
export interface ChatWindowView {
  kind: 'chat' | 'grpchat' | 'broadcast';
  /** The buddy's or room's id (the key itself for the broadcast channel). */
  target: string;
  name: string;
  room?: Room;
  person?: Buddy;
  /** 1:1: the peer's presence kind, its word, and their status message. */
  presence?: { kind: string; label: string; status?: string };
  /** Rooms: "3 of 12 online". */
  memberCount?: string;
  /** Rooms have a member list. */
  hasMembers: boolean;
  /** Rooms made by `invite`: "Temporary discussion". */
  temporaryLabel?: string;
  /** The actions menu (none for the broadcast channel). */
  actions: Array<{ action: ChatWindowAction; label: string }>;
  /** The broadcast channel: read-only, no composer. */
  readOnly: boolean;
  /** A 1:1 peer who is offline: the composer says messages wait for them. */
  offlineName?: string;
}

/** `invite`: start a discussion (1:1) or invite people (room); `download`: save the history as a file. */
export type ChatWindowAction = 'block' | 'unblock' | 'leave' | 'invite' | 'download' | 'clear';

export function chatWindowView(store: Store, convKey: ConversationKey, t: Translate): ChatWindowView {
  const parsed = parseConversationKey(convKey);
  const kind = parsed?.type ?? 'broadcast';
  const target = parsed?.id ?? convKey;
  const room = kind === 'grpchat' ? store.rooms.value.get(target)?.value : undefined;
  const person = kind === 'chat' ? personOf(store, target) : undefined;
  // An unknown peer is named by the nick on their latest message, then by id.
  const name =
    kind === 'broadcast'
      ? t('chat.broadcast')
      : room?.nick ||
        person?.nick ||
        (kind === 'chat' &&
          store.conversations.value
            .get(convKey)
            ?.value.messages.reduce((nick, m) => (m.from === target && m.nick) || nick, '')) ||
        target;
  const stored = room && store.members.value.get(target);
  const presence = person && presenceKind(person.presence, person.show);
  return {
    kind,
    target,
    name,
    room,
    person,
    presence: presence ? { kind: presence, label: t(`presence.${presence}`), status: person!.status } : undefined,
    memberCount: room
      ? t('chat.memberCount', { online: stored ? stored.filter(isOnline).length : room.count, total: room.allCount })
      : undefined,
    hasMembers: kind === 'grpchat',
    temporaryLabel: room?.temporary ? t('discussion.temporary') : undefined,
    actions:
      kind === 'broadcast'
        ? []
        : [
            ...(kind === 'grpchat'
              ? [
                  room?.blocked
                    ? { action: 'unblock' as const, label: t('chat.unblock') }
                    : { action: 'block' as const, label: t('chat.block') },
                  { action: 'leave' as const, label: t('chat.leave') },
                ]
              : []),
            {
              action: 'invite' as const,
              label: t(kind === 'grpchat' ? 'discussion.invite' : 'discussion.start'),
            },
            { action: 'download' as const, label: t('chat.download') },
            { action: 'clear' as const, label: t('chat.clear') },
          ],
    readOnly: kind === 'broadcast',
    offlineName: person && !isOnline(person) ? name : undefined,
  };
}

export interface MemberRow {
  id: string;
  nick: string;
  /** "Alice (you)" for the user, else the nick. */
  label: string;
  /** The user's own row is not a button. */
  self: boolean;
  presence: RoomMember['presence'];
  show: Show;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * A room's members, online first, then by name. Room presences only say online/offline; away and busy reach us for
 * buddies (and ourselves), so an online member who is one of those shows that.
 */
export function memberRows(store: Store, members: readonly RoomMember[], t: Translate): MemberRow[] {
  const me = store.user.value?.id;
  return [...members]
    .sort((x, y) => +isOnline(y) - +isOnline(x) || collator.compare(x.nick, y.nick))
    .map((m) => {
      const self = m.id === me;
      const live = m.presence === 'online' && (self ? store.user.value : personOf(store, m.id));
      const show = live && live.show !== 'unavailable' && live.show !== 'invisible' ? live.show : m.show;
      return {
        id: m.id,
        nick: m.nick,
        label: self ? t('chat.you', { name: m.nick }) : m.nick,
        self,
        presence: m.presence,
        show,
      };
    });
}
