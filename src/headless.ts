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
export * from './core/index';
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
export type { CloseReason, TransportKind, TransportPreference } from './transport/types';
export type { SessionInfo, Snapshot, StoreState } from './persist/types';
