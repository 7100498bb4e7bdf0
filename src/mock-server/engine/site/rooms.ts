import type { WireMember } from '../../../protocol/types';
import { HttpError, json } from '../http';
import type { MockResponse } from '../types';
import { ok, requireTicket, ROOM_ID, type SiteCall, type SiteContext } from './context';
import type { SiteRoom } from './data';
import { mayJoinRoom, maySeeRoom, requireRoomMember } from './guard';
import { wireMember, wireRoom } from './shapes';

/**
 * Rooms one user may be a member of at once. Every temporary room has a member (it goes with its last one), so
 * this also bounds the rooms a user can make, and the rooms `online` subscribes and counts for them.
 */
export const MAX_ROOMS_PER_USER = 200;
/** Temporary rooms (joins of new ids, discussions) on the whole site at once. */
export const MAX_TEMPORARY_ROOMS = 10_000;

/**
 * Refuses a membership past the limits: 403 when `uid` is in `MAX_ROOMS_PER_USER` rooms already, and, when the
 * call would make a new temporary room, 429 while the site holds `MAX_TEMPORARY_ROOMS` (they go as they empty).
 */
export function checkRoomLimits(ctx: SiteContext, uid: string, creating: boolean): void {
  let memberOf = 0;
  let temporary = 0;
  for (const room of ctx.data.rooms.values()) {
    if (room.members.has(uid)) memberOf++;
    if (room.temporary) temporary++;
  }
  if (memberOf >= MAX_ROOMS_PER_USER)
    throw new HttpError(403, `member of too many rooms (at most ${MAX_ROOMS_PER_USER}); leave one first`);
  if (creating && temporary >= MAX_TEMPORARY_ROOMS)
    throw new HttpError(429, 'too many rooms on this site; try again later');
}

/** The room named `id`, if `uid` may know of it (else 404, the same answer as for a room that does not exist). */
function roomOf(ctx: SiteContext, uid: string, id: string): SiteRoom {
  const room = ctx.data.rooms.get(id);
  if (!room || !maySeeRoom(room, uid)) throw new HttpError(404, 'no such room');
  return room;
}

async function roomReply(ctx: SiteContext, uid: string, room: SiteRoom): Promise<ReturnType<typeof wireRoom>> {
  const online = await ctx.im.members(room.id);
  return wireRoom(room, Object.keys(online).length, ctx.data.blockedOf(uid).has(room.id), ctx.opts.generation);
}

/** `GET /webim/rooms?ids=`: the rooms that exist and the user may see (invite-only ones: insiders), with counts. */
export async function rooms(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const found = call.params
    .csv('ids')
    .map((id) => ctx.data.rooms.get(id))
    .filter((r): r is SiteRoom => !!r && maySeeRoom(r, call.user.id));
  return json(200, await Promise.all(found.map((room) => roomReply(ctx, call.user.id, room))));
}

/**
 * `POST /webim/join`: membership, then `join` to the members online. A public room takes anyone; an invite-only
 * room takes only users it invited (404 to anyone else, so its existence does not leak). An unknown id makes a
 * temporary public room.
 */
export async function join(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const id = call.params.need('id');
  if (!ROOM_ID.test(id)) throw new HttpError(400, 'bad room id');
  let room = ctx.data.rooms.get(id);
  if (room && !maySeeRoom(room, call.user.id)) throw new HttpError(404, 'no such room');
  if (room && !mayJoinRoom(room, call.user.id)) throw new HttpError(403, 'this room is invite-only');
  if (!room?.members.has(call.user.id)) checkRoomLimits(ctx, call.user.id, !room);
  if (!room) {
    const nick = call.params.get('nick') || call.params.get('name') || id;
    room = {
      id,
      nick: nick.slice(0, 100),
      url: '',
      members: new Set(),
      temporary: true,
      access: 'public',
      invited: new Set(),
    };
    ctx.data.rooms.set(id, room);
  }
  if (!room.members.has(call.user.id)) {
    room.invited.delete(call.user.id);
    room.members.add(call.user.id);
    if (!ctx.data.blockedOf(call.user.id).has(id)) await ctx.im.join(id, ticket, call.user.nick);
  }
  return json(200, await roomReply(ctx, call.user.id, room));
}

/**
 * `POST /webim/leave`: membership ends; `leave` to the members online; an emptied temporary room goes, and its
 * history with it (`deleteRoom`).
 */
export async function leave(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const room = roomOf(ctx, call.user.id, call.params.need('id'));
  if (room.members.delete(call.user.id)) {
    ctx.data.blockedOf(call.user.id).delete(room.id);
    await ctx.im.leave(room.id, ticket, call.user.nick);
  }
  if (room.temporary && room.members.size === 0) ctx.data.deleteRoom(room.id);
  return ok();
}

async function membersOf(ctx: SiteContext, room: SiteRoom): Promise<WireMember[]> {
  const online = await ctx.im.members(room.id);
  const out: WireMember[] = [];
  for (const id of room.members) {
    const user = ctx.data.user(id);
    if (user) out.push(wireMember(user, online[id] ?? null));
  }
  return out;
}

/**
 * `GET /webim/members?id=` → every member with presence; `?ids=` → `{roomId: [member]}`. Members only: `id` of a
 * room the user is not in is a 403 (404 when hidden); in `ids` such rooms are left out.
 */
export async function members(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const uid = call.user.id;
  const ids = call.params.csv('ids');
  if (ids.length > 0) {
    const out: Record<string, WireMember[]> = {};
    for (const id of ids) {
      const room = ctx.data.rooms.get(id);
      if (room?.members.has(uid)) out[id] = await membersOf(ctx, room);
    }
    return json(200, out);
  }
  return json(200, await membersOf(ctx, requireRoomMember(ctx.data, uid, call.params.need('id'))));
}

/**
 * `POST /webim/block`: the user stays a member but the room's messages stop: a (silent) leave at the message
 * server, remembered so later `online`s do not re-subscribe it. `unblock` re-joins.
 */
export async function block(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const room = roomOf(ctx, call.user.id, call.params.need('id'));
  if (!room.members.has(call.user.id)) throw new HttpError(403, 'not a member of this room');
  const blocked = ctx.data.blockedOf(call.user.id);
  if (!blocked.has(room.id)) {
    await ctx.im.leave(room.id, ticket, call.user.nick, true);
    blocked.add(room.id);
  }
  return ok();
}

export async function unblock(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const room = roomOf(ctx, call.user.id, call.params.need('id'));
  const blocked = ctx.data.blockedOf(call.user.id);
  if (blocked.has(room.id)) {
    await ctx.im.join(room.id, ticket, call.user.nick, true);
    blocked.delete(room.id);
  }
  return ok();
}
