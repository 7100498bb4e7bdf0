import type { ProtocolError } from './errors';
import { field, idOf, isRecord, textOf } from './read';
import type { PresenceType, PresenceUpdate, TypingStatus } from './types';
import { at, compact, MAX_TEXT_LENGTH, normalizeShow, reject } from './values';

const PRESENCE_TYPES: ReadonlySet<string> = new Set<PresenceType>([
  'online',
  'offline',
  'show',
  'grponline',
  'grpoffline',
  'join',
  'leave',
]);
/** Presence types about a room: `to` names the room and is required. */
const ROOM_PRESENCE_TYPES: ReadonlySet<string> = new Set<PresenceType>(['grponline', 'grpoffline', 'join', 'leave']);

/**
 * A pushed presence change. Unknown types are dropped with an error (a newer server may invent some);
 * room types (`grponline`, `grpoffline`, `join`, `leave`) need the room in `to`.
 */
export function normalizePresence(raw: unknown, errors: ProtocolError[], path: string): PresenceUpdate | null {
  if (!isRecord(raw)) return reject(errors, 'bad_presence', 'presence is not an object', path, raw);
  const rawType = field(raw, 'type');
  const type = typeof rawType === 'string' ? rawType.trim().toLowerCase() : '';
  if (!PRESENCE_TYPES.has(type)) return reject(errors, 'bad_presence', 'unknown presence type', at(path, 'type'), rawType);
  const from = idOf(field(raw, 'from'));
  if (from === null) return reject(errors, 'bad_presence', 'presence has no usable sender', at(path, 'from'), field(raw, 'from'));
  const rawTo = field(raw, 'to');
  const to = idOf(rawTo) ?? undefined;
  if (to === undefined && ROOM_PRESENCE_TYPES.has(type)) {
    return reject(errors, 'bad_presence', `${type} presence names no room`, at(path, 'to'), rawTo);
  }
  const rawShow = field(raw, 'show');
  const nick = textOf(field(raw, 'nick'), MAX_TEXT_LENGTH);
  return compact<PresenceUpdate>({
    type: type as PresenceType,
    from,
    nick: nick !== undefined && nick.trim() !== '' ? nick : undefined,
    show: typeof rawShow === 'string' && rawShow.trim() !== '' ? normalizeShow(rawShow) : undefined,
    status: textOf(field(raw, 'status'), MAX_TEXT_LENGTH),
    to,
  });
}

/**
 * A pushed typing status. `show` is `typing` or `clear`; an empty show clears; any other text (v3 servers send
 * display text such as "xxx is typing…") means typing and is kept in `text`.
 */
export function normalizeStatus(raw: unknown, errors: ProtocolError[], path: string): TypingStatus | null {
  if (!isRecord(raw)) return reject(errors, 'bad_status', 'status is not an object', path, raw);
  const from = idOf(field(raw, 'from'));
  if (from === null) return reject(errors, 'bad_status', 'status has no usable sender', at(path, 'from'), field(raw, 'from'));
  const to = idOf(field(raw, 'to'));
  if (to === null) return reject(errors, 'bad_status', 'status has no usable receiver', at(path, 'to'), field(raw, 'to'));
  const rawShow = field(raw, 'show');
  if (typeof rawShow !== 'string') return reject(errors, 'bad_status', 'status show is not text', at(path, 'show'), rawShow);
  const word = rawShow.trim().toLowerCase();
  const nick = textOf(field(raw, 'nick'), MAX_TEXT_LENGTH);
  const base = { from, to, nick: nick !== undefined && nick.trim() !== '' ? nick : undefined };
  if (word === 'typing') return compact<TypingStatus>({ ...base, show: 'typing' });
  if (word === 'clear' || word === '') return compact<TypingStatus>({ ...base, show: 'clear' });
  return compact<TypingStatus>({ ...base, show: 'typing', text: textOf(rawShow.trim(), MAX_TEXT_LENGTH) });
}
