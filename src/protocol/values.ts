import { ProtocolError, type ProtocolErrorCode } from './errors';
import type { MessageType, Show } from './types';

/** Longest message body kept; longer bodies are cut and the cut is reported. */
export const MAX_BODY_LENGTH = 20_000;
/** Longest nick, status text, group or room name kept (cut silently: display text only). */
export const MAX_TEXT_LENGTH = 500;
/** Longest sender style kept (it only ever passes the style allow-list). */
export const MAX_STYLE_LENGTH = 1_000;

/**
 * Records why part of the input was rejected and returns null, so a normaliser can `return reject(…)`.
 */
export function reject(
  errors: ProtocolError[],
  code: ProtocolErrorCode,
  message: string,
  path: string,
  value: unknown,
): null {
  errors.push(new ProtocolError(code, message, path, value));
  return null;
}

/** Joins a parent path and a key: `join('messages[3]', 'body')` → `messages[3].body`. */
export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

const SHOW_ALIASES: Readonly<Record<string, Show>> = {
  available: 'available',
  online: 'available',
  away: 'away',
  xa: 'away',
  chat: 'chat',
  dnd: 'dnd',
  busy: 'dnd',
  // The NextIM 3 guide's own buddy example spells it this way.
  buzy: 'dnd',
  invisible: 'invisible',
  hidden: 'invisible',
  unavailable: 'unavailable',
  offline: 'unavailable',
};

/**
 * A show of either generation as the SDK's `Show`: `busy` → `dnd`, `hidden` → `invisible`, `offline` →
 * `unavailable`; case and surrounding blanks are ignored; anything unknown (or not a string) is `available`.
 */
export function normalizeShow(v: unknown): Show {
  return (typeof v === 'string' && knownShow(v)) || 'available';
}

/** Like `normalizeShow`, but undefined for values that are not a recognised show. */
export function knownShow(v: unknown): Show | undefined {
  if (typeof v !== 'string') return undefined;
  const key = v.trim().toLowerCase();
  return Object.prototype.hasOwnProperty.call(SHOW_ALIASES, key) ? SHOW_ALIASES[key] : undefined;
}

/**
 * A message type of either generation: `chat`/`unicast` → `chat`, `grpchat`/`multicast` → `grpchat`,
 * `broadcast`. null for anything else.
 */
export function normalizeMessageType(v: unknown): MessageType | null {
  if (typeof v !== 'string') return null;
  switch (v.trim().toLowerCase()) {
    case 'chat':
    case 'unicast':
      return 'chat';
    case 'grpchat':
    case 'multicast':
      return 'grpchat';
    case 'broadcast':
      return 'broadcast';
    default:
      return null;
  }
}

/** The wire name of a message type for a server generation: v3 says `unicast`/`multicast`, v5 `chat`/`grpchat`. */
export function toWireMessageType(type: MessageType, generation: 3 | 5): string {
  if (generation === 5) return type;
  return type === 'chat' ? 'unicast' : type === 'grpchat' ? 'multicast' : 'broadcast';
}

/** Removes keys whose value is undefined, so optional fields are absent rather than present-but-undefined. */
export function compact<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}
