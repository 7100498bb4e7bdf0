/** The headless SDK: `createClient` and its types. */
export { createClient, NOTIFICATIONS_DELAY_MS, type ClientInternals } from './client';
export { MAX_FAILURES_PER_TICKET } from './session';
export { MAX_SEND_ATTEMPTS } from './outbox';
export { DEFAULT_TYPING_IDLE_MS, DEFAULT_TYPING_THROTTLE_MS } from './typing-sender';
export { DEFAULT_HISTORY_PAGE_SIZE } from './history-loader';
export { SESSION_FRESH_MS } from './persistence-link';
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
