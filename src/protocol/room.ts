import type { ProtocolError } from './errors';
import { countOf, field, flagOf, idOf, isRecord, textOf, urlOf } from './read';
import type { Room } from './types';
import { at, compact, MAX_TEXT_LENGTH, reject } from './values';

/**
 * A room of either generation. Counts may be numbers or numeric strings (PHP); a bad count becomes 0 and is
 * reported. `blocked`/`temporary` accept booleans, `"true"`/`"1"`. `members` and `history`, when a server inlines
 * them, are not part of the room (see `normalizeOnlineReply` for inlined history).
 */
export function normalizeRoom(raw: unknown, errors: ProtocolError[], path: string): Room | null {
  if (!isRecord(raw)) return reject(errors, 'bad_room', 'room is not an object', path, raw);
  const id = idOf(field(raw, 'id'));
  if (id === null) return reject(errors, 'bad_room', 'room has no usable id', at(path, 'id'), field(raw, 'id'));
  const name = textOf(field(raw, 'nick'), MAX_TEXT_LENGTH) ?? textOf(field(raw, 'name'), MAX_TEXT_LENGTH);
  const count = (key: string): number => {
    const v = field(raw, key);
    if (v === undefined || v === null) return 0;
    const n = countOf(v);
    if (n === null) reject(errors, 'bad_room', `room ${key} is not a count`, at(path, key), v);
    return n ?? 0;
  };
  const allCount = count('all_count');
  return compact<Room>({
    id,
    nick: name !== undefined && name.trim() !== '' ? name : id,
    avatar: urlOf(field(raw, 'avatar'), { image: true }) ?? urlOf(field(raw, 'pic_url'), { image: true }),
    defaultAvatar:
      urlOf(field(raw, 'default_avatar'), { image: true }) ?? urlOf(field(raw, 'default_pic_url'), { image: true }),
    url: urlOf(field(raw, 'url')),
    allCount,
    count: count('count'),
    blocked: flagOf(field(raw, 'blocked')) ?? false,
    temporary: flagOf(field(raw, 'temporary')) ?? false,
  });
}
