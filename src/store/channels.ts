import type { Channel, ChannelPost, Invitation, OnlineReply } from '../protocol/types';
import { setIn } from './signals';
import type { Store } from './types';

/** Channel posts kept for the notifications pane (newest first); older ones fall off. */
export const MAX_CHANNEL_POSTS = 50;
/** Pending invitations kept (newest first). */
export const MAX_INVITATIONS = 20;

/**
 * Invitations that are news: not our own (the server echoes what we sent to our other tabs), not to a room we are
 * already in. A newer invitation to the same room replaces the older one.
 */
export function addInvitations(s: Store, list: readonly Invitation[] | undefined, me: string): void {
  if (!list?.length) return;
  let next = s.invitations.peek();
  for (const invitation of list) {
    if (invitation.from === me || s.rooms.peek().has(invitation.roomId)) continue;
    const known = next.find((i) => i.roomId === invitation.roomId);
    if (known && known.timestamp >= invitation.timestamp) continue;
    next = [invitation, ...next.filter((i) => i.roomId !== invitation.roomId)];
  }
  if (next !== s.invitations.peek())
    s.invitations.value = [...next].sort((a, b) => b.timestamp - a.timestamp).slice(0, MAX_INVITATIONS);
}

/** Joining a room (or declining) answers its invitation. */
export function removeInvitation(s: Store, roomId: string): void {
  const now = s.invitations.peek();
  if (now.some((i) => i.roomId === roomId)) s.invitations.value = now.filter((i) => i.roomId !== roomId);
}

/** New channel posts go first; a post seen before (a replay, another tab) is not added twice. */
export function addChannelPosts(s: Store, list: readonly ChannelPost[] | undefined): ChannelPost[] {
  if (!list?.length) return [];
  const known = new Set(s.channelPosts.peek().map((p) => p.id));
  const fresh = list.filter((p) => !known.has(p.id) && !!known.add(p.id));
  if (fresh.length)
    s.channelPosts.value = [...fresh, ...s.channelPosts.peek()]
      .sort((a, b) => b.timestamp - a.timestamp)
      .slice(0, MAX_CHANNEL_POSTS);
  return fresh;
}

/** The login's word on followed channels and offline invitations (a server without channels says nothing). */
export function applyOnlineExtras(s: Store, r: OnlineReply, me: string): void {
  if (r.channels) s.channels.value = new Map(r.channels.map((c) => [c.id, c]));
  addInvitations(s, r.invitations, me);
  for (const room of r.rooms) removeInvitation(s, room.id);
}

/** Follows (a copy marked `pending` until the server confirms) or stops following a channel. */
export function followChannel(s: Store, channel: Channel, followed: boolean, pending = false): void {
  const { id, nick, url } = channel;
  const now = s.channels.peek().get(id);
  if (followed && now && now.nick === nick && now.url === url && !!now.pending === pending) return;
  setIn(s.channels, id, followed ? { id, nick, ...(url ? { url } : {}), ...(pending ? { pending } : {}) } : undefined);
}
