import type { ConversationKey, Message } from '../protocol/types';
import type { Store } from '../store/types';
import { boundState, DEFAULT_LIMITS, pendingOutbox, rosterFits, type SnapshotLimits } from './bounds';
import { SCHEMA_VERSION } from './migrate';
import { captureState } from './state';
import type { SessionInfo, Snapshot } from './types';

export interface MakeSnapshotOptions {
  /** The logged-in user the snapshot belongs to. */
  uid: string;
  /**
   * Messages waiting to be sent, as the core tracks them. Only the user's own `pending`/`failed` messages are kept.
   * Default: every such message found in the store's conversations.
   */
  outbox?: Iterable<{ key: ConversationKey; message: Message }>;
  session: SessionInfo | null;
  limits?: Partial<SnapshotLimits>;
  /** Local clock (ms) for `savedAt`. Default `Date.now()`. */
  now?: number;
}

/**
 * A bounded snapshot of `store` for `Persistence.save` (see `boundState` for what is kept). It carries `session`
 * only when the roster fits whole (`rosterFits`). Call it inside the factory passed to `save`, so the (debounced)
 * write captures the latest state.
 */
export function makeSnapshot(store: Store, options: MakeSnapshotOptions): Snapshot {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const state = captureState(store);
  return {
    version: SCHEMA_VERSION,
    uid: options.uid,
    savedAt: options.now ?? Date.now(),
    state: boundState(state, limits),
    outbox: pendingOutbox(options.outbox ?? outboxOf(state.conversations), options.uid, limits.maxMessages),
    // Resuming a session skips `online`; without the whole roster the next page would have no buddy list.
    session: rosterFits(state, limits) ? options.session : null,
  };
}

function* outboxOf(conversations: ReturnType<typeof captureState>['conversations']) {
  for (const c of conversations) for (const message of c.messages) yield { key: c.key, message };
}
