/** The store: state as signals, and `reduce`, the only way to change it. */
export * from './types';
export * from './actions';
export { createStore, groupBuddies, VISITOR_GROUP } from './store';
export { reduce } from './reduce';
export {
  EXPANDED_MESSAGE_CAP,
  findMessage,
  MESSAGE_CAP,
  OWN_RESTAMP_WINDOW_MS,
  type MessageChange,
  type MessageSource,
} from './messages';
