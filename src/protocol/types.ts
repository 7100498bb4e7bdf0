/**
 * Types of the WebIM wire protocol (NextIM 3 and NexTalk 5) and the SDK's own normalised shapes.
 *
 * `Wire*` types describe what may arrive from a server of either generation. They are deliberately loose:
 * everything from the network is `unknown` until a normaliser in this module has checked it. Everything past
 * `protocol/` sees only the normalised types (no `Wire` prefix), which never differ between generations.
 */

/* ------------------------------------------------------------------------------------------------------------ */
/* Normalised SDK types                                                                                          */
/* ------------------------------------------------------------------------------------------------------------ */

/** A user's presence "show". v3's `busy` is normalised to `dnd`, `hidden` to `invisible`. */
export type Show = 'available' | 'away' | 'chat' | 'dnd' | 'invisible' | 'unavailable';

/** Every show value, in the order a presence menu lists them. */
export const SHOWS: readonly Show[] = ['available', 'chat', 'away', 'dnd', 'invisible', 'unavailable'];

export type PresenceState = 'online' | 'offline';

/** Message kinds: one-to-one, room, site-wide. v3's unicast/multicast are normalised to chat/grpchat. */
export type MessageType = 'chat' | 'grpchat' | 'broadcast';

export type MessageStatus = 'pending' | 'sent' | 'failed';

/**
 * Identifies a conversation: `chat:<buddyId>`, `grpchat:<roomId>`, or `broadcast:site` (all site broadcasts).
 * Build and parse with `conversationKey()` / `parseConversationKey()`.
 */
export type ConversationKey = `chat:${string}` | `grpchat:${string}` | `broadcast:${string}`;

/** The connection the community server hands out after `online`. */
export interface Connection {
  domain: string;
  /** Opaque; identifies one push subscriber (one browser tab, or one browser when tabs share it). */
  ticket: string;
  /** JSONP long-poll URL (v5 `jsonpd`, v3 `server`). */
  jsonpd?: string;
  /** WebSocket URL when the server offers one (`ws:`/`wss:`; an `http(s):` URL is converted). */
  websocket?: string;
  /** Broker mode: MQTT over WebSocket (PROTOCOL.md, "MQTT push: broker mode"). */
  mqtt?: MqttConnection;
}

/** How to reach the site's MQTT broker: one URL per cluster node (tried in order), and the login. */
export interface MqttConnection {
  /** `ws:`/`wss:` URLs (an `http(s):` URL is converted); at least one. */
  urls: string[];
  username: string;
  /** The ticket the broker's auth hook checks against the community server. */
  password: string;
  /** Keep-alive in seconds. Default 60. */
  keepalive?: number;
}

export interface User {
  id: string;
  nick: string;
  avatar?: string;
  defaultAvatar?: string;
  url?: string;
  show: Show;
  status?: string;
  statusTime?: string;
}

export interface Buddy {
  id: string;
  nick: string;
  presence: PresenceState;
  /** Meaningful when online; `unavailable` when offline. */
  show: Show;
  status?: string;
  statusTime?: string;
  /** Roster group name; undefined means the default group. */
  group?: string;
  avatar?: string;
  defaultAvatar?: string;
  url?: string;
  /** True when details are missing and must be fetched later with `buddies`. */
  incomplete: boolean;
  /** True for site visitors (`vid:` ids). */
  visitor: boolean;
}

export interface Room {
  id: string;
  nick: string;
  avatar?: string;
  defaultAvatar?: string;
  url?: string;
  /** All members. */
  allCount: number;
  /** Members online now. */
  count: number;
  /** The user muted this room (`block`). */
  blocked: boolean;
  temporary: boolean;
}

export interface RoomMember {
  id: string;
  nick: string;
  presence: PresenceState;
  show: Show;
}

/** A chat message as the SDK holds it; also used for history log items. */
export interface Message {
  /**
   * Stable identity used for de-duplication: the `clientId` when the message carries one, otherwise a key derived
   * from (type, from, to, timestamp, body). See `messageId()`.
   */
  id: string;
  /** Client-generated id (`client_id` on the wire), echoed back by servers that support the extension. */
  clientId?: string;
  /** The community server's id of the stored message (wire `id`, an extension): grows site-wide. */
  serverId?: number;
  /** Why the server refused this (own, `failed`) message, in the server's words. */
  error?: string;
  /** Known from history only so far: the first live copy (push, sync) still announces it as news. */
  unannounced?: true;
  type: MessageType;
  from: string;
  /** The receiving user, or the room for `grpchat`. */
  to: string;
  /** Sender's nick. */
  nick: string;
  toNick?: string;
  body: string;
  /** Sender-chosen CSS declarations: untrusted, apply only through the style allow-list. */
  style?: string;
  /** Server time in JavaScript milliseconds. */
  timestamp: number;
  status: MessageStatus;
  /** Sent while the receiver was offline (stored for later delivery, not pushed). */
  offline?: boolean;
}

export type PresenceType = 'online' | 'offline' | 'show' | 'grponline' | 'grpoffline' | 'join' | 'leave';

export interface PresenceUpdate {
  type: PresenceType;
  /** The user whose presence changed. */
  from: string;
  nick?: string;
  show?: Show;
  status?: string;
  /** The room, for `grponline`, `grpoffline`, `join`, `leave`. */
  to?: string;
}

export interface TypingStatus {
  from: string;
  to: string;
  nick?: string;
  show: 'typing' | 'clear';
  /** Display text that v3 servers put in `show` (e.g. "xxx is typing…"). */
  text?: string;
}

/**
 * An invitation to a (usually temporary) room. The original protocol carries it in a chat message whose body is
 * `webim-event:invite|,|<roomId>|,|<room nick>`; the SDK turns that body into this, never into text.
 */
export interface Invitation {
  roomId: string;
  roomNick: string;
  /** Who invited (the event message's sender). */
  from: string;
  nick: string;
  timestamp: number;
  /** The server id of the event message that carried it (extension): a pushed and a synced copy share it. */
  serverId?: number;
}

/** A site channel the user may follow: a forum board or thread (extension: channel push). */
export interface Channel {
  id: string;
  nick: string;
  /** Where the board or thread is (http(s) or site-relative). */
  url?: string;
}

/** A post pushed to a followed channel (`type: "channel"` on the wire). */
export interface ChannelPost {
  /** De-duplication identity (channel, time, body). */
  id: string;
  channel: string;
  from?: string;
  nick?: string;
  body: string;
  /** Where the post is (http(s) or site-relative); unsafe links are dropped. */
  link?: string;
  timestamp: number;
}

/** A pushed packet after validation. Arrays are always present (possibly empty). */
export interface Packet {
  /** `stopped`: the ticket is dead; log in again. */
  status: 'ok' | 'stopped';
  messages: Message[];
  presences: PresenceUpdate[];
  statuses: TypingStatus[];
  /** Invitations carried in event message bodies (absent: none). */
  invitations?: Invitation[];
  /** Posts to followed channels (absent: none). */
  channelPosts?: ChannelPost[];
  /** The server had to drop queued packets for this subscriber: what was lost must be fetched (`sync`). */
  overflow?: boolean;
}

/** The reply to `sync`: messages stored after the cursor, oldest first; `more` when another page follows. */
export interface SyncReply {
  messages: Message[];
  /** Invitations among the stored messages (event bodies, never text; absent: none). */
  invitations?: Invitation[];
  /** Opaque; the `since` of the next call. */
  cursor: string;
  more: boolean;
}

/** Per-user settings persisted through `setting`. The first four are the original product's keys. */
export interface Settings {
  play_sound: boolean;
  buddy_sticky: boolean;
  minimize_layout: boolean;
  msg_auto_pop: boolean;
  desktop_notify: boolean;
  /** `en`, `zh-CN`, `zh-TW`; undefined follows the page/browser. */
  locale?: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  play_sound: true,
  buddy_sticky: false,
  minimize_layout: false,
  msg_auto_pop: true,
  desktop_notify: false,
};

export interface SiteNotification {
  text: string;
  link?: string;
  /** JavaScript milliseconds when known. */
  time?: number;
}

/** The reply to `POST /webim/online`, normalised. */
export interface OnlineReply {
  /** Server clock at reply time (ms); the SDK corrects message ordering by the skew to the local clock. */
  serverTime: number;
  user: User;
  connection: Connection;
  buddies: Buddy[];
  rooms: Room[];
  /** Offline messages stored while the user was away. */
  newMessages: Message[];
  /** Histories of the conversations asked for (open tabs) and of offline-message senders. */
  histories: Partial<Record<ConversationKey, Message[]>>;
  /** Presence of buddies, strangers and chatlink users: id → show (absent or `unavailable` = offline). */
  presences: Record<string, Show>;
  /** Settings saved by the user, when the server returns them (extension: `setting`). */
  settings?: Partial<Settings>;
  /**
   * The `sync` cursor at this login (extension): everything stored from here on is after it. A client with no cursor
   * of its own starts there rather than at the first sync's "now", so nothing stored in between can slip past.
   */
  cursor?: string;
  /** Invitations among the offline messages (event bodies, taken out of `newMessages`). */
  invitations?: Invitation[];
  /** The channels the user follows, when the server supports channels (absent: it does not say). */
  channels?: Channel[];
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Wire types (input from servers of either generation; validate before use)                                    */
/* ------------------------------------------------------------------------------------------------------------ */

export type WireId = string | number;

export interface WireConnection {
  domain: string;
  ticket: string;
  /** v3 long-poll URL. */
  server?: string;
  /** v5 long-poll URL. */
  jsonpd?: string;
  /** Name used by some v5 servers for the long-poll URL. */
  jsonp?: string;
  websocket?: string;
  /** Broker mode: `{urls, username, password, keepalive?}`. */
  mqtt?: { urls?: unknown; username?: unknown; password?: unknown; keepalive?: unknown };
}

export interface WireUser {
  id: WireId;
  nick?: string;
  name?: string;
  /** v5 */
  avatar?: string;
  default_avatar?: string;
  /** v3 */
  pic_url?: string;
  default_pic_url?: string;
  url?: string;
  show?: string;
  status?: string;
  status_time?: string;
}

export interface WireBuddy extends WireUser {
  presence?: 'online' | 'offline' | string;
  group?: string;
  incomplete?: boolean;
  /** v3 name for `incomplete`. */
  need_reload?: boolean;
  history?: WireMessage[];
}

export interface WireRoom {
  id: WireId;
  nick?: string;
  name?: string;
  avatar?: string;
  default_avatar?: string;
  pic_url?: string;
  default_pic_url?: string;
  url?: string;
  all_count?: number | string;
  count?: number | string;
  blocked?: boolean | string;
  temporary?: boolean;
  members?: WireMember[];
  history?: WireMessage[];
}

export interface WireMember {
  id: WireId;
  nick?: string;
  presence?: string;
  show?: string;
}

export interface WireMessage {
  /** v5 chat/grpchat/broadcast; v3 unicast/multicast/broadcast. */
  type?: string;
  from: WireId;
  to: WireId;
  nick?: string;
  to_nick?: string;
  body: string;
  style?: string;
  timestamp: number | string;
  /** Extension: echoed client-generated id. */
  client_id?: string;
  /** Extension: the community server's id of the stored message (a positive integer growing site-wide). */
  id?: number | string;
  offline?: boolean | string;
  /** Extension, `channel` posts: where the post is (http(s) or site-relative). */
  link?: string;
}

export interface WirePresence {
  type: string;
  from: WireId;
  nick?: string;
  show?: string;
  status?: string;
  to?: WireId;
}

export interface WireStatus {
  from: WireId;
  to: WireId;
  nick?: string;
  show: string;
}

export interface WirePacket {
  status?: string;
  messages?: WireMessage[];
  presences?: WirePresence[];
  statuses?: WireStatus[];
  /** Extension: the server dropped queued packets for this subscriber (the client syncs). */
  overflow?: boolean;
}

/** Extension: `GET /webim/sync?since=<cursor>&limit=<n>`. */
export interface WireSyncReply {
  messages: WireMessage[];
  /** Opaque to the client: pass it back as `since`. */
  cursor: string | number;
  more: boolean;
}

export interface WireOnlineReply {
  success: boolean;
  error_msg?: string;
  server_time?: number;
  user: WireUser;
  connection: WireConnection;
  /** v5: id → show. */
  presences?: Record<string, string>;
  /** v3: CSV or array of online buddy ids. */
  buddy_online_ids?: string | WireId[];
  buddies?: WireBuddy[];
  rooms?: WireRoom[];
  new_messages?: WireMessage[];
  /** v3: `{ buddyOrRoomId: [log] }`; the type is inferred from the entries. */
  histories?: Record<string, WireMessage[]>;
  /** Extension: saved settings, an object or its JSON text. */
  setting?: Record<string, unknown> | string;
  /** Extension: the channels the user follows. */
  channels?: WireChannel[];
  /** Extension (delivery): the `sync` cursor at this login; a client without one goes on from here. */
  cursor?: string;
}

/** A channel the user can follow (a forum board or thread). */
export interface WireChannel {
  id: WireId;
  nick?: string;
  url?: string;
}
