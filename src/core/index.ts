/** The headless SDK: `createClient` and its types. */
export {
  createClient,
  DEFAULT_HISTORY_PAGE_SIZE,
  NOTIFICATIONS_DELAY_MS,
  SESSION_FRESH_MS,
  type ClientInternals,
} from './client';
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
