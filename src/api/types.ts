import type {
  Buddy,
  Channel,
  Message,
  MessageType,
  OnlineReply,
  Room,
  RoomMember,
  Settings,
  Show,
  SiteNotification,
  SyncReply,
} from '../protocol/types';
import type { ProtocolError } from '../protocol/errors';

/** Every call of the community server's `/webim/*` API. */
export type ApiCall =
  | 'online'
  | 'offline'
  | 'refresh'
  | 'message'
  | 'status'
  | 'presence'
  | 'setting'
  | 'buddies'
  | 'rooms'
  | 'join'
  | 'leave'
  | 'members'
  | 'histories'
  | 'sync'
  | 'clear_history'
  | 'notifications'
  | 'block'
  | 'unblock'
  | 'invite'
  | 'subscribe'
  | 'unsubscribe'
  | 'download_history';

/**
 * Where a call goes. A string is a template relative to `base` (or absolute): `{call}` is replaced by the call
 * name, e.g. `plugin.php?id=webim&action={call}`. A function gets the call and returns the URL.
 */
export type RouteSpec = string | ((call: ApiCall) => string);

export interface ApiOptions {
  /** Base URL of the community API, default `/webim/`. */
  base?: string;
  /** Route for every call (template or function); default `{base}{call}`. */
  route?: RouteSpec;
  /** Per-call overrides. */
  routes?: Partial<Record<ApiCall, RouteSpec>>;
  /** Sent with every write. A function is read at each call (pages that rotate tokens). */
  csrfToken?: string | (() => string | undefined);
  /** Default timeout per request. Default 15 000 ms; `online` gets twice that. */
  timeoutMs?: number;
  /** Wire generation to speak on output (message types). Default 5. */
  generation?: 3 | 5;
  fetch?: typeof fetch;
  /** `navigator.sendBeacon` replacement for tests. */
  sendBeacon?: (url: string, data: BodyInit) => boolean;
  /** Fetch credentials mode; default `same-origin`. */
  credentials?: RequestCredentials;
  /**
   * Called for each malformed part of a reply that was dropped or repaired (the call itself still succeeds with
   * the valid rest). Default: ignored.
   */
  onProtocolError?: (error: ProtocolError) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Why a call failed:
 * - `http`: non-2xx without a usable error body; `server`: the server said no (`success:false`, `error_msg`,
 *   `message`) — `serverMessage` is for the user; `invalid_ticket`: the ticket is dead (404 / "invalid ticket"):
 *   log in again; `unauthorized`: 401/403 (not logged in / bad CSRF); `timeout`; `network`; `aborted`;
 *   `bad_reply`: the reply could not be understood.
 */
export type ApiErrorKind =
  'http' | 'server' | 'invalid_ticket' | 'unauthorized' | 'timeout' | 'network' | 'aborted' | 'bad_reply';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    readonly call: ApiCall,
    message: string,
    readonly status?: number,
    /** The server's own words, fit to show the user. */
    readonly serverMessage?: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
  /** Worth retrying later with the same ticket (network trouble, timeouts, 5xx). */
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || (this.kind === 'http' && (this.status ?? 0) >= 500);
  }
  /**
   * Nothing that speaks the webim API answered: no response at all (the server is down, or on another origin without
   * CORS, which a browser reports exactly like a network failure), or a reply from something else at that URL (404
   * or 405 without a ticket, an HTML page). A wrong `base`/`data-api` looks like this; so does a brief outage, which
   * is why the client keeps retrying either way.
   */
  get unreachable(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'bad_reply' ||
      (this.kind === 'http' && (this.status === 404 || this.status === 405))
    );
  }
}

export interface OnlineParams {
  show?: Show;
  /** Buddies whose chat tabs are open (their histories come back). */
  buddyIds?: string[];
  roomIds?: string[];
  /** Users linked on the page (chatlink); sent as both `stranger_ids` and `chatlink_ids`. */
  strangerIds?: string[];
}

export interface SendParams {
  type: MessageType;
  to: string;
  body: string;
  style?: string;
  /** Receiver known offline: the server stores instead of pushing. */
  offline?: boolean;
  timestamp: number;
  nick?: string;
  toNick?: string;
  clientId?: string;
}

export interface HistoryParams {
  id: string;
  type: MessageType;
  /** Only items older than this timestamp (ms). */
  before?: number;
  limit?: number;
}

/** Typed client of the community server. All methods reject with `ApiError` only. */
export interface WebIMApi {
  /** The ticket sent with every call after `online`; set by `online`, may be set by the caller (restore). */
  ticket: string | undefined;
  online(params: OnlineParams, opts?: CallOptions): Promise<OnlineReply>;
  offline(opts?: CallOptions): Promise<void>;
  /** With `beacon: true` uses `navigator.sendBeacon` (for `pagehide`) and resolves at once. */
  refresh(opts?: CallOptions & { beacon?: boolean }): Promise<void>;
  message(params: SendParams, opts?: CallOptions): Promise<void>;
  status(params: { to: string; show: 'typing' | 'clear' }, opts?: CallOptions): Promise<void>;
  presence(params: { show: Show; status?: string }, opts?: CallOptions): Promise<void>;
  setting(data: Partial<Settings>, opts?: CallOptions): Promise<void>;
  buddies(ids: string[], opts?: CallOptions): Promise<Buddy[]>;
  rooms(ids: string[], opts?: CallOptions): Promise<Room[]>;
  join(params: { id: string; nick?: string }, opts?: CallOptions): Promise<Room>;
  leave(params: { id: string; nick?: string }, opts?: CallOptions): Promise<void>;
  members(id: string, opts?: CallOptions): Promise<RoomMember[]>;
  /** Ascending by timestamp; messages come back with status `sent`. */
  histories(params: HistoryParams, opts?: CallOptions): Promise<Message[]>;
  /**
   * Extension: messages stored after `since` (omitted: none, just the current cursor), across all conversations,
   * oldest first. A server without it rejects with a non-`invalid_ticket` error (404).
   */
  sync(params: { since?: string; limit?: number }, opts?: CallOptions): Promise<SyncReply>;
  clearHistory(params: { id: string; type: MessageType }, opts?: CallOptions): Promise<void>;
  notifications(opts?: CallOptions): Promise<SiteNotification[]>;
  block(id: string, opts?: CallOptions): Promise<void>;
  unblock(id: string, opts?: CallOptions): Promise<void>;
  /**
   * Invites `members` to a discussion: a new temporary room (named `nick`), or the room `id` the user is in.
   * Resolves with the room; each member is told (an invitation event).
   */
  invite(params: InviteParams, opts?: CallOptions): Promise<Room>;
  /** Follows a channel (extension); resolves with it (known by id only when the server answers a bare `ok`). */
  subscribe(id: string, opts?: CallOptions): Promise<Channel>;
  unsubscribe(id: string, opts?: CallOptions): Promise<void>;
  /** The URL of a conversation's history as an HTML file (`download_history`, a cookie-authenticated GET). */
  downloadHistoryUrl(params: { id: string; type: MessageType }): string;
}

export interface InviteParams {
  /** An existing room to invite into; absent: the server makes a temporary one. */
  id?: string;
  /** The new room's name. */
  nick?: string;
  members: string[];
}
