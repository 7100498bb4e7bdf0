import type { ConversationKey, Message } from '../protocol/types';
import type { Store } from '../store/types';
import { bounded, type SnapshotLimits } from './bounds';
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
  /** The `sync` cursor: where this user's next catch-up starts (kept per user, for every tab). */
  cursor?: string;
  limits?: Partial<SnapshotLimits>;
  /** Local clock (ms) for `savedAt`. Default `Date.now()`. */
  now?: number;
}

/**
 * A bounded snapshot of `store` for `Persistence.save` (see `boundState` for what is kept). It carries `session`
 * only when the roster fits whole (`rosterFits`). Call it inside the factory passed to `save`, so the (debounced)
 * write captures the latest state.
 */
export function makeSnapshot(
  store: Store,
  { uid, outbox, session, cursor, limits, now = Date.now() }: MakeSnapshotOptions,
): Snapshot {
  const state = captureState(store);
  return bounded(
    {
      version: SCHEMA_VERSION,
      uid,
      savedAt: now,
      state,
      outbox: outbox
        ? [...outbox]
        : state.conversations.flatMap(({ key, messages }) => messages.map((message) => ({ key, message }))),
      session,
      ...(cursor !== undefined && { cursor }),
    },
    limits,
  );
}
