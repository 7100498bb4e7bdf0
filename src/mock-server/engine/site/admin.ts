import { HttpError } from '../http';
import { ok, type SiteCall, type SiteContext } from './context';

const MAX_NOTICE_CHARS = 500;
const MAX_NOTICES_PER_USER = 100;

/**
 * `POST /webim/notify` (this mock's admin tool, not a toolbar call): an administrator sends `user` a notification
 * `text` with an optional `link` (site-relative or http(s)). Plain users get 403.
 */
export function notify(ctx: SiteContext, call: SiteCall): ReturnType<typeof ok> {
  if (call.user.admin !== true) throw new HttpError(403, 'only the site sends notifications');
  const uid = call.params.need('user');
  if (!ctx.data.user(uid)) throw new HttpError(404, 'unknown user');
  const text = call.params.need('text');
  if (text.length > MAX_NOTICE_CHARS) throw new HttpError(400, 'notification too long');
  const link = call.params.get('link');
  if (link && !/^(\/(?!\/)|https?:\/\/)/i.test(link)) throw new HttpError(400, 'link must be site-relative or http(s)');
  const list = [{ text, ...(link ? { link } : {}), time: ctx.now() }, ...(ctx.data.notices.get(uid) ?? [])];
  ctx.data.notices.set(uid, list.slice(0, MAX_NOTICES_PER_USER));
  return ok();
}
