import type { WireChannel } from '../../../protocol/types';
import { HttpError, json, readParams } from '../http';
import type { MockRequest, MockResponse } from '../types';
import { requireTicket, type SiteCall, type SiteContext, siteError } from './context';
import type { SiteChannel } from './data';
import { csrfPasses } from './guard';
import { identify } from './pages';

export const wireChannel = (c: SiteChannel): WireChannel => ({ id: c.id, nick: c.nick, url: c.url });

/** The channels `uid` follows, as the online reply lists them. */
export function followedChannels(ctx: SiteContext, uid: string): WireChannel[] {
  return [...ctx.data.followsOf(uid)].flatMap((id) => {
    const channel = ctx.data.channels.get(id);
    return channel ? [wireChannel(channel)] : [];
  });
}

function channelOf(ctx: SiteContext, call: SiteCall): SiteChannel {
  const channel = ctx.data.channels.get(call.params.need('id'));
  if (!channel) throw new HttpError(404, 'no such channel');
  return channel;
}

/** `POST /webim/subscribe` (`id`): the user follows a channel from now on (this session and every later one). */
export async function subscribe(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const channel = channelOf(ctx, call);
  ctx.data.followsOf(call.user.id).add(channel.id);
  await ctx.im.follow(channel.id, ticket, true);
  return json(200, wireChannel(channel));
}

/** `POST /webim/unsubscribe` (`id`): stops following; unknown or unfollowed channels are no error. */
export async function unsubscribe(ctx: SiteContext, call: SiteCall): Promise<MockResponse> {
  const ticket = requireTicket(ctx, call);
  const id = call.params.need('id');
  ctx.data.followsOf(call.user.id).delete(id);
  await ctx.im.follow(id, ticket, false);
  return json(200, 'ok');
}

const MAX_TITLE = 200;

/**
 * `POST /forum/post` (`channel`, `title`; logged in, CSRF-checked like any write): the demo forum's "new thread".
 * The post is stored and published to the channel's followers (not its author) through the push port, as a forum
 * plugin would do on its own "new post" hook.
 */
export async function forumPost(ctx: SiteContext, req: MockRequest): Promise<MockResponse> {
  if (req.method !== 'POST') return siteError(405, 'method not allowed');
  const user = identify(ctx, req);
  if (!user || user.visitor) return siteError(401, 'not logged in');
  try {
    const params = readParams(req, ctx.opts.maxBody);
    if (!csrfPasses(ctx, req, params, user.id)) return siteError(403, 'invalid csrf token');
    const channel = ctx.data.channels.get(params.need('channel'));
    if (!channel) throw new HttpError(404, 'no such channel');
    const title = params.need('title').trim().slice(0, MAX_TITLE);
    if (!title) throw new HttpError(400, 'missing title');
    const post = { id: ctx.data.posts.length + 1, channel: channel.id, author: user.id, title, time: ctx.now() };
    ctx.data.posts.push(post);
    await ctx.im.publish(channel.id, {
      from: user.id,
      nick: user.nick,
      body: `${user.nick}: ${title}`,
      link: `/demo/thread.html?post=${post.id}`,
      timestamp: post.time,
      except: user.id,
    });
    return json(200, { success: true, post });
  } catch (error) {
    if (error instanceof HttpError) return siteError(error.status, error.message);
    throw error;
  }
}
