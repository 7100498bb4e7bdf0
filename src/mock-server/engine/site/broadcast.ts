import type { SiteContext } from './context';
import { logKey } from './history';

export interface SiteBroadcast {
  /** The sender shown with the announcement: an administrator's id, or `system`. */
  from: string;
  nick: string;
  body: string;
}

/**
 * A site-wide message, as a forum's admin tool sends it: pushed through the message server's REST API without a
 * ticket (`from` names the sender, so every bar shows who it is from) and kept in the broadcast history. Only the
 * site calls this (an administrator's `POST message type=broadcast`, or the test control); never a plain user.
 */
export async function broadcastFromSite(ctx: SiteContext, message: SiteBroadcast): Promise<void> {
  const timestamp = ctx.now();
  await ctx.im.message({
    type: 'broadcast',
    from: message.from,
    nick: message.nick,
    to: 'all',
    body: message.body,
    timestamp: String(timestamp),
  });
  ctx.data.history.add(logKey('broadcast', message.from, 'all'), {
    type: 'broadcast',
    from: message.from,
    to: 'all',
    nick: message.nick,
    body: message.body,
    timestamp,
  });
}
