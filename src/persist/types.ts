import type { ReadonlySignal } from '@preact/signals';
import type { Action } from '../store/actions';
import type {
  Buddy,
  ChannelPost,
  Connection,
  ConversationKey,
  Invitation,
  Message,
  Room,
  RoomMember,
  Settings,
  SiteNotification,
  User,
} from '../protocol/types';
import type { ConnectionStatus, FollowedChannel, Pane } from '../store/types';

/** The login the SDK holds: enough to re-subscribe (or to POST from another tab) without a new `online`. */
export interface SessionInfo {
  me: string;
  connection: Connection;
  /** server time − local time at login (ms). */
  skew: number;
  /** Local time (ms) the connection was last known alive (leader's last packet, or the page's last save). */
  aliveAt: number;
  /** The `sync` cursor at this login (when the server gives one): where a tab without a cursor starts. */
  cursor?: string;
}

/** Everything a tab shows, as plain data (structured-clone and JSON safe). */
export interface StoreState {
  user: User | null;
  buddies: Buddy[];
  strangers: Buddy[];
  rooms: Room[];
  members: Array<[string, RoomMember[]]>;
  conversations: Array<{ key: ConversationKey; messages: Message[]; hasMore: boolean; loaded: boolean }>;
  unread: Array<[ConversationKey, number]>;
  tabs: ConversationKey[];
  activeTab: ConversationKey | null;
  pane: Pane | null;
  minimized: boolean;
  drafts: Array<[ConversationKey, string]>;
  settings: Settings;
  notifications: SiteNotification[];
  notificationsSeenAt: number;
  /** Followed channels as entries (absent in snapshots older than channels). */
  channels?: Array<[string, FollowedChannel]>;
  invitations?: Invitation[];
  channelPosts?: ChannelPost[];
}

/**
 * What is kept in IndexedDB per site domain and user: a bounded `StoreState` (recent conversations only, ~200
 * messages each; roster limited to the people the open tabs need), the outbox and the session.
 */
export interface Snapshot {
  /** Schema version; a mismatch migrates or resets, never throws. */
  version: number;
  uid: string;
  savedAt: number;
  state: StoreState;
  /** Own messages not yet confirmed (pending/failed), oldest first: resent after restore. */
  outbox: Array<{ key: ConversationKey; message: Message }>;
  session: SessionInfo | null;
  /** The `sync` cursor (opaque): everything stored after it is what this user's tabs may not have seen yet. */
  cursor?: string;
}

/** Snapshot storage with silent in-memory fallback (private mode, blocked, quota). */
export interface Persistence {
  /** Whether IndexedDB actually works here (false = memory only). Resolved after the first load/save. */
  readonly durable: boolean;
  /**
   * The stored snapshot of this domain+user, or null (none, corrupt, foreign, other schema and not migratable).
   * `early` gets this tab's pagehide copy at once, before the disk answers (a reload paints from it), when there is
   * one that passes its checks; the promise then resolves with that same object unless the disk holds a newer one.
   */
  load(uid: string, early?: (snapshot: Snapshot) => void): Promise<Snapshot | null>;
  /** Schedules a write (debounced, off the hot path). The latest call wins. */
  save(snapshot: () => Snapshot): void;
  /** Writes any scheduled snapshot now (pagehide). */
  flush(): Promise<void>;
  /** Forgets this user's data (logout, or another user logs in). */
  clear(uid: string): Promise<void>;
}

/** Messages between tabs of one browser (same domain and user) over BroadcastChannel. */
export type TabMessage =
  /** A store change made in the sending tab; the receiver applies it without re-sending. */
  | { kind: 'action'; action: Action }
  /** A new tab asks the leader for the full state. */
  | { kind: 'state-request'; from: string }
  /** The leader's answer: full state and the session. */
  | {
      kind: 'state';
      to: string;
      state: StoreState;
      session: SessionInfo | null;
      connection: ConnectionStatus;
      /** The leader's `sync` cursor: the joiner, should it lead one day, goes on from there (not from "now"). */
      cursor?: string;
    }
  /** The leader's session changed (login, re-login with a new ticket). */
  | { kind: 'session'; session: SessionInfo | null }
  /** The leader's `sync` cursor moved: a tab that becomes leader goes on from there. */
  | { kind: 'cursor'; cursor: string }
  /**
   * A follower asks the leader to do something that needs the push connection (e.g. `online` after offline);
   * `forget` (a logout) is for every tab: each empties its store.
   */
  | { kind: 'command'; command: 'online' | 'offline' | 'reconnect' | 'forget' };

/**
 * One browser tab's part in the tab group: elects one leader (Web Locks, or a BroadcastChannel election where
 * Web Locks are missing) that holds the push connection, and carries `TabMessage`s between tabs.
 */
export interface TabCoordinator {
  /** This tab's id (random). */
  readonly id: string;
  /** True while this tab is the leader. Becomes true within ~2 s of the previous leader closing or crashing. */
  readonly isLeader: ReadonlySignal<boolean>;
  /** Joins the election; resolves once the first election result is known (leader or follower). */
  start(): Promise<void>;
  publish(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
  /** Leaves the group (releases leadership at once so another tab takes over). */
  stop(): void;
}
