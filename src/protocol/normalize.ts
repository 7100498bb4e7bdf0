/**
 * Normalisers: untrusted input of either protocol generation (NextIM 3, NexTalk 5) in, the SDK's own types out.
 * Convention: `normalizeX(raw, errors, path)` returns the value, or pushes a `ProtocolError` (code, path such as
 * `messages[3].body`, offending value) and returns null for an item that cannot be used. They never throw, with
 * one documented exception: `normalizeOnlineReply` throws when the reply is unusable as a whole.
 */
export { normalizeShow, normalizeMessageType, toWireMessageType, MAX_BODY_LENGTH } from './values';
export { normalizeUser, normalizeBuddy, normalizeMember } from './people';
export { normalizeRoom } from './room';
export { normalizeMessage, normalizeHistory } from './message';
export { normalizePresence, normalizeStatus } from './events';
export { normalizeConnection } from './connection';
export { normalizeSettings, normalizeNotification } from './settings';
export { normalizeList, type ItemNormalizer } from './list';
export { normalizeOnlineReply } from './online';
