import type { ProtocolError } from './errors';
import { messageId } from './keys';
import { normalizeList } from './list';
import { field, flagOf, idOf, isArray, isRecord, keysOf, textOf, timestampOf, truncate } from './read';
import type { Message, MessageType } from './types';
import {
  at,
  compact,
  MAX_BODY_LENGTH,
  MAX_STYLE_LENGTH,
  MAX_TEXT_LENGTH,
  normalizeMessageType,
  reject,
} from './values';

/**
 * A message or history log item of either generation, as the SDK's `Message` with status `sent`.
 * Ids become strings; `body` must be a string (a number is stringified) and is cut at `MAX_BODY_LENGTH` with the
 * cut reported (the message is kept); `timestamp` may be a number or numeric string, in ms or in Unix seconds;
 * a missing `type` means `chat`; `to` may be empty only for a broadcast.
 */
export function normalizeMessage(raw: unknown, errors: ProtocolError[], path: string): Message | null {
  if (!isRecord(raw)) return reject(errors, 'bad_message', 'message is not an object', path, raw);

  const rawType = field(raw, 'type');
  const type: MessageType | null =
    rawType === undefined || rawType === null || rawType === '' ? 'chat' : normalizeMessageType(rawType);
  if (type === null) return reject(errors, 'bad_message', 'unknown message type', at(path, 'type'), rawType);

  const from = idOf(field(raw, 'from'));
  if (from === null) return reject(errors, 'bad_message', 'message has no usable sender', at(path, 'from'), field(raw, 'from'));

  const rawTo = field(raw, 'to');
  let to = idOf(rawTo);
  if (to === null && type === 'broadcast' && (rawTo === undefined || rawTo === null || rawTo === '')) to = '';
  if (to === null) return reject(errors, 'bad_message', 'message has no usable receiver', at(path, 'to'), rawTo);

  const rawBody = field(raw, 'body');
  let body: string;
  if (typeof rawBody === 'string') body = rawBody;
  else if (typeof rawBody === 'number' && Number.isFinite(rawBody)) body = String(rawBody);
  else return reject(errors, 'bad_message', 'message body is not text', at(path, 'body'), rawBody);
  if (body.length > MAX_BODY_LENGTH) {
    reject(errors, 'bad_message', `message body cut from ${body.length} to ${MAX_BODY_LENGTH} characters`, at(path, 'body'), body.length);
    body = truncate(body, MAX_BODY_LENGTH);
  }

  const rawTimestamp = field(raw, 'timestamp');
  const timestamp = timestampOf(rawTimestamp);
  if (timestamp === null) return reject(errors, 'bad_message', 'message has no usable timestamp', at(path, 'timestamp'), rawTimestamp);

  const clientId = idOf(field(raw, 'client_id')) ?? undefined;
  const nick = textOf(field(raw, 'nick'), MAX_TEXT_LENGTH);
  const toNick = textOf(field(raw, 'to_nick'), MAX_TEXT_LENGTH);
  const style = textOf(field(raw, 'style'), MAX_STYLE_LENGTH);
  return compact<Message>({
    id: messageId({ clientId, type, from, to, timestamp, body }),
    clientId,
    type,
    from,
    to,
    nick: nick !== undefined && nick.trim() !== '' ? nick : from,
    toNick: toNick !== undefined && toNick.trim() !== '' ? toNick : undefined,
    body,
    style: style !== undefined && style.trim() !== '' ? style : undefined,
    timestamp,
    status: 'sent',
    offline: flagOf(field(raw, 'offline')) === true ? true : undefined,
  });
}

/** Sorts ascending by timestamp (stable, so equal timestamps keep server order) and drops repeated identities. */
export function sortHistory(messages: readonly Message[]): Message[] {
  const seen = new Set<string>();
  const unique = messages.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
  return unique.sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * History as `GET histories` returns it: an array of log items, or `{ id: [logItem] }` (v3, several ids at once;
 * all lists are merged). Ascending by timestamp, without repeats. null (and an error) when it is neither.
 */
export function normalizeHistory(raw: unknown, errors: ProtocolError[], path: string): Message[] | null {
  if (isArray(raw)) return sortHistory(normalizeList(raw, errors, path, normalizeMessage, 'bad_message') ?? []);
  if (!isRecord(raw)) return reject(errors, 'bad_reply', 'history is neither a list nor a map of lists', path, raw);
  const all: Message[] = [];
  for (const key of keysOf(raw)) {
    const list = normalizeList(field(raw, key), errors, at(path, key), normalizeMessage, 'bad_reply');
    if (list !== null) for (const m of list) all.push(m);
  }
  return sortHistory(all);
}
