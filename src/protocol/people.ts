import type { ProtocolError, ProtocolErrorCode } from './errors';
import { field, idOf, isRecord, textOf, urlOf, type Rec } from './read';
import type { Buddy, PresenceState, RoomMember, Show, User } from './types';
import { at, compact, knownShow, MAX_TEXT_LENGTH, normalizeShow, reject } from './values';

/** Fields users, buddies and members share, read the same way for both generations. */
interface Person {
  id: string;
  nick: string;
}

function person(raw: unknown, errors: ProtocolError[], path: string, code: ProtocolErrorCode, what: string): (Person & { rec: Rec }) | null {
  if (!isRecord(raw)) return reject(errors, code, `${what} is not an object`, path, raw);
  const id = idOf(field(raw, 'id'));
  if (id === null) return reject(errors, code, `${what} has no usable id`, at(path, 'id'), field(raw, 'id'));
  // v3 sometimes names users by `name`; a nick that is missing or blank falls back to the id.
  const nick = nonBlank(textOf(field(raw, 'nick'), MAX_TEXT_LENGTH)) ?? nonBlank(textOf(field(raw, 'name'), MAX_TEXT_LENGTH)) ?? id;
  return { id, nick, rec: raw };
}

function nonBlank(s: string | undefined): string | undefined {
  return s !== undefined && s.trim().length > 0 ? s : undefined;
}

/** Picture fields: v5 `avatar`/`default_avatar`, v3 `pic_url`/`default_pic_url`. Unsafe URLs are dropped. */
function pictures(rec: Rec): { avatar?: string; defaultAvatar?: string } {
  return {
    avatar: urlOf(field(rec, 'avatar'), { image: true }) ?? urlOf(field(rec, 'pic_url'), { image: true }),
    defaultAvatar:
      urlOf(field(rec, 'default_avatar'), { image: true }) ?? urlOf(field(rec, 'default_pic_url'), { image: true }),
  };
}

/** Whether a show means the user can be reached (others see an invisible user as offline). */
export function isOnlineShow(show: Show): boolean {
  return show !== 'unavailable' && show !== 'invisible';
}

/**
 * Presence from an explicit `presence` field when it says online/offline, else from a recognised show, else
 * `fallback`. The show of someone offline is always `unavailable`.
 */
function presenceOf(rec: Rec, fallback: PresenceState): { presence: PresenceState; show: Show } {
  const p = field(rec, 'presence');
  const explicit = typeof p === 'string' ? p.trim().toLowerCase() : undefined;
  const show = knownShow(field(rec, 'show'));
  let presence: PresenceState;
  if (explicit === 'online' || explicit === 'offline') presence = explicit;
  else if (show !== undefined) presence = isOnlineShow(show) ? 'online' : 'offline';
  else presence = fallback;
  if (presence === 'offline') return { presence, show: 'unavailable' };
  return { presence, show: show === undefined || show === 'unavailable' ? 'available' : show };
}

/** The logged-in user (`user` of the online reply). null (and an error) when it has no usable id. */
export function normalizeUser(raw: unknown, errors: ProtocolError[], path: string): User | null {
  const p = person(raw, errors, path, 'bad_user', 'user');
  if (p === null) return null;
  const { rec } = p;
  return compact<User>({
    id: p.id,
    nick: p.nick,
    ...pictures(rec),
    url: urlOf(field(rec, 'url')),
    show: normalizeShow(field(rec, 'show')),
    status: textOf(field(rec, 'status'), MAX_TEXT_LENGTH),
    statusTime: textOf(field(rec, 'status_time'), 64),
  });
}

/**
 * A roster entry of either generation. Presence comes from `presence`, else from `show`, else offline.
 * `incomplete` (v5) or `need_reload` (v3) marks entries whose details must be fetched later; `vid:` ids are visitors.
 */
export function normalizeBuddy(raw: unknown, errors: ProtocolError[], path: string): Buddy | null {
  const p = person(raw, errors, path, 'bad_buddy', 'buddy');
  if (p === null) return null;
  const { rec } = p;
  const group = nonBlank(textOf(field(rec, 'group'), MAX_TEXT_LENGTH));
  return compact<Buddy>({
    id: p.id,
    nick: p.nick,
    ...presenceOf(rec, 'offline'),
    status: textOf(field(rec, 'status'), MAX_TEXT_LENGTH),
    statusTime: textOf(field(rec, 'status_time'), 64),
    group,
    ...pictures(rec),
    url: urlOf(field(rec, 'url')),
    incomplete: flag(field(rec, 'incomplete')) || flag(field(rec, 'need_reload')),
    visitor: p.id.startsWith('vid:'),
  });
}

function flag(v: unknown): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}

/** A buddy with presence taken from a show reported by the message server (it knows better than the roster). */
export function withShow(buddy: Buddy, show: Show): Buddy {
  return isOnlineShow(show)
    ? { ...buddy, presence: 'online', show }
    : { ...buddy, presence: 'offline', show: 'unavailable' };
}

/** A room member. Member lists list the members online, so presence defaults to online. */
export function normalizeMember(raw: unknown, errors: ProtocolError[], path: string): RoomMember | null {
  const p = person(raw, errors, path, 'bad_member', 'room member');
  if (p === null) return null;
  return { id: p.id, nick: p.nick, ...presenceOf(p.rec, 'online') };
}
