import { ApiError, type WebIMApi } from '../api/types';
import type { Action } from '../store/actions';
import type { ClientEvents } from './events';
import { createOneShot, type Host } from './host';

/** Ids asked for within this window go out in one `buddies` request. */
export const COMPLETE_BATCH_MS = 50;
/** At most this many ids per request (keeps URLs short). */
export const COMPLETE_MAX_IDS = 100;

export interface BuddyCompleterDeps {
  api: WebIMApi;
  host: Host;
  events: ClientEvents;
  dispatch(action: Action): void;
}

/** `completeBuddies(ids)`: collects ids for ~50 ms, then fetches their details and applies them (`buddies`). */
export interface BuddyCompleter {
  request(ids: readonly string[]): void;
  destroy(): void;
}

export function createBuddyCompleter(deps: BuddyCompleterDeps): BuddyCompleter {
  const wanted = new Set<string>();
  /** Ids fetched or being fetched: asking twice for one person is a waste. */
  const asked = new Set<string>();
  const timer = createOneShot(deps.host, () => {
    const ids = [...wanted];
    wanted.clear();
    for (let i = 0; i < ids.length; i += COMPLETE_MAX_IDS) fetchBatch(ids.slice(i, i + COMPLETE_MAX_IDS));
  });

  function fetchBatch(ids: string[]): void {
    for (const id of ids) asked.add(id);
    deps.api.buddies(ids).then(
      (buddies) => deps.dispatch({ type: 'buddies', buddies }),
      (error: unknown) => {
        for (const id of ids) asked.delete(id);
        deps.events.emit('error', error instanceof ApiError ? error : new ApiError('bad_reply', 'buddies', String(error)));
      },
    );
  }

  return {
    request(ids) {
      let added = false;
      for (const id of ids) {
        if (asked.has(id) || wanted.has(id)) continue;
        wanted.add(id);
        added = true;
      }
      if (added && !timer.pending) timer.start(COMPLETE_BATCH_MS);
    },
    destroy() {
      timer.stop();
    },
  };
}
