import type { StoreState } from './types';
import {
  readBuddy,
  readMember,
  readMessage,
  readNotification,
  readPane,
  readRoom,
  readSession,
  readSettings,
  readUser,
} from './validate-entities';
import {
  array,
  boolean,
  conversationKey,
  count,
  finite,
  nonEmptyString,
  nullable,
  object,
  pairs,
  string,
} from './validate-values';
import type { Snapshot } from './types';

/**
 * Hard ceiling on any list read back (roster, messages of one conversation…): far above anything real (the
 * 10,000-buddy roster passes) but it stops a hostile value from making a tab spin.
 */
export const MAX_ITEMS = 100_000;

/** A fresh, checked copy of a `StoreState`; throws `Invalid` on any wrong shape. */
export function readStoreState(value: unknown): StoreState {
  const o = object(value, 'state');
  return {
    user: nullable(o.user, readUser),
    buddies: array(o.buddies, readBuddy, MAX_ITEMS),
    strangers: array(o.strangers, readBuddy, MAX_ITEMS),
    rooms: array(o.rooms, readRoom, MAX_ITEMS),
    members: pairs(o.members, nonEmptyString, (v) => array(v, readMember, MAX_ITEMS), MAX_ITEMS),
    conversations: array(o.conversations, readConversation, MAX_ITEMS),
    unread: pairs(o.unread, conversationKey, count, MAX_ITEMS),
    tabs: array(o.tabs, conversationKey, MAX_ITEMS),
    activeTab: nullable(o.activeTab, conversationKey),
    pane: nullable(o.pane, readPane),
    minimized: boolean(o.minimized),
    drafts: pairs(o.drafts, conversationKey, string, MAX_ITEMS),
    settings: readSettings(o.settings),
    notifications: array(o.notifications, readNotification, MAX_ITEMS),
    notificationsSeenAt: finite(o.notificationsSeenAt),
  };
}

function readConversation(value: unknown): StoreState['conversations'][number] {
  const o = object(value, 'conversation');
  return {
    key: conversationKey(o.key),
    messages: array(o.messages, readMessage, MAX_ITEMS),
    hasMore: boolean(o.hasMore),
    loaded: boolean(o.loaded),
  };
}

function readOutboxEntry(value: unknown): Snapshot['outbox'][number] {
  const o = object(value, 'outbox entry');
  return { key: conversationKey(o.key), message: readMessage(o.message) };
}

/** A checked copy of a snapshot in the current schema (the version number itself is checked by `migrate`). */
export function readSnapshot(value: unknown): Snapshot {
  const o = object(value, 'snapshot');
  return {
    version: count(o.version),
    uid: nonEmptyString(o.uid),
    savedAt: finite(o.savedAt),
    state: readStoreState(o.state),
    outbox: array(o.outbox, readOutboxEntry, MAX_ITEMS),
    session: nullable(o.session, readSession),
  };
}
