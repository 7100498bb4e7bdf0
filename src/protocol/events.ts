/**
 * What the protocol carries besides chat: the original client's event bodies (`webim-event:<name>|,|<arg>…`, an
 * invitation to a room) and this project's channel posts (`type: "channel"`). Both arrive among a packet's
 * messages; they are taken out here, so nothing past `protocol/` can render them as text.
 */
import type { Errors, ItemNormalizer } from './read';
import { CHECKED, cut, fail, get, idOf, linkOf, nameOf, REQUIRED, shape, textOf, timestampOf, type Rec } from './read';
import { messageContentKey } from './keys';
import type { Channel, ChannelPost, Invitation, Message } from './types';

export const EVENT_PREFIX = 'webim-event:';
const SEPARATOR = '|,|';

/** Whether a message body is an event of the original protocol rather than text. */
export const isEventBody = (body: string): boolean => body.startsWith(EVENT_PREFIX);

/** The invitation an event message carries; null (reported) for an invite without a usable room id. */
export function invitationOf(m: Message, errors: Errors, path: string): Invitation | null {
  const [name, room, nick] = m.body.slice(EVENT_PREFIX.length).split(SEPARATOR);
  if (name !== 'invite') return null;
  const roomId = idOf(room);
  if (!roomId) return fail(errors, 'bad_message', `${path}.body`, m.body);
  const invitation: Invitation = {
    roomId,
    roomNick: nameOf(nick) ?? roomId,
    from: m.from,
    nick: m.nick,
    timestamp: m.timestamp,
  };
  if (m.serverId) invitation.serverId = m.serverId;
  return invitation;
}

/**
 * Takes event messages out of `messages`: invitations come back on their own, other (unknown) events are dropped
 * (a newer server may invent some; they are never text). `path` names the list in error reports.
 */
export function takeEvents(
  messages: Message[],
  errors: Errors,
  path: string,
): { messages: Message[]; invitations: Invitation[] } {
  const invitations: Invitation[] = [];
  const rest = messages.filter((m, i) => {
    if (!isEventBody(m.body)) return true;
    const invitation = invitationOf(m, errors, `${path}[${i}]`);
    if (invitation) invitations.push(invitation);
    return false;
  });
  return { messages: rest, invitations };
}

const readPost = shape('bad_message', [
  ['to', idOf, REQUIRED],
  ['body', textOf(2000), REQUIRED],
  ['timestamp', timestampOf, REQUIRED],
  ['from', idOf],
  ['nick', nameOf],
  ['link', linkOf, CHECKED],
]);

/** Whether a raw pushed message is a channel post. */
export const isChannelPost = (raw: unknown): boolean => get(raw, 'type') === 'channel';

/**
 * A channel post `{type: "channel", to: <channel>, body, link?, timestamp, from?, nick?}`. A link that is not
 * http(s) or relative is dropped (reported), not the post.
 */
export const normalizeChannelPost: ItemNormalizer<ChannelPost> = (raw, errors, path) => {
  const o = readPost(raw, errors, path) as (Rec & { to: string; body: string; timestamp: number }) | null;
  if (!o) return null;
  const post: ChannelPost = {
    id: messageContentKey({ type: 'broadcast', from: '', to: o.to, timestamp: o.timestamp, body: o.body }),
    channel: o.to,
    body: o.body,
    timestamp: o.timestamp,
  };
  for (const key of ['from', 'nick', 'link'] as const) if (typeof o[key] === 'string') post[key] = o[key] as string;
  return post;
};

const readChannel = shape('bad_reply', [
  ['id', idOf, REQUIRED],
  ['nick name', nameOf],
  ['url', linkOf, CHECKED],
]);

/** A followed channel `{id, nick, url?}`; the nick defaults to the id. */
export const normalizeChannel: ItemNormalizer<Channel> = (raw, errors, path) => {
  const o = readChannel(raw, errors, path) as (Rec & { id: string }) | null;
  if (!o) return null;
  const channel: Channel = { id: o.id, nick: cut((o.nick as string | undefined) ?? o.id, 200) };
  if (typeof o.url === 'string') channel.url = o.url;
  return channel;
};
