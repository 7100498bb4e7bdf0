import { ApiError, type ApiCall, type WebIMApi } from '../api/types';
import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Room, RoomMember, Settings, Show, SiteNotification } from '../protocol/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';

export interface RemoteActionDeps {
  store: Store;
  api: WebIMApi;
  events: ClientEvents;
  dispatch(action: Action): void;
  onTicketDead(): void;
  /** The presence to log in with from now on. */
  setShow(show: Show): void;
}

/**
 * Client methods that are one API call plus the matching store change. Where the outcome is predictable the
 * store changes first (optimistic) and is put back if the call fails; either way a failure is reported through
 * the `error` event and rejects the returned promise with the `ApiError`.
 */
export interface RemoteActions {
  setPresence(show: Show, status?: string): Promise<void>;
  join(roomId: string): Promise<void>;
  leave(roomId: string): Promise<void>;
  members(roomId: string): Promise<RoomMember[]>;
  block(roomId: string): Promise<void>;
  unblock(roomId: string): Promise<void>;
  clearHistory(key: ConversationKey): Promise<void>;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  notifications(): Promise<SiteNotification[]>;
}

export function createRemoteActions(deps: RemoteActionDeps): RemoteActions {
  const { store, api, dispatch } = deps;

  /** Runs a call; on failure undoes the optimistic change, reports, rethrows. */
  async function call<T>(name: ApiCall, run: () => Promise<T>, rollback?: () => void): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError('bad_reply', name, String(error), undefined, undefined, error);
      rollback?.();
      if (e.kind === 'invalid_ticket') deps.onTicketDead();
      deps.events.emit('error', e);
      throw e;
    }
  }

  const nick = () => store.user.peek()?.nick;
  const roomOf = (id: string): Room | undefined => store.rooms.peek().get(id)?.peek();

  function setBlocked(roomId: string, blocked: boolean): Promise<void> {
    const before = roomOf(roomId);
    if (before) dispatch({ type: 'room', room: { ...before, blocked } });
    return call(
      blocked ? 'block' : 'unblock',
      () => (blocked ? api.block(roomId) : api.unblock(roomId)),
      () => {
        if (before) dispatch({ type: 'room', room: before });
      },
    );
  }

  return {
    setPresence(show, status) {
      const user = store.user.peek();
      dispatch(status === undefined ? { type: 'self', show } : { type: 'self', show, status });
      deps.setShow(show);
      const params: { show: Show; status?: string } = { show };
      if (status !== undefined) params.status = status;
      return call('presence', () => api.presence(params), () => {
        if (!user) return;
        dispatch(user.status === undefined ? { type: 'self', show: user.show } : { type: 'self', show: user.show, status: user.status });
        deps.setShow(user.show);
      });
    },
    async join(roomId) {
      const params: { id: string; nick?: string } = { id: roomId };
      const n = nick();
      if (n !== undefined) params.nick = n;
      const room = await call('join', () => api.join(params));
      dispatch({ type: 'room', room });
    },
    leave(roomId) {
      const before = roomOf(roomId);
      const members = store.members.peek().get(roomId);
      dispatch({ type: 'room/remove', id: roomId });
      const params: { id: string; nick?: string } = { id: roomId };
      const n = nick();
      if (n !== undefined) params.nick = n;
      return call('leave', () => api.leave(params), () => {
        if (before) dispatch({ type: 'room', room: before });
        if (members) dispatch({ type: 'members', roomId, members: [...members] });
      });
    },
    async members(roomId) {
      const list = await call('members', () => api.members(roomId));
      dispatch({ type: 'members', roomId, members: list });
      return list;
    },
    block: (roomId) => setBlocked(roomId, true),
    unblock: (roomId) => setBlocked(roomId, false),
    async clearHistory(key) {
      const parsed = parseConversationKey(key);
      if (parsed && parsed.type !== 'broadcast') {
        const { id, type } = parsed;
        await call('clear_history', () => api.clearHistory({ id, type }));
      }
      dispatch({ type: 'history/clear', key });
    },
    saveSettings(patch) {
      const before = store.settings.peek();
      dispatch({ type: 'settings', patch });
      const previous: Partial<Settings> = {};
      for (const k of Object.keys(patch) as Array<keyof Settings>) (previous as Record<string, unknown>)[k] = before[k];
      return call('setting', () => api.setting(store.settings.peek()), () => dispatch({ type: 'settings', patch: previous }));
    },
    async notifications() {
      const list = await call('notifications', () => api.notifications());
      dispatch({ type: 'notifications', list });
      deps.events.emit('notifications', list);
      return list;
    },
  };
}
