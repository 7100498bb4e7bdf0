import type { ConversationKey } from '../protocol/types';
import type { Action } from '../store/actions';
import { reduce } from '../store/reduce';
import type { Core } from './context';

/**
 * The one path of every change (see `docs/client.md`): `reduce` applies the action to the store, and the events say
 * what the store did — a replay or a copy of a known message raises nothing. `remote`: another tab applied it first.
 * `visible`: the page is shown (a message in the open, unminimized conversation of a shown page is seen at once).
 */
export function createApplyAction(core: Core, visible: () => boolean) {
  const { store } = core;
  return (action: Action, remote: boolean): void => {
    const me = action.type === 'online' ? action.me : core.me();
    const isSeen = (key: ConversationKey) => visible() && store.activeTab.peek() === key && !store.minimized.peek();
    const invitationsBefore = store.invitations.peek();
    const postsBefore = store.channelPosts.peek();
    // Events come from what the store did: a replay or a copy of a known message raises nothing.
    for (const { key, message, was } of reduce(store, action, { me, now: core.now(), isSeen })) {
      if (!was) core.emit('message', { key, message, incoming: message.from !== me });
      else if (was.status !== message.status) core.emit('message:status', { key, message });
    }
    if (action.type === 'packet') {
      for (const p of action.packet.presences) core.emit('presence', p);
      for (const s of action.packet.statuses) core.emit('status', s);
      // Only what the store took as news (a replay or another tab's copy raises nothing), oldest first.
      for (const i of [...store.invitations.peek()].reverse())
        if (!invitationsBefore.includes(i)) core.emit('invitation', i);
      for (const p of [...store.channelPosts.peek()].reverse())
        if (!postsBefore.includes(p)) core.emit('channel-post', p);
    }
    core.emit('action', { action, remote });
  };
}
