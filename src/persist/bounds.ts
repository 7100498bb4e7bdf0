import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
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
export const DEFAULT_LIMITS: Readonly<SnapshotLimits> = { maxConversations: 20, maxMessages: 200, maxNotifications: 50, maxRoster: 500 };

/**
 * Whether `boundState` keeps this state's roster whole. Only then may a snapshot carry the session: resuming it
 * skips `online`, the one call that brings the roster, so a cut roster would leave the buddy list empty.
 */
export function rosterFits(state: StoreState, limits: Partial<SnapshotLimits> = {}): boolean {
  const { maxRoster } = { ...DEFAULT_LIMITS, ...limits };
  return state.buddies.length <= maxRoster && state.rooms.length <= maxRoster;
}

type StateConversation = StoreState['conversations'][number];

/**
 * The part of `state` worth storing: the `maxConversations` most recently active conversations (open tabs first,
 * in bar order, then by newest message), each with its newest `maxMessages` messages (`hasMore` set when some
 * were cut); unread counts and drafts of those conversations; the roster (buddies and rooms) whole while it
 * `rosterFits`, else cut down to the people and rooms those conversations and the open tabs need (plus the user);
 * strangers and room members only as needed. Everything else comes back with `online`.
 * Pure: returns a new object and shares unchanged leaves with `state`.
 */
export function boundState(state: StoreState, limits: Partial<SnapshotLimits> = {}): StoreState {
  const { maxConversations, maxMessages, maxNotifications } = { ...DEFAULT_LIMITS, ...limits };
  const whole = rosterFits(state, limits);
  const conversations = pickConversations(state, Math.max(0, maxConversations)).map((c) => trimConversation(c, maxMessages));
  const kept = new Set<ConversationKey>(conversations.map((c) => c.key));
  const needed = new Set<ConversationKey>([...kept, ...state.tabs]);
  if (state.activeTab) needed.add(state.activeTab);

  const people = new Set<string>();
  const rooms = new Set<string>();
  for (const key of needed) {
    const parsed = parseConversationKey(key);
    if (parsed?.type === 'chat') people.add(parsed.id);
    else if (parsed?.type === 'grpchat') rooms.add(parsed.id);
  }
  return {
    ...state,
    buddies: whole ? state.buddies : state.buddies.filter((b) => people.has(b.id)),
    strangers: state.strangers.filter((b) => people.has(b.id)),
    rooms: whole ? state.rooms : state.rooms.filter((r) => rooms.has(r.id)),
    members: state.members.filter(([id]) => rooms.has(id)),
    conversations,
    unread: state.unread.filter(([key]) => kept.has(key)),
    drafts: state.drafts.filter(([key]) => needed.has(key)),
    notifications: newest(state.notifications, maxNotifications, (n) => n.time ?? 0),
  };
}

/** Open tabs (bar order, then the active one), then the others by their newest message. */
function pickConversations(state: StoreState, max: number): StateConversation[] {
  const byKey = new Map(state.conversations.map((c) => [c.key, c]));
  const picked: StateConversation[] = [];
  const taken = new Set<ConversationKey>();
  const take = (key: ConversationKey | null) => {
    const c = key ? byKey.get(key) : undefined;
    if (c && !taken.has(c.key) && picked.length < max) {
      picked.push(c);
      taken.add(c.key);
    }
  };
  for (const key of state.tabs) take(key);
  take(state.activeTab);
  const rest = state.conversations
    .filter((c) => !taken.has(c.key))
    .sort((a, b) => lastActivity(b.messages) - lastActivity(a.messages));
  for (const c of rest) take(c.key);
  return picked;
}

function lastActivity(messages: readonly Message[]): number {
  let newestAt = Number.NEGATIVE_INFINITY;
  for (const m of messages) if (m.timestamp > newestAt) newestAt = m.timestamp;
  return newestAt;
}

function trimConversation(c: StateConversation, maxMessages: number): StateConversation {
  const max = Math.max(0, maxMessages);
  if (c.messages.length <= max) return c;
  return { ...c, messages: max === 0 ? [] : c.messages.slice(-max), hasMore: true };
}

/** The `max` newest items, in their original order. */
function newest<T>(items: readonly T[], max: number, timeOf: (item: T) => number): T[] {
  if (items.length <= max) return [...items];
  const cutoff = new Set([...items].sort((a, b) => timeOf(b) - timeOf(a)).slice(0, Math.max(0, max)));
  return items.filter((item) => cutoff.has(item));
}

/** Own messages not confirmed yet (pending or failed), oldest first, at most `max`. */
export function pendingOutbox(entries: Iterable<Snapshot['outbox'][number]>, uid: string, max: number): Snapshot['outbox'] {
  const out: Snapshot['outbox'] = [];
  for (const entry of entries) {
    const m = entry.message;
    if (m.from === uid && (m.status === 'pending' || m.status === 'failed')) out.push(entry);
  }
  out.sort((a, b) => a.message.timestamp - b.message.timestamp);
  return out.length > max ? out.slice(-max) : out;
}
