import type {
  Buddy,
  Channel,
  ConversationKey,
  Message,
  OnlineReply,
  Packet,
  Room,
  RoomMember,
  Settings,
  Show,
  SiteNotification,
} from '../protocol/types';
import type { ConnectionStatus, Pane } from './types';

/**
 * Every change to the store is one of these plain, serialisable objects, applied by `reduce(store, action, ctx)`.
 * Because they are data, the tab coordinator can send them to the browser's other tabs (BroadcastChannel) and
 * every tab ends up showing the same thing, except the actions the table below keeps local.
 *
 * | action | syncs to other tabs |
 * |---|---|
 * | everything except `draft` and `connection` | yes |
 * | `draft` | no (persisted only, so two tabs never fight over a composer) |
 * | `connection` | only from the leader (followers mirror its state) |
 */
export type Action =
  /** Login reply: user, roster, rooms, presences, offline messages, histories, settings. */
  | { type: 'online'; reply: OnlineReply; me: string }
  /** A pushed packet (already validated and de-skewed). */
  | { type: 'packet'; packet: Packet }
  /** The user is now offline by choice (`offline()`); clears presences, keeps conversations. */
  | { type: 'offline' }
  | { type: 'connection'; status: ConnectionStatus }
  /** A message added locally (own send, `pending`) or received out of band. */
  | { type: 'message/add'; key: ConversationKey; message: Message }
  /** Settles or corrects a message (status, timestamp); matched by `id`. */
  | {
      type: 'message/update';
      key: ConversationKey;
      id: string;
      patch: Partial<Pick<Message, 'status' | 'timestamp' | 'offline' | 'error'>>;
    }
  /**
   * A page of history, merged into the conversation by identity and time. `older`: fetched with `before` because the
   * reader scrolled up, so it is kept beyond the in-memory cap until they are back at the newest messages.
   */
  | { type: 'history'; key: ConversationKey; messages: Message[]; hasMore: boolean; older?: boolean }
  | { type: 'history/loading'; key: ConversationKey; loading: boolean; error?: string }
  | { type: 'history/clear'; key: ConversationKey }
  /** This tab's reader is back at the newest messages: keep only the newest `MESSAGE_CAP` in memory. */
  | { type: 'history/trim'; key: ConversationKey }
  | { type: 'tab/open'; key: ConversationKey; activate: boolean }
  | { type: 'tab/close'; key: ConversationKey }
  | { type: 'tab/activate'; key: ConversationKey | null }
  | { type: 'read'; key: ConversationKey }
  | { type: 'draft'; key: ConversationKey; text: string }
  | { type: 'pane'; pane: Pane | null }
  | { type: 'minimize'; value: boolean }
  | { type: 'settings'; patch: Partial<Settings> }
  /** The user's own presence/status text changed. */
  | { type: 'self'; show: Show; status?: string }
  | { type: 'buddies'; buddies: Buddy[] }
  /** People who are not buddies (chatlink users, room members opened for chat). */
  | { type: 'strangers'; people: Buddy[] }
  | { type: 'room'; room: Room }
  | { type: 'room/remove'; id: string }
  | { type: 'members'; roomId: string; members: RoomMember[] }
  | { type: 'notifications'; list: SiteNotification[] }
  | { type: 'notifications/seen'; at: number }
  /** The user declined (or dealt with) the invitation to this room. */
  | { type: 'invitation/remove'; roomId: string }
  /** Now follows (`followed`) or no longer follows this channel; `pending` until the server confirms a follow. */
  | { type: 'channel'; channel: Channel; followed: boolean; pending?: boolean }
  /** Removes typing indicators whose time is up (local; each tab sweeps its own). */
  | { type: 'typing/sweep' };

export type ActionType = Action['type'];

/** Per-tab facts the reducer needs but must not read from globals (keeps it pure and testable). */
export interface ReduceContext {
  /** The logged-in user's id (to tell own messages from others'). */
  me: string;
  /** Local clock now (ms). */
  now: number;
  /** Whether this tab is showing conversation `key` to the user right now (visible page, window open). */
  isSeen(key: ConversationKey): boolean;
  /** How long a typing indicator lives without a refresh. Default 10 000 ms. */
  typingTtlMs?: number;
}
