import type { ReadonlySignal, Signal } from '@preact/signals';
import type {
  Buddy,
  Channel,
  ChannelPost,
  ConversationKey,
  Invitation,
  Message,
  Room,
  RoomMember,
  Settings,
  SiteNotification,
  User,
} from '../protocol/types';
import type { TransportKind } from '../transport/types';

/** A channel in the followed list. */
export interface FollowedChannel extends Channel {
  /**
   * Followed on this page and not yet confirmed by the server: the button shows it followed at once, but a broker
   * link subscribes its topic only once the site lists it as followed (the broker's ACL asks the site).
   */
  pending?: boolean;
}

/**
 * `unreachable`: two logins in a row found nothing that speaks the API at its URL (see `ApiError.unreachable`); the
 * client still retries with backoff, like `reconnecting`.
 */
export type ConnectionState =
  'idle' | 'connecting' | 'connected' | 'reconnecting' | 'unreachable' | 'offline' | 'stopped';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why we are not connected (for the UI and logs), e.g. `network`, `timeout`, `stopped`, `login failed: …`. */
  reason?: string;
  /** When `reconnecting`: the local time (ms) of the next attempt. */
  nextRetryAt?: number;
  /** Attempts since the last success. */
  attempt?: number;
  /** The transport carrying packets when `connected`. */
  transport?: TransportKind;
}

export type Pane = 'buddies' | 'rooms' | 'notifications' | 'settings';

/** Inline notices in a conversation that are not messages (room joins/leaves, members coming online…). */
export interface Notice {
  id: string;
  kind: 'join' | 'leave' | 'online' | 'offline';
  /** The user the notice is about. */
  who: string;
  nick?: string;
  timestamp: number;
}

export interface Conversation {
  key: ConversationKey;
  /** Ascending by timestamp (server time); at most one entry per message identity. */
  messages: readonly Message[];
  notices: readonly Notice[];
  /** Older history may exist on the server (`loadHistory` has not reached the start). */
  hasMore: boolean;
  /** A history page is being fetched. */
  loading: boolean;
  /** The first history page has been fetched (or came with `online`). */
  loaded: boolean;
  /** The last history load failed with this message. */
  error?: string;
  /**
   * The reader paged older history in beyond the in-memory cap: it stays (up to a larger cap) until `history/trim`.
   * Per tab, never stored.
   */
  expanded?: boolean;
}

export interface TypingEntry {
  from: string;
  nick?: string;
  /** Local time (ms) after which the indicator disappears on its own. */
  until: number;
  /** Display text sent by v3 servers. */
  text?: string;
}

/** A roster group for display. */
export interface BuddyGroup {
  /** Group name; `''` is the default group. Visitors are the group `visitors` with `visitors: true`. */
  name: string;
  visitors: boolean;
  /** Buddy ids: online first, then by nick (locale-aware), then id. */
  ids: readonly string[];
  online: number;
  total: number;
}

/**
 * All client state as signals. Components read what they render; update functions in `store/` write.
 * Collections hold one signal per entity so that changing one buddy re-renders only that buddy's row.
 */
export interface Store {
  connection: Signal<ConnectionStatus>;
  user: Signal<User | null>;
  /** The user's buddies (and visitors who are on the roster). */
  buddies: Signal<ReadonlyMap<string, Signal<Buddy>>>;
  /** Known non-buddies: chatlink users on the page, room members opened for chat, senders of stranger messages. */
  strangers: Signal<ReadonlyMap<string, Signal<Buddy>>>;
  /** Roster grouped for display; visitors in their own group at the end. */
  buddyGroups: ReadonlySignal<readonly BuddyGroup[]>;
  rooms: Signal<ReadonlyMap<string, Signal<Room>>>;
  /** Room id → members, once fetched (kept current by join/leave/grponline/grpoffline presences). */
  members: Signal<ReadonlyMap<string, readonly RoomMember[]>>;
  conversations: Signal<ReadonlyMap<ConversationKey, Signal<Conversation>>>;
  /** Who is typing in each conversation now. */
  typing: Signal<ReadonlyMap<ConversationKey, readonly TypingEntry[]>>;
  unread: Signal<ReadonlyMap<ConversationKey, number>>;
  totalUnread: ReadonlySignal<number>;
  /** Open chat tabs, in bar order. */
  tabs: Signal<readonly ConversationKey[]>;
  /** The tab whose window is open, or null (all windows collapsed). */
  activeTab: Signal<ConversationKey | null>;
  pane: Signal<Pane | null>;
  minimized: Signal<boolean>;
  drafts: Signal<ReadonlyMap<ConversationKey, string>>;
  settings: Signal<Settings>;
  notifications: Signal<readonly SiteNotification[]>;
  /** Time (ms) of the newest notification the user has seen. */
  notificationsSeenAt: Signal<number>;
  /** Site notifications newer than the last seen, channel posts newer than the last seen, pending invitations. */
  notificationsUnread: ReadonlySignal<number>;
  /** Invitations to rooms not answered yet, newest first (one per room). */
  invitations: Signal<readonly Invitation[]>;
  /** Channels the user follows, by id (one asked for and not yet confirmed is `pending`). */
  channels: Signal<ReadonlyMap<string, FollowedChannel>>;
  /** Posts pushed to followed channels, newest first (the latest `MAX_CHANNEL_POSTS`). */
  channelPosts: Signal<readonly ChannelPost[]>;
  /** This browser tab holds the push connection (it alone plays sounds and shows desktop notifications). */
  leader: Signal<boolean>;
}
