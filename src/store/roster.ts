import { signal, type Signal } from '@preact/signals';
import type { Buddy, PresenceState, Room, RoomMember, Show } from '../protocol/types';
import { removeEntity, setEntity, setMapEntry, shallowEqual, upsertEntity } from './collections';
import type { Store } from './types';

/** A show seen by others: `invisible` and `unavailable` mean offline. */
export function presenceOfShow(show: Show | undefined): PresenceState {
  return show === 'invisible' || show === 'unavailable' ? 'offline' : 'online';
}

/** The buddy's or stranger's signal, whichever roster knows the person. */
export function findPerson(store: Store, id: string): Signal<Buddy> | undefined {
  return store.buddies.peek().get(id) ?? store.strangers.peek().get(id);
}

/** Sets a person's presence (online with a show, or offline with `unavailable`); writes only on change. */
export function setPersonPresence(
  person: Signal<Buddy>,
  presence: PresenceState,
  details: { show?: Show; status?: string; nick?: string } = {},
): void {
  const b = person.peek();
  let show: Show = 'unavailable';
  if (presence === 'online') {
    // An `online` without a show keeps the show we knew (or `available` for someone who was offline).
    show = details.show && presenceOfShow(details.show) === 'online' ? details.show : b.presence === 'online' ? b.show : 'available';
  }
  const next: Buddy = { ...b, presence, show };
  if (details.status !== undefined) next.status = details.status;
  if (details.nick) next.nick = details.nick;
  setEntity(person, next);
}

/**
 * `buddies`: details of buddies (login reply, `completeBuddies`). A person already known as a stranger is updated
 * there; anyone else joins the roster.
 */
export function applyBuddies(store: Store, list: readonly Buddy[]): void {
  const buddies = store.buddies.peek();
  const strangers = store.strangers.peek();
  // Newcomers go into one new map: a login's 10,000-buddy roster must not copy the map once per buddy.
  let next: Map<string, Signal<Buddy>> | null = null;
  for (const b of list) {
    const known = (next ?? buddies).get(b.id) ?? strangers.get(b.id);
    if (known) setEntity(known, { ...known.peek(), ...b });
    else (next ??= new Map(buddies)).set(b.id, signal(b));
  }
  if (next) store.buddies.value = next;
}

/** `strangers`: people who are not buddies; buddies in the list are left as they are. */
export function applyStrangers(store: Store, people: readonly Buddy[]): void {
  for (const p of people) {
    if (store.buddies.peek().has(p.id)) continue;
    upsertEntity(store.strangers, p.id, (prev) => (prev ? { ...prev, ...p } : p));
  }
}

/** Makes sure a non-buddy who messaged (or was opened for chat) has an entry; details come later. */
export function ensureStranger(store: Store, id: string, nick: string | undefined, presence: PresenceState): void {
  if (store.buddies.peek().has(id) || store.strangers.peek().has(id)) return;
  upsertEntity(store.strangers, id, () => ({
    id,
    nick: nick || id,
    presence,
    show: presence === 'online' ? 'available' : 'unavailable',
    incomplete: true,
    visitor: id.startsWith('vid:'),
  }));
}

/** `room`: adds or updates a room. */
export function applyRoom(store: Store, room: Room): void {
  upsertEntity(store.rooms, room.id, (prev) => (prev ? { ...prev, ...room } : room));
}

/** `room/remove`: the user left the room; its members go too (its conversation stays, like any history). */
export function removeRoom(store: Store, id: string): void {
  removeEntity(store.rooms, id);
  setMapEntry(store.members, id, undefined);
}

/** `members`: the room's member list; the online count follows it. */
export function applyMembers(store: Store, roomId: string, members: readonly RoomMember[]): void {
  setMapEntry(store.members, roomId, members);
  const room = store.rooms.peek().get(roomId);
  if (room) {
    const count = members.filter((m) => m.presence === 'online').length;
    setEntity(room, { ...room.peek(), count, allCount: Math.max(room.peek().allCount, members.length) });
  }
}

/** `self`: the user's own show/status changed (here or in another browser). */
export function applySelf(store: Store, show: Show, status?: string): void {
  const user = store.user.peek();
  if (!user) return;
  const next = { ...user, show };
  if (status !== undefined) next.status = status;
  if (!shallowEqual(user, next)) store.user.value = next;
}
