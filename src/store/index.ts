/** The store: state as signals, and the pure update functions that are the only way to change it. */
export * from './types';
export * from './actions';
export { createStore, groupBuddies, VISITOR_GROUP } from './store';
export { reduce } from './reduce';
export { applyOnline } from './online';
export { applyOffline } from './offline';
export { applyPacket } from './packet';
export { applyMessage, applyMessages, updateMessage, type ApplyMessagesOptions } from './messages';
export { applyPresence } from './presence';
export { applyRoomPresence } from './room-presence';
export { applyTyping, clearTyping, sweepTyping, typingConversation, DEFAULT_TYPING_TTL_MS } from './typing';
export { mergeHistory, setHistoryLoading, clearHistory } from './history';
export { openTab, closeTab, activateTab } from './tabs';
export { bumpUnread, markRead } from './unread';
export {
  applyBuddies,
  applyStrangers,
  ensureStranger,
  applyRoom,
  removeRoom,
  applyMembers,
  applySelf,
  findPerson,
  presenceOfShow,
} from './roster';
export {
  setConnection,
  setDraft,
  setPane,
  setMinimized,
  applySettings,
  setNotifications,
  markNotificationsSeen,
} from './ui-state';
export { ensureConversation, emptyConversation } from './conversations';
export {
  findMessageIndex,
  mergeMessageInto,
  mergeCopies,
  lowerBound,
  upperBound,
  OWN_RESTAMP_WINDOW_MS,
  type MessageSource,
  type MergeOutcome,
} from './message-list';
