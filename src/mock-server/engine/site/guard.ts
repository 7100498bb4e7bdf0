/**
 * The community server's authorisation rules, as small named functions so every route (and the broker's ACL hook)
 * asks the same question the same way. Each rule is stated for plugin authors in `docs/server-contract.md`.
 */
import { safeEqual } from '../hmac';
import { HttpError, type Params } from '../http';
import type { MockRequest } from '../types';
import type { SiteContext } from './context';
import type { SiteData, SiteRoom, SiteUser } from './data';

/** May user `uid` read room `roomId`: its history, its members, its pushes? Only its members may. */
export function mayReadRoom(data: SiteData, uid: string, roomId: string): boolean {
  return data.rooms.get(roomId)?.members.has(uid) === true;
}

/** May `uid` join `room`? A member already is; anyone may join a public room; an invite-only one needs an invitation. */
export function mayJoinRoom(room: SiteRoom, uid: string): boolean {
  return room.members.has(uid) || room.access === 'public' || room.invited.has(uid);
}

/** May `uid` know that `room` exists (its name and counts)? Public rooms are listed; invite-only ones only to insiders. */
export function maySeeRoom(room: SiteRoom, uid: string): boolean {
  return room.access === 'public' || room.members.has(uid) || room.invited.has(uid);
}

/** Records an invitation of `uid` to `roomId` (the site's or a member's doing); false when there is no such room. */
export function inviteToRoom(data: SiteData, roomId: string, uid: string): boolean {
  const room = data.rooms.get(roomId);
  if (!room) return false;
  if (!room.members.has(uid)) room.invited.add(uid);
  return true;
}

/** The room, when `uid` may read it: 404 when it does not exist (or is hidden from them), 403 when not a member. */
export function requireRoomMember(data: SiteData, uid: string, roomId: string): SiteRoom {
  const room = data.rooms.get(roomId);
  if (!room || !maySeeRoom(room, uid)) throw new HttpError(404, 'no such room');
  if (!room.members.has(uid)) throw new HttpError(403, 'not a member of this room');
  return room;
}

/** Only the site broadcasts: its administrators (and the test controls, which act as the site). */
export function mayBroadcast(user: SiteUser): boolean {
  return user.admin === true && !user.visitor;
}

/**
 * CSRF for a cookie-authenticated write, always checked: the page's token (`csrf_token` field or `X-CSRF-Token`
 * header), or `X-Requested-With`, which a cross-site form cannot send and a cross-site script cannot send without
 * a CORS preflight this server never grants. No cookie or missing field switches the check off.
 */
export function csrfPasses(ctx: SiteContext, req: MockRequest, params: Params, uid: string): boolean {
  const token = params.get('csrf_token') ?? req.headers['x-csrf-token'];
  if (token !== undefined && token !== '') return safeEqual(token, ctx.csrfToken(uid));
  return (req.headers['x-requested-with'] ?? '') !== '';
}
