import type { ApiOptions, ApiError, WebIMApi } from '../api/types';
import type { MessageArchive } from '../persist/archive';
import type { Persistence, TabCoordinator } from '../persist/types';
import type { ProtocolError } from '../protocol/errors';
import type {
  ChannelPost,
  ConversationKey,
  Invitation,
  Message,
  MessageType,
  PresenceUpdate,
  Room,
  RoomMember,
  Settings,
  Show,
  SiteNotification,
  TypingStatus,
} from '../protocol/types';
import type { Action } from '../store/actions';
import type { BackoffOptions } from '../transport/backoff';
import type { ConnectionStatus, Pane, Store } from '../store/types';
import type {
  Transport,
  TransportEnv,
  TransportError,
  TransportOptions,
  TransportPreference,
} from '../transport/types';

// The reconnect schedule's options live with the schedule (transport/, a layer below); re-exported for the SDK.
export type { BackoffOptions };

export interface ClientOptions extends ApiOptions {
  /** Push transport; default `auto`. */
  transport?: TransportPreference;
  /** Reconnect schedule: backoff parameters, or a fixed list of delays (ms), the last one repeating. */
  reconnect?: BackoffOptions | number[];
  /** Silence on the WebSocket after which the link counts as dead. Default 30 000 ms (1.5 × the ping interval). */
  watchdogMs?: number;
  /** The client pings the WebSocket this often (the server answers), so a silent link is found. Default 20 000 ms. */
  pingIntervalMs?: number;
  /**
   * While connected, sync (`GET sync?since=`) this often anyway: the safety net under a push path that fails
   * silently. Default 60 000 ms; 0 = only at login, reconnects, lost links and overflow.
   */
  syncIntervalMs?: number;
  /** JSONP poll timeout (a little above the server's hold). Default 35 000 ms. */
  pollTimeoutMs?: number;
  /** While on JSONP after a WebSocket failure, try WebSocket again this often. Default 60 000 ms. */
  probeIntervalMs?: number;
  /** Site notifications are read 1.5 s after a login, then again this often while connected. Default 300 000 ms; 0 = never again. */
  notificationsRefreshMs?: number;
  /**
   * Presence of strangers in open chats (not buddies) is re-read this often while connected: the fallback for those
   * the server does not push (a chat opened after the login). Default 60 000 ms; 0 = never.
   */
  strangersRefreshMs?: number;
  /** Presence to log in with. Default `available`. */
  show?: Show;
  /** Ids of users linked on the page (chatlink), re-read at each `online`. */
  strangerIds?: () => string[];
  /** Typing: minimum gap between two `typing` statuses to one receiver, and idle time before `clear`. */
  typingThrottleMs?: number;
  typingIdleMs?: number;
  /** Page size for `loadHistory`. Default 30. */
  historyPageSize?: number;
  /**
   * The logged-in user's id as the page knows it. Enables instant restore from IndexedDB before the network
   * answers (without it the SDK can't know whose data is stored and waits for `online`).
   */
  uid?: string;
  /** Persistence (IndexedDB snapshots): default on where IndexedDB exists. */
  persist?: boolean;
  /**
   * Forget the stored data of whoever used this browser before when `uid` is someone else (or nobody): their
   * messages and drafts must not stay behind for the next person. The script tag turns this on. Default false.
   */
  forgetOtherUsers?: boolean;
  /** One push connection per browser across tabs: default on where BroadcastChannel exists. */
  tabs?: boolean;
  /** Browser facilities, injectable for tests. */
  env?: ClientEnv;
  /** The community API client to use instead of `createApi(options)` (tests, custom transports). */
  api?: WebIMApi;
  /** Push transport factory to use instead of `createTransport` (tests: fake transports). */
  createTransport?: (preference: TransportPreference, options: TransportOptions) => Transport;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  random?: () => number;
  /** Snapshot storage to use instead of the default IndexedDB one (tests, custom storage). */
  persistence?: Persistence;
  /**
   * Where older messages are kept beyond the in-memory cap (and beyond the snapshot) so that scrolling up pages
   * them in before asking the server: default an IndexedDB archive of the newest 5,000 per conversation, when
   * `persist` is on and IndexedDB exists; `false` for none.
   */
  archive?: MessageArchive | false;
  /** Tab coordinator to use instead of the default BroadcastChannel/Web Locks one (tests). */
  tabCoordinator?: TabCoordinator;
}

export interface ClientEnv extends TransportEnv {
  window?: Window;
  navigator?: Navigator;
}

/** Errors surfaced through the `error` event. */
export type WebIMError = ApiError | TransportError | ProtocolError;

export interface ClientEventMap {
  connection: ConnectionStatus;
  /** A message entered a conversation (received, or sent from this or another tab). */
  message: { key: ConversationKey; message: Message; incoming: boolean };
  /** An own message changed state (`sent`, `failed`). */
  'message:status': { key: ConversationKey; message: Message };
  presence: PresenceUpdate;
  status: TypingStatus;
  /** Logged in (first time or again after a dead ticket). */
  online: { me: string };
  offline: undefined;
  notifications: SiteNotification[];
  /** Someone invited the user to a room (answer with `acceptInvitation` or `declineInvitation`). */
  invitation: Invitation;
  /** A post arrived on a followed channel. */
  'channel-post': ChannelPost;
  error: WebIMError;
  /** Every action applied to the store (after it was applied), local or from another tab. */
  action: { action: Action; remote: boolean };
}

export type ClientEvent = keyof ClientEventMap;

export interface SendOptions {
  to: string;
  body: string;
  /** Default `chat`. */
  type?: MessageType;
  style?: string;
}

/**
 * The headless SDK. Everything the UI does goes through these methods; everything it shows comes from `store`.
 * A fake with the same interface drives component tests.
 */
export interface WebIMClient {
  readonly store: Store;
  /** Logs in (or re-subscribes with a restored ticket) and starts the push connection. */
  online(): Promise<void>;
  /**
   * Logs out of the message server; buddies see the user offline. With `forget: true` also forgets this user's
   * data in this browser: the store empties, and the stored snapshot (IndexedDB), the pagehide copy
   * (sessionStorage), drafts and unsent messages are deleted, in every tab of the user. See `logout`.
   */
  offline(options?: { forget?: boolean }): Promise<void>;
  /** Signing out of the site: `offline({ forget: true })`, so the next user of this browser finds nothing of this one. */
  logout(): Promise<void>;
  setPresence(show: Show, status?: string): Promise<void>;
  /**
   * Adds the message to its conversation at once as `pending` and sends it (or queues it while disconnected).
   * Returns the pending message; its status settles to `sent` or `failed` in the store.
   */
  sendMessage(options: SendOptions): Message;
  /** Sends a `failed` message again. */
  retry(key: ConversationKey, messageId: string): void;
  /** Call on every keystroke: sends `typing` at most once per throttle window and `clear` after idle. */
  sendTyping(to: string): void;
  join(roomId: string): Promise<void>;
  leave(roomId: string): Promise<void>;
  members(roomId: string): Promise<RoomMember[]>;
  /** Loads the next older page (or the first page); resolves to whether more remain. */
  loadHistory(key: ConversationKey): Promise<boolean>;
  /**
   * The reader is back at the newest messages (or closed the window): older pages they loaded beyond the in-memory
   * cap (500 messages) may go again; `loadHistory` brings them back. Applies to this browser tab only.
   */
  releaseHistory(key: ConversationKey): void;
  clearHistory(key: ConversationKey): Promise<void>;
  notifications(): Promise<SiteNotification[]>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  block(roomId: string): Promise<void>;
  unblock(roomId: string): Promise<void>;
  /**
   * Starts a discussion: invites `members` to a new temporary room (named `nick`, or after its members), or to the
   * room `roomId` the user is in. Resolves with the room, which the user is a member of.
   */
  invite(members: string[], options?: { roomId?: string; nick?: string }): Promise<Room>;
  /** Joins the room of an invitation and opens its conversation; the invitation goes. */
  acceptInvitation(roomId: string): Promise<void>;
  /** Forgets an invitation without joining. */
  declineInvitation(roomId: string): void;
  /** Follows a site channel (a forum board or thread): its new posts are pushed (`channel-post`). */
  follow(channelId: string): Promise<void>;
  unfollow(channelId: string): Promise<void>;
  /** Where the conversation's history can be downloaded as an HTML file; undefined for site broadcasts. */
  historyDownloadUrl(key: ConversationKey): string | undefined;
  /** Fetches details of `incomplete` buddies (batched). */
  completeBuddies(ids: string[]): void;
  /**
   * Learns presence and details of people who are not buddies (e.g. users linked on the page found after login):
   * they become `strangers` (batched `buddies` request); people already known are left alone.
   */
  lookupPeople(ids: string[]): void;
  /**
   * Reads presence and details of these strangers again (batched `buddies` request). Presence is pushed for buddies
   * only, so a page refreshes its chatlink users now and then; ids that are buddies or unknown are skipped.
   */
  refreshPeople(ids: string[]): void;

  /* UI state (synced across tabs, persisted) */
  /** Opens (and by default activates) a conversation tab; for `chat:` with a non-buddy, `nick` names the tab. */
  openConversation(key: ConversationKey, options?: { activate?: boolean; nick?: string }): void;
  closeConversation(key: ConversationKey): void;
  /** Shows this conversation's window (null collapses all). */
  activate(key: ConversationKey | null): void;
  markRead(key: ConversationKey): void;
  setDraft(key: ConversationKey, text: string): void;
  setPane(pane: Pane | null): void;
  setMinimized(value: boolean): void;
  markNotificationsSeen(): void;

  on<E extends ClientEvent>(event: E, listener: (value: ClientEventMap[E]) => void): () => void;
  /** Stops everything (timers, connection, tab coordination) without logging out (the grace period covers reloads). */
  destroy(): void;
}
