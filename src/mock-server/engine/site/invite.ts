import { HttpError, json } from '../http';
import type { MockResponse } from '../types';
import { checkOfflineQuota } from './chat';
import { requireTicket, ROOM_ID, type SiteCall, type SiteContext, unique } from './context';
import type { SiteRoom } from './data';
import { requireRoomMember } from './guard';
import { eventKey, type LogItem } from './history';
import { checkRoomLimits } from './rooms';
import { wireRoom } from './shapes';

/** The original client's event marker: a message body `webim-event:<name>|,|<arg>|,|<arg>` is an event, not text. */
export const EVENT_PREFIX = 'webim-event:';
export const EVENT_SEPARATOR = '|,|';

/** The body that tells a user they were invited to a room. */
export const inviteEventBody = (roomId: string, roomNick: string): string =>
  `${EVENT_PREFIX}invite${EVENT_SEPARATOR}${roomId}${EVENT_SEPARATOR}${roomNick.replaceAll(EVENT_SEPARATOR, ' ')}`;

const MAX_INVITEES = 50;

/**
 * `POST /webim/invite` (`id` optional, `nick`, `members` CSV): creates a temporary discussion room with the caller
 * as its first member, or adds invitations to a room the caller belongs to, and tells each invited user with an
 * event message from the caller (pushed, or kept for their next `online` when they are away). An invitation lets
 * its user join the room; they become members when they do. Answers the room.
 *
 * Refusals, before anything is made or told: a room the caller may not know of is a 404 (as if it did not exist)
 * and one they are not in a 403; a new room past the room limits (`checkRoomLimits`) a 403 or 429; an invitation
 * an away invitee could not get now past the sender's offline quota (as for chat messages) a 429.
 */
export async function invite(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const { user, params } = call;
  const ticket = requireTicket(ctx, call);
  const invitees = unique(params.csv('members')).filter((id) => id !== user.id);
  if (invitees.length === 0) throw new HttpError(400, 'members required');
  if (invitees.length > MAX_INVITEES) throw new HttpError(400, `at most ${MAX_INVITEES} members`);
  const unknown = invitees.find((id) => !ctx.data.user(id));
  if (unknown !== undefined) throw new HttpError(404, 'no such user');

  const wanted = params.get('id');
  if (wanted && !ROOM_ID.test(wanted)) throw new HttpError(400, 'bad room id');
  const existing = wanted && ctx.data.rooms.has(wanted) ? requireRoomMember(ctx.data, user.id, wanted) : undefined;
  if (!existing) checkRoomLimits(ctx, user.id, true);
  const id = existing?.id ?? (wanted || `discussion-${ctx.randomHex(8)}`);
  const nicks = [user, ...invitees.map((i) => ctx.data.user(i)!)].map((u) => u.nick).join(', ');
  const nick = existing?.nick ?? (params.get('nick')?.trim() || nicks).slice(0, 100);
  const body = inviteEventBody(id, nick);
  for (const to of invitees) if (!existing?.members.has(to)) await checkOfflineQuota(ctx, user.id, to, body);

  let room = existing;
  // The quota check waited for the message server: another call may have made the room meanwhile.
  if (!room && ctx.data.rooms.has(id)) throw new HttpError(409, 'the room was just made; try again');
  if (!room) {
    // A discussion is invite-only: its invitations are the way in.
    room = { id, nick, url: '', members: new Set([user.id]), temporary: true, access: 'invite', invited: new Set() };
    ctx.data.rooms.set(id, room);
    await ctx.im.join(id, ticket, user.nick);
  }
  for (const id of invitees) if (!room.members.has(id)) room.invited.add(id);
  await tell(ctx, call, room, invitees);
  const online = await ctx.im.members(room.id);
  return json(200, wireRoom(room, Object.keys(online).length, false, ctx.opts.generation));
}

/**
 * An event body a user sends as a `message` (the original client may): only an invitation of one person to a room
 * the sender is in, told as `invite` tells it — under the room's real name, whatever name the body gave (a made-up
 * one would be a forged invitation to "Official support"), and recorded, so an invite-only room lets them in. Any
 * other event is the server's to send: 400. A room the sender may not know of is a 404, one they are not in a 403.
 */
export async function inviteByMessage(ctx: SiteContext, call: SiteCall, type: string, to: string, body: string) {
  const [name, roomId = ''] = body.slice(EVENT_PREFIX.length).split(EVENT_SEPARATOR);
  if (type !== 'chat' || name !== 'invite')
    throw new HttpError(400, 'events are the server’s to send; a message may only invite one person to a room');
  const room = requireRoomMember(ctx.data, call.user.id, roomId);
  if (!ctx.data.user(to)) throw new HttpError(404, 'no such user');
  if (to === call.user.id || room.members.has(to)) return;
  await checkOfflineQuota(ctx, call.user.id, to, inviteEventBody(room.id, room.nick));
  room.invited.add(to);
  await tell(ctx, call, room, [to]);
}

/**
 * One event message per invitee, from the inviter, stored like any message (a server id, pushed with it) among the
 * invitee's events: `sync` answers it to the invitee whose link was down when it was pushed, and an invitee with no
 * connection gets it among the offline messages of their next login. Not a conversation's history: an invitation
 * is an event, and a stale one would otherwise show up as text in old logs.
 */
async function tell(ctx: SiteContext, call: SiteCall, room: SiteRoom, invitees: string[]): Promise<void> {
  const ticket = requireTicket(ctx, call);
  const body = inviteEventBody(room.id, room.nick);
  for (const to of invitees) {
    if (room.members.has(to)) continue;
    const item: LogItem = { type: 'chat', from: call.user.id, to, nick: call.user.nick, body, timestamp: ctx.now() };
    const stored = ctx.data.history.add(eventKey(to), item);
    let offline: boolean;
    try {
      ({ offline } = await ctx.im.message({
        ticket,
        type: 'chat',
        to,
        body,
        nick: call.user.nick,
        timestamp: String(stored.timestamp),
        id: String(stored.id),
      }));
    } catch (error) {
      // Not pushed (a dead ticket): not told either; the inviter's retry tells again.
      ctx.data.history.remove(stored);
      throw error;
    }
    if (offline) ctx.data.storeOffline(to, stored);
  }
}
