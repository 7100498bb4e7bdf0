import type { WireBuddy, WireMember, WireMessage, WireRoom, WireUser } from '../../../protocol/types';
import { wireType } from '../im/router';
import type { Generation } from '../types';
import { DEFAULT_AVATAR, type SiteRoom, type SiteUser } from './data';
import type { LogItem } from './history';

/** Avatar fields under each generation's names (v5 `avatar`/`default_avatar`, v3 `pic_url`/`default_pic_url`). */
function avatarFields(avatar: string | undefined, gen: Generation): Partial<WireUser> {
  if (gen === 3) return { ...(avatar ? { pic_url: avatar } : {}), default_pic_url: DEFAULT_AVATAR };
  return { ...(avatar ? { avatar } : {}), default_avatar: DEFAULT_AVATAR };
}

export function wireUser(u: SiteUser, show: string, gen: Generation): WireUser {
  return { id: u.id, nick: u.nick, ...avatarFields(u.avatar, gen), url: u.url, show, status: u.status };
}

/** A buddy row; `show` null means offline (invisible users are offline to others). */
export function wireBuddy(u: SiteUser, show: string | null, group: string | undefined, gen: Generation): WireBuddy {
  const buddy: WireBuddy = {
    id: u.id,
    nick: u.nick,
    presence: show ? 'online' : 'offline',
    show: show ?? 'unavailable',
    ...avatarFields(u.avatar, gen),
    url: u.url,
  };
  if (u.status) buddy.status = u.status;
  if (group) buddy.group = group;
  if (gen === 3) buddy.need_reload = false;
  return buddy;
}

export function wireRoom(r: SiteRoom, count: number, blocked: boolean, gen: Generation): WireRoom {
  const room: WireRoom = {
    id: r.id,
    nick: r.nick,
    url: r.url,
    all_count: r.members.size,
    count,
    blocked,
    temporary: r.temporary,
  };
  if (r.avatar) Object.assign(room, gen === 3 ? { pic_url: r.avatar } : { avatar: r.avatar });
  return room;
}

export function wireMember(u: SiteUser, show: string | null): WireMember {
  return { id: u.id, nick: u.nick, presence: show ? 'online' : 'offline', show: show ?? 'unavailable' };
}

export function wireLog(item: LogItem, gen: Generation, offline = false): WireMessage {
  const m: WireMessage = { ...item, type: wireType(item.type, gen) };
  if (offline) m.offline = true;
  return m;
}
