import type { Buddy, ConversationKey, Message, OnlineReply } from '../protocol/types';
import type { Signal } from '@preact/signals';
import type { ReduceContext } from './actions';
import { shallowEqual } from './collections';
import { mergeHistory } from './history';
import { applyMessages } from './messages';
import { applyBuddies, applyRoom, ensureStranger, presenceOfShow, setPersonPresence } from './roster';
import { clearAllTyping } from './typing';
import type { Store } from './types';
import { applySettings } from './ui-state';

/**
 * `online`: the login reply. Everything merges into what the store already shows (a re-login after a dead
 * ticket keeps tabs, drafts, unread and loaded history):
 * - user, settings, buddies and rooms from the reply are upserted (the reply lists only some buddies — those
 *   asked for and senders of offline messages — so nobody is removed);
 * - histories of open tabs merge by message identity;
 * - offline messages (`newMessages`) are live news: they count as unread, and with `msg_auto_pop` on (the
 *   default) their conversations get tabs, not activated, so the bar badges them without opening windows;
 * - presences are authoritative for everyone we know: someone absent from the map (and not reported online by
 *   the reply's own buddy entry) is offline.
 */
export function applyOnline(store: Store, reply: OnlineReply, ctx: ReduceContext): void {
  if (!store.user.peek() || !shallowEqual(store.user.peek()!, reply.user)) store.user.value = reply.user;
  if (reply.settings) applySettings(store, reply.settings);
  applyBuddies(store, reply.buddies);
  for (const room of reply.rooms) applyRoom(store, room);
  // Offline messages first: servers also put them in their sender's history slice, and merged as history first
  // they would be known already, so never counted as news.
  applyMessages(store, reply.newMessages, ctx, { source: 'server', live: true });
  for (const [key, list] of Object.entries(reply.histories) as Array<[ConversationKey, Message[] | undefined]>) {
    if (list) mergeHistory(store, key, list, historyHasMore(store, key, list), ctx);
  }
  const reported = new Map(reply.buddies.map((b) => [b.id, b]));
  const update = (person: Signal<Buddy>, id: string) => {
    const show = reply.presences[id];
    if (show !== undefined) setPersonPresence(person, presenceOfShow(show), { show });
    else if (!reported.has(id)) setPersonPresence(person, 'offline');
  };
  for (const [id, person] of store.buddies.peek()) update(person, id);
  for (const [id, person] of store.strangers.peek()) update(person, id);
  // People the reply reports but the store doesn't know yet (chatlink users on the page): strangers, so the
  // page's presence icons can show them.
  for (const [id, show] of Object.entries(reply.presences)) {
    if (id !== reply.user.id && presenceOfShow(show) === 'online') ensureStranger(store, id, undefined, 'online');
  }
  clearAllTyping(store);
}

/**
 * Login histories are a recent slice of unknown length: more may exist unless the slice is empty, or it reaches
 * no further back than a conversation already loaded to its start.
 */
function historyHasMore(store: Store, key: ConversationKey, list: readonly Message[]): boolean {
  if (!list.length) return false;
  const c = store.conversations.peek().get(key)?.peek();
  if (!c || !c.loaded || c.hasMore) return true;
  const oldest = c.messages[0];
  return !oldest || list[0]!.timestamp < oldest.timestamp;
}
