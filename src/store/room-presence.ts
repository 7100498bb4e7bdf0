import { conversationKey } from '../protocol/keys';
import type { PresenceUpdate, RoomMember } from '../protocol/types';
import type { ReduceContext } from './actions';
import { setEntity, setMapEntry } from './collections';
import { addNotice, lastNoticeAbout } from './conversations';
import type { Notice, Store } from './types';

type RoomPresenceType = 'grponline' | 'grpoffline' | 'join' | 'leave';

const NOTICE_KIND: Record<RoomPresenceType, Notice['kind']> = {
  grponline: 'online',
  grpoffline: 'offline',
  join: 'join',
  leave: 'leave',
};

/** Change in (online count, member count) a room presence causes when it is news. */
const COUNT_DELTA: Record<RoomPresenceType, [number, number]> = {
  grponline: [1, 0],
  grpoffline: [-1, 0],
  join: [1, 1],
  leave: [-1, -1],
};

/**
 * `grponline`/`grpoffline`/`join`/`leave` in room `p.to`: updates the room's counts, its member list when loaded,
 * and adds a notice to the room's conversation when it exists.
 *
 * These presences are deltas, so a replay (after a reconnect, or through a second transport) must be recognised:
 * with the member list loaded it is a no-op by state (an online member cannot come online again); without it,
 * the last notice about the same person having the same kind marks it as a replay. Own presences are ignored
 * (the login reply's counts already include us).
 */
export function applyRoomPresence(store: Store, p: PresenceUpdate, ctx: ReduceContext): void {
  const type = p.type as RoomPresenceType;
  const roomId = p.to;
  if (!roomId || p.from === ctx.me) return;
  const key = conversationKey('grpchat', roomId);
  const kind = NOTICE_KIND[type];
  const members = store.members.peek().get(roomId);
  let delta = COUNT_DELTA[type];
  if (members) {
    const next = nextMembers(members, p, type);
    if (!next) return;
    setMapEntry(store.members, roomId, next.members);
    delta = next.delta;
  } else if (lastNoticeAbout(store, key, p.from)?.kind === kind) {
    return;
  }
  const room = store.rooms.peek().get(roomId);
  if (room) {
    const r = room.peek();
    const [dCount, dAll] = delta;
    setEntity(room, { ...r, count: Math.max(0, r.count + dCount), allCount: Math.max(0, r.allCount + dAll) });
  }
  const notice: Notice = { id: `n:${kind}:${p.from}:${ctx.now}`, kind, who: p.from, timestamp: ctx.now };
  if (p.nick !== undefined) notice.nick = p.nick;
  addNotice(store, key, notice);
}

/** The member list after the presence and the count changes, or null when it changes nothing (a replay). */
function nextMembers(
  members: readonly RoomMember[],
  p: PresenceUpdate,
  type: RoomPresenceType,
): { members: RoomMember[]; delta: [number, number] } | null {
  const i = members.findIndex((m) => m.id === p.from);
  const current = i >= 0 ? members[i] : undefined;
  const online = (): RoomMember => ({
    id: p.from,
    nick: p.nick || current?.nick || p.from,
    presence: 'online',
    show: p.show && p.show !== 'invisible' && p.show !== 'unavailable' ? p.show : 'available',
  });
  switch (type) {
    case 'grponline':
    case 'join':
      if (current?.presence === 'online') return null;
      if (current) return { members: members.map((m, j) => (j === i ? online() : m)), delta: [1, 0] };
      // The list may hold online members only (v5 servers), so a `grponline` stranger to it is no new member.
      return { members: [...members, online()], delta: [1, type === 'join' ? 1 : 0] };
    case 'grpoffline':
      if (!current || current.presence === 'offline') return null;
      return { members: members.map((m, j) => (j === i ? { ...m, presence: 'offline', show: 'unavailable' } : m)), delta: [-1, 0] };
    case 'leave':
      if (!current) return null;
      return { members: members.filter((_, j) => j !== i), delta: [current.presence === 'online' ? -1 : 0, -1] };
  }
}
