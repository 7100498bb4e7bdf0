/**
 * Broker mode's MQTT topics (PROTOCOL.md, "MQTT push: broker mode"), shared by the SDK and the reference server so
 * both sides spell them alike: user `/domain/{d}/uid/{id}` (visitors `vid`), room `/domain/{d}/gid/{id}`, channel
 * `/domain/{d}/sid/{id}`, site broadcast `/domain/{d}/broadcast`, connection signals `/domain/{d}/presence/{uid}`.
 */

/** The prefix a visitor's user id carries (`vid:abc` is visitor `abc`). */
const VISITOR_PREFIX = 'vid:';

/**
 * One topic level for an id: `encodeURIComponent`, and `.` as `%2E` because RabbitMQ's MQTT plugin turns `.` into
 * a level separator; `/`, `+` and `#` are thereby never raw, so an id can neither add a level nor act as a wildcard.
 */
export const topicLevel = (id: string): string => encodeURIComponent(id).replace(/\./g, '%2E');

/** Reverses `topicLevel`; null for a level no id encodes to (wildcards, malformed escapes). */
export function idOfLevel(level: string): string | null {
  if (!level || /[+#/]/.test(level)) return null;
  try {
    return decodeURIComponent(level);
  } catch {
    return null;
  }
}

const base = (domain: string) => `/domain/${topicLevel(domain)}`;

/** A user's own topic: `uid`, or `vid` for a visitor (`vid:` prefix). */
export const userTopic = (domain: string, userId: string): string =>
  userId.startsWith(VISITOR_PREFIX)
    ? `${base(domain)}/vid/${topicLevel(userId.slice(VISITOR_PREFIX.length))}`
    : `${base(domain)}/uid/${topicLevel(userId)}`;

export const roomTopic = (domain: string, roomId: string): string => `${base(domain)}/gid/${topicLevel(roomId)}`;
export const channelTopic = (domain: string, channelId: string): string =>
  `${base(domain)}/sid/${topicLevel(channelId)}`;
export const broadcastTopic = (domain: string): string => `${base(domain)}/broadcast`;
/** Connection signals: the client's will and its announcement on (re)connect; the user id is one level. */
export const presenceTopic = (domain: string, userId: string): string =>
  `${base(domain)}/presence/${topicLevel(userId)}`;
/** What the community server subscribes to learn about every connection of every user of every domain. */
export const PRESENCE_FILTER = '/domain/+/presence/+';

/** What a concrete topic addresses, or null when it is none of broker mode's topics. */
export type TopicAddress =
  | { kind: 'user' | 'room' | 'channel' | 'presence'; domain: string; id: string }
  | { kind: 'broadcast'; domain: string };

export function parseTopic(topic: string): TopicAddress | null {
  const levels = topic.split('/');
  if (levels[0] !== '' || levels[1] !== 'domain') return null;
  const domain = idOfLevel(levels[2]);
  if (domain === null) return null;
  if (levels.length === 4) return levels[3] === 'broadcast' ? { kind: 'broadcast', domain } : null;
  if (levels.length !== 5) return null;
  const id = idOfLevel(levels[4]);
  if (id === null) return null;
  switch (levels[3]) {
    case 'uid':
      return { kind: 'user', domain, id };
    case 'vid':
      return { kind: 'user', domain, id: VISITOR_PREFIX + id };
    case 'gid':
      return { kind: 'room', domain, id };
    case 'sid':
      return { kind: 'channel', domain, id };
    case 'presence':
      return { kind: 'presence', domain, id };
    default:
      return null;
  }
}
