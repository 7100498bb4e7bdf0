import type { ConversationKey, Message } from '../protocol/types';
import { SCHEMA_VERSION } from './migrate';
import type { Snapshot, StoreState } from './types';

/** How much of the state a snapshot keeps. */
export interface SnapshotLimits {
  /** Conversations kept: open tabs first, then the most recently active. Default 20. */
  maxConversations: number;
  /** Newest messages kept per conversation. Default 200. */
  maxMessages: number;
  /** Newest site notifications kept. Default 50. */
  maxNotifications: number;
  /**
   * Buddies (and rooms) kept whole up to this many: a snapshot with the whole roster can stand in for `online`
   * when the next page resumes the session. A bigger roster is cut to what the kept conversations need. Default 500.
   */
  maxRoster: number;
}

/** The bounds `makeSnapshot` and `createPersistence` use unless told otherwise. */
export const DEFAULT_LIMITS: Readonly<SnapshotLimits> = {
  maxConversations: 20,
  maxMessages: 200,
  maxNotifications: 50,
  maxRoster: 500,
};

/**
 * Whether `boundState` keeps this state's roster whole. Only then may a snapshot carry the session: resuming it
 * skips `online`, the one call that brings the roster, so a cut roster would leave the buddy list empty.
 */
export function rosterFits(state: StoreState, limits: Partial<SnapshotLimits> = {}): boolean {
  const { maxRoster } = { ...DEFAULT_LIMITS, ...limits };
  return state.buddies.length <= maxRoster && state.rooms.length <= maxRoster;
}

/**
 * The part of `state` worth storing: the `maxConversations` most recently active conversations (open tabs first,
 * in bar order, then the active one, then by newest message), each with its newest `maxMessages` messages
 * (`hasMore` set when some were cut); unread counts and drafts of those conversations (drafts of open tabs too);
 * the roster (buddies and rooms) whole while it `rosterFits`, else cut down to the people and rooms those
 * conversations and the open tabs need (plus the user); strangers and room members only as needed.
 * Everything else comes back with `online`. Pure: returns a new object and shares unchanged leaves with `state`.
 */
export function boundState(state: StoreState, limits: Partial<SnapshotLimits> = {}): StoreState {
  const { maxConversations, maxMessages, maxNotifications } = { ...DEFAULT_LIMITS, ...limits };
  const whole = rosterFits(state, limits);
  const first: Array<ConversationKey | null> = [...state.tabs, state.activeTab];
  // Listed ones first, in order; the rest (-1, read unsigned) after them.
  const rank = (key: ConversationKey) => first.indexOf(key) >>> 0;
  const newest = (messages: readonly Message[]) => messages.at(-1)?.timestamp ?? -Infinity; // messages are kept in time order
  const conversations = [...state.conversations]
    .sort((a, b) => rank(a.key) - rank(b.key) || newest(b.messages) - newest(a.messages))
    .slice(0, maxConversations)
    .map((c) =>
      c.messages.length > maxMessages
        ? { ...c, messages: c.messages.slice(c.messages.length - maxMessages), hasMore: true }
        : c,
    );
  const kept = new Set<unknown>(conversations.map((c) => c.key));
  const needed = new Set<unknown>([...kept, ...first]);
  // A `chat:<id>` needs person `<id>`, a `grpchat:<id>` room `<id>`.
  const person = ({ id }: { id: string }) => needed.has('chat:' + id);
  const room = (id: string) => needed.has('grpchat:' + id);
  const byTime = [...state.notifications].sort((a, b) => (b.time ?? 0) - (a.time ?? 0)).slice(0, maxNotifications);
  return {
    ...state,
    buddies: whole ? state.buddies : state.buddies.filter(person),
    strangers: state.strangers.filter(person),
    rooms: whole ? state.rooms : state.rooms.filter((r) => room(r.id)),
    members: state.members.filter(([id]) => room(id)),
    conversations,
    unread: state.unread.filter(([key]) => kept.has(key)),
    drafts: state.drafts.filter(([key]) => needed.has(key)),
    // The newest ones, in their original order.
    notifications: state.notifications.filter((n) => byTime.includes(n)),
  };
}

/**
 * `snapshot` bounded (`boundState`), in the current schema, with an outbox of the user's own `pending`/`failed`
 * messages only (oldest first, at most `maxMessages`) and the session only when the roster fits whole.
 */
export function bounded(snapshot: Snapshot, limits: Partial<SnapshotLimits> = {}): Snapshot {
  const { uid, state } = snapshot;
  const max = { ...DEFAULT_LIMITS, ...limits }.maxMessages;
  const outbox = snapshot.outbox
    .filter(({ message: m }) => m.from === uid && m.status !== 'sent')
    .sort((a, b) => a.message.timestamp - b.message.timestamp);
  return {
    version: SCHEMA_VERSION,
    uid,
    savedAt: snapshot.savedAt,
    state: boundState(state, limits),
    outbox: outbox.slice(Math.max(0, outbox.length - max)),
    // Resuming a session skips `online`; without the whole roster the next page would have no buddy list.
    session: rosterFits(state, limits) ? snapshot.session : null,
  };
}
