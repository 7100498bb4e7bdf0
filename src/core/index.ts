/**
 * The core's public surface: `createClient`, its constants and types. This is the one list: `webim/headless` (and
 * through it `webim`) re-exports it whole, so a name added here is public and one left out stays internal.
 */
export { createClient, DEFAULT_HISTORY_PAGE_SIZE, SESSION_FRESH_MS } from './client';
export { MAX_FAILURES_PER_TICKET } from './session';
export { MAX_SEND_ATTEMPTS } from './outbox';
export { DEFAULT_TYPING_IDLE_MS, DEFAULT_TYPING_THROTTLE_MS } from './remote';
export type {
  BackoffOptions,
  ClientEnv,
  ClientEvent,
  ClientEventMap,
  ClientOptions,
  SendOptions,
  WebIMClient,
  WebIMError,
} from './types';
