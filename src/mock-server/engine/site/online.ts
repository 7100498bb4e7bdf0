import type { WireBuddy, WireConnection, WireMessage, WireOnlineReply } from '../../../protocol/types';
import { json } from '../http';
import { normaliseShow } from '../im/model';
import type { MockResponse } from '../types';
import { type SiteCall, type SiteContext, unique } from './context';
import { followedChannels } from './channels';
import { mayReadRoom } from './guard';
import { logKey } from './history';
import { wireBuddy, wireLog, wireRoom, wireUser } from './shapes';

const HISTORY_ON_ONLINE = 50;
/** Strangers (chatlink users) whose presence one page may follow. */
const MAX_STRANGERS = 1000;

/**
 * `POST /webim/online`: logs the user in at the message server (`presences/online`) and answers with everything
 * the toolbar needs to paint: user, connection, roster with presences, rooms, offline messages (handed out once),
 * the histories of open tabs and of offline-message senders, and saved settings.
 */
export async function online(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const { user, params } = call;
  const gen = ctx.opts.generation;
  const requested = normaliseShow(params.get('show'));
  if (requested) user.show = requested;
  const roster = ctx.data.buddies.get(user.id) ?? new Map<string, string>();
  const memberOf = ctx.data.roomsOf(user.id);
  const blocked = ctx.data.blockedOf(user.id);

  const newMessages = ctx.data.takeOffline(user.id);
  const senders = newMessages.filter((m) => m.type === 'chat').map((m) => m.from);
  // Conversations whose partner details and history the page needs now: open tabs and offline-message senders.
  const chatIds = unique([...params.csv('buddy_ids'), ...senders]).filter((id) => id !== user.id && ctx.data.user(id));
  const strangers = unique([...params.csv('stranger_ids'), ...params.csv('chatlink_ids')])
    .filter((id) => id !== user.id && ctx.data.user(id))
    .slice(0, MAX_STRANGERS);
  const lookup = unique([...chatIds, ...strangers]).filter((id) => !roster.has(id));

  // Strangers and chatlink users go in `buddies` too, so the message server pushes their presence changes to this
  // user (one way: they are not told about this user); the client's periodic re-check stays as the fallback.
  const conn = await ctx.im.online({
    name: user.id,
    nick: user.nick,
    show: user.show,
    status: user.status,
    buddies: [...roster.keys(), ...lookup],
    rooms: memberOf.filter((r) => !blocked.has(r.id)).map((r) => r.id),
    channels: [...ctx.data.followsOf(user.id)],
  });
  for (const old of ctx.data.addTicket(conn.ticket, user.id)) {
    // The site no longer honours it; the message server need not either (it may well have expired there already).
    await ctx.im.offline(old).catch(() => undefined);
  }
  const presences: Record<string, string> = conn.presences;

  const buddies: WireBuddy[] = [];
  for (const [id, group] of roster) {
    const buddy = ctx.data.user(id);
    if (buddy) buddies.push(wireBuddy(buddy, presences[id] ?? null, group, gen));
  }
  for (const id of chatIds) {
    const other = ctx.data.user(id);
    if (other && !roster.has(id)) buddies.push(wireBuddy(other, presences[id] ?? null, 'stranger', gen));
  }

  const rooms = await Promise.all(
    memberOf.map(async (room) => {
      const online = await ctx.im.members(room.id, conn.ticket);
      return wireRoom(room, Object.keys(online).length, blocked.has(room.id), gen);
    }),
  );

  const histories: Record<string, WireMessage[]> = {};
  for (const id of chatIds) {
    histories[id] = ctx.data.history
      .page(user.id, logKey('chat', user.id, id), undefined, HISTORY_ON_ONLINE)
      .map((m) => wireLog(m, gen));
  }
  for (const id of params.csv('room_ids')) {
    // Only rooms the user belongs to: a room id in the request is no key to its history.
    if (!mayReadRoom(ctx.data, user.id, id)) continue;
    histories[id] = ctx.data.history
      .page(user.id, logKey('grpchat', user.id, id), undefined, HISTORY_ON_ONLINE)
      .map((m) => wireLog(m, gen));
  }

  const connection: WireConnection =
    gen === 3
      ? { domain: ctx.opts.domain, ticket: conn.ticket, server: conn.server }
      : {
          domain: ctx.opts.domain,
          ticket: conn.ticket,
          server: conn.server,
          jsonpd: conn.jsonpd,
          websocket: conn.websocket,
        };
  // Broker mode: browsers subscribe at the broker; no NexTalk push URLs are offered.
  if (conn.mqtt) {
    for (const key of ['server', 'jsonpd', 'websocket'] as const) if (!connection[key]) delete connection[key];
    connection.mqtt = conn.mqtt;
  }
  const reply: WireOnlineReply & { setting: Record<string, unknown> } = {
    channels: followedChannels(ctx, user.id),
    success: true,
    server_time: ctx.now(),
    user: wireUser(user, user.show, gen),
    connection,
    buddies,
    rooms,
    new_messages: newMessages.map((m) => wireLog(m, gen, true)),
    histories,
    setting: ctx.data.settings.get(user.id) ?? {},
    cursor: `${ctx.data.history.generation}.${ctx.data.history.lastId}`,
  };
  if (gen === 3) reply.buddy_online_ids = Object.keys(presences).join(',');
  else reply.presences = presences;
  return json(200, reply);
}
