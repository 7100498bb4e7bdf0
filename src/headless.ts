/**
 * `webim/headless`: the SDK without any UI — the client, its store and reducer, the protocol helpers, and every
 * public type. Nothing here imports Preact components or styles, so an SPA with its own UI ships none of ours.
 *
 * @example
 * ```ts
 * import { createClient } from 'webim/headless';
 * const client = createClient({ base: '/webim/', uid: currentUserId });
 * client.on('message', ({ message, incoming }) => incoming && notify(message));
 * await client.online();
 * client.sendMessage({ to: 'bob', body: 'hi' });
 * ```
 */
export {
  createClient,
  DEFAULT_HISTORY_PAGE_SIZE,
  DEFAULT_TYPING_IDLE_MS,
  DEFAULT_TYPING_THROTTLE_MS,
  MAX_FAILURES_PER_TICKET,
  MAX_SEND_ATTEMPTS,
  SESSION_FRESH_MS,
} from './core/index';
export type {
  BackoffOptions,
  ClientEnv,
  ClientEvent,
  ClientEventMap,
  ClientOptions,
  SendOptions,
  WebIMClient,
  WebIMError,
} from './core/index';
export { createStore, groupBuddies, reduce, VISITOR_GROUP } from './store/index';
export type {
  Action,
  ActionType,
  BuddyGroup,
  ConnectionState,
  ConnectionStatus,
  Conversation,
  Notice,
  Pane,
  ReduceContext,
  Store,
  TypingEntry,
} from './store/index';
export * from './protocol/index';
export { ApiError } from './api/types';
export type { ApiCall, ApiErrorKind, ApiOptions, RouteSpec } from './api/types';
export { TransportError } from './transport/types';
export type {
  CloseReason,
  Subscriptions,
  Transport,
  TransportEnv,
  TransportKind,
  TransportOptions,
  TransportPreference,
} from './transport/types';
/** Broker mode's transport alone (load tools build simulated browsers from it; Node 20 needs `--experimental-websocket` or an injected `env.WebSocket`). */
export { createMqttTransport } from './transport/mqtt/transport';
export { selectTransport } from './transport/select';
export type { SessionInfo, Snapshot, StoreState } from './persist/types';
