import { batch } from '@preact/signals';
import type { Action, ReduceContext } from './actions';
import { clearHistory, mergeHistory, setHistoryLoading } from './history';
import { applyMessage, updateMessage } from './messages';
import { applyOffline } from './offline';
import { applyOnline } from './online';
import { applyPacket } from './packet';
import { applyBuddies, applyMembers, applyRoom, applySelf, applyStrangers, removeRoom } from './roster';
import { activateTab, closeTab, openTab } from './tabs';
import { sweepTyping } from './typing';
import type { Store } from './types';
import {
  applySettings,
  markNotificationsSeen,
  setConnection,
  setDraft,
  setMinimized,
  setNotifications,
  setPane,
} from './ui-state';
import { markRead } from './unread';

/**
 * Applies one action to the store: the only way state changes. Pure apart from writing the store's signals
 * (no I/O, no timers, no globals; time is `ctx.now`), and batched, so subscribers see one consistent change.
 */
export function reduce(store: Store, action: Action, ctx: ReduceContext): void {
  batch(() => apply(store, action, ctx));
}

function apply(store: Store, action: Action, ctx: ReduceContext): void {
  switch (action.type) {
    case 'online':
      return applyOnline(store, action.reply, { ...ctx, me: action.me });
    case 'packet':
      return applyPacket(store, action.packet, ctx);
    case 'offline':
      return applyOffline(store);
    case 'connection':
      return setConnection(store, action.status);
    case 'message/add':
      // A local copy: a known server copy keeps its timestamp and `sent`.
      applyMessage(store, action.message, ctx, 'local', action.key);
      return;
    case 'message/update':
      return updateMessage(store, action.key, action.id, action.patch);
    case 'history':
      return mergeHistory(store, action.key, action.messages, action.hasMore, ctx);
    case 'history/loading':
      return setHistoryLoading(store, action.key, action.loading, action.error);
    case 'history/clear':
      return clearHistory(store, action.key);
    case 'tab/open':
      return openTab(store, action.key, action.activate);
    case 'tab/close':
      return closeTab(store, action.key);
    case 'tab/activate':
      return activateTab(store, action.key);
    case 'read':
      return markRead(store, action.key);
    case 'draft':
      return setDraft(store, action.key, action.text);
    case 'pane':
      return setPane(store, action.pane);
    case 'minimize':
      return setMinimized(store, action.value);
    case 'settings':
      return applySettings(store, action.patch);
    case 'self':
      return applySelf(store, action.show, action.status);
    case 'buddies':
      return applyBuddies(store, action.buddies);
    case 'strangers':
      return applyStrangers(store, action.people);
    case 'room':
      return applyRoom(store, action.room);
    case 'room/remove':
      return removeRoom(store, action.id);
    case 'members':
      return applyMembers(store, action.roomId, action.members);
    case 'notifications':
      return setNotifications(store, action.list);
    case 'notifications/seen':
      return markNotificationsSeen(store, action.at);
    case 'typing/sweep':
      return sweepTyping(store, ctx.now);
    default:
      return assertNever(action);
  }
}

function assertNever(action: never): never {
  throw new Error(`Unknown action ${JSON.stringify(action)}`);
}
