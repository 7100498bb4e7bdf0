import type { ApiCall } from '../api/types';
import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Message, Settings, Show } from '../protocol/types';
import { fail, noop, type Core, type Timer } from './context';
import type { ClientOptions, WebIMClient } from './types';

export const DEFAULT_TYPING_THROTTLE_MS = 3_000;
export const DEFAULT_TYPING_IDLE_MS = 5_000;

/**
 * Client methods that are API calls with their store changes: room and presence actions (optimistic where the
 * outcome is predictable, put back when the call fails; failures are reported through `error` and reject),
 * history paging, buddy completion and outgoing typing statuses.
 */
export function createRemote(
  core: Core,
  session: { show: Show },
  limit: number,
  options: ClientOptions,
  /** Older messages kept on this device (the archive), before the server is asked. */
  local: (key: ConversationKey, oldest: Message, limit: number) => Promise<Message[]>,
) {
  const { store, api, dispatch } = core;

  /** Awaits a call; on failure undoes the optimistic change, reports, rethrows. */
  const call = async <T>(name: ApiCall, request: Promise<T>, undo?: () => void): Promise<T> => {
    try {
      return await request;
    } catch (error) {
      undo?.();
      throw fail(core, name, error);
    }
  };
  const nick = () => store.user.peek()?.nick;
  const room = (id: string) => store.rooms.peek().get(id)?.peek();
  const blocked = (id: string, blocked: boolean) => {
    const before = room(id);
    if (before) dispatch({ type: 'room', room: { ...before, blocked } });
    return call(
      blocked ? 'block' : 'unblock',
      blocked ? api.block(id) : api.unblock(id),
      () => before && dispatch({ type: 'room', room: before }),
    );
  };

  /**
   * History: the first page (newest messages), then each call the next older one (`before` = the oldest loaded),
   * until a page comes back short. Concurrent calls for one conversation share a request. Failures never reject:
   * they are recorded on the conversation and reported; the promise resolves to whether more remain.
   */
  const loading = new Map<ConversationKey, Promise<boolean>>();
  async function loadPage(key: ConversationKey): Promise<boolean> {
    const c = store.conversations.peek().get(key)?.peek();
    if (c?.loaded && !c.hasMore) return false;
    const p = parseConversationKey(key);
    if (!p || p.type === 'broadcast') {
      // Site broadcasts have no server history.
      dispatch({ type: 'history', key, messages: [], hasMore: false, older: false });
      return false;
    }
    // The oldest server copy: own unsent messages stay at the top of a trimmed list, older than what paging needs.
    const oldest = c?.loaded ? c.messages.find((m) => m.status === 'sent') : undefined;
    const before = oldest?.timestamp;
    if (oldest) {
      // Older pages kept on this device come first, without a request (the server may still have more beyond).
      const kept = await local(key, oldest, limit);
      if (kept.length) {
        dispatch({ type: 'history', key, messages: kept, hasMore: true, older: true });
        return true;
      }
    }
    dispatch({ type: 'history/loading', key, loading: true });
    try {
      const messages = await api.histories({ id: p.id, type: p.type, limit, before });
      // A server that ignores `before` answers with the newest page again: nothing older means the end.
      const hasMore = messages.length >= limit && (before === undefined || messages.some((m) => m.timestamp < before));
      dispatch({ type: 'history', key, messages, hasMore, older: before !== undefined });
      return hasMore;
    } catch (error) {
      const e = fail(core, 'histories', error);
      dispatch({ type: 'history/loading', key, loading: false, error: e.serverMessage ?? e.message });
      return store.conversations.peek().get(key)?.peek().hasMore ?? true;
    }
  }

  /** Ids asked for within 50 ms go out in one `buddies` request (at most 100 ids each); nobody is asked twice. */
  const wanted = new Set<string>();
  const asked = new Set<string>();
  const completion = core.timer(() => {
    const ids = [...wanted];
    wanted.clear();
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100);
      for (const id of batch) asked.add(id);
      api.buddies(batch).then(
        (buddies) => dispatch({ type: 'buddies', buddies }),
        (error: unknown) => {
          for (const id of batch) asked.delete(id);
          fail(core, 'buddies', error);
        },
      );
    }
  });
  /** `again`: ask even those asked before (a refresh of strangers' presence). */
  const complete = (ids: readonly string[], again?: boolean) => {
    for (const id of ids) if (again || !asked.has(id)) wanted.add(id);
    if (wanted.size && !completion.on) completion.start(50);
  };

  /** Outgoing typing: one `typing` per throttle window per receiver, `clear` after idle or once a message went. */
  const typing = new Map<string, { at: number; idle: Timer }>();
  const status = (to: string, show: 'typing' | 'clear') => api.status({ to, show }).catch(noop);
  const typed = (to: string) => {
    const peer = typing.get(to);
    if (!peer || peer.at === -Infinity) return;
    peer.idle.stop();
    peer.at = -Infinity;
    status(to, 'clear');
  };

  const methods: Omit<
    WebIMClient,
    | 'store'
    | 'online'
    | 'offline'
    | 'logout'
    | 'sendMessage'
    | 'retry'
    | 'lookupPeople'
    | 'refreshPeople'
    | 'openConversation'
    | 'closeConversation'
    | 'activate'
    | 'markRead'
    | 'releaseHistory'
    | 'setDraft'
    | 'setPane'
    | 'setMinimized'
    | 'markNotificationsSeen'
    | 'invite'
    | 'acceptInvitation'
    | 'declineInvitation'
    | 'follow'
    | 'unfollow'
    | 'historyDownloadUrl'
    | 'on'
    | 'destroy'
  > = {
    setPresence(show, status) {
      const user = store.user.peek();
      dispatch({ type: 'self', show, status });
      session.show = show;
      return call('presence', api.presence({ show, status }), () => {
        if (!user) return;
        dispatch({ type: 'self', show: user.show, status: user.status });
        session.show = user.show;
      });
    },
    async join(id) {
      dispatch({ type: 'room', room: await call('join', api.join({ id, nick: nick() })) });
    },
    leave(id) {
      const before = room(id);
      const members = store.members.peek().get(id);
      dispatch({ type: 'room/remove', id });
      return call('leave', api.leave({ id, nick: nick() }), () => {
        if (before) dispatch({ type: 'room', room: before });
        if (members) dispatch({ type: 'members', roomId: id, members: [...members] });
      });
    },
    async members(roomId) {
      const members = await call('members', api.members(roomId));
      dispatch({ type: 'members', roomId, members });
      return members;
    },
    block: (id) => blocked(id, true),
    unblock: (id) => blocked(id, false),
    loadHistory(key) {
      let request = loading.get(key);
      if (!request) loading.set(key, (request = loadPage(key).finally(() => loading.delete(key))));
      return request;
    },
    async clearHistory(key) {
      const p = parseConversationKey(key);
      if (p && p.type !== 'broadcast') await call('clear_history', api.clearHistory(p));
      dispatch({ type: 'history/clear', key });
    },
    saveSettings(patch) {
      const before = store.settings.peek();
      dispatch({ type: 'settings', patch });
      const undo = Object.fromEntries(Object.keys(patch).map((k) => [k, before[k as keyof Settings]]));
      return call('setting', api.setting(store.settings.peek()), () => dispatch({ type: 'settings', patch: undo }));
    },
    async notifications() {
      const list = await call('notifications', api.notifications());
      dispatch({ type: 'notifications', list });
      core.emit('notifications', list);
      return list;
    },
    completeBuddies: complete,
    sendTyping(to) {
      if (store.connection.peek().state !== 'connected') return;
      let peer = typing.get(to);
      if (!peer) typing.set(to, (peer = { at: -Infinity, idle: core.timer(() => typed(to)) }));
      if (core.now() - peer.at >= (options.typingThrottleMs ?? DEFAULT_TYPING_THROTTLE_MS)) {
        peer.at = core.now();
        status(to, 'typing');
      }
      peer.idle.start(options.typingIdleMs ?? DEFAULT_TYPING_IDLE_MS);
    },
  };
  return { methods, complete, typed };
}
