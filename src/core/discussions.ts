import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey, Room } from '../protocol/types';
import { fail, type Core } from './context';
import type { WebIMClient } from './types';

type Methods = Pick<
  WebIMClient,
  'invite' | 'acceptInvitation' | 'declineInvitation' | 'follow' | 'unfollow' | 'historyDownloadUrl'
>;

/**
 * Discussions (temporary rooms by invitation), channel following and history download: the calls issue 16 adds
 * to the original protocol's, with their store changes. Failures are reported through `error` and reject.
 */
export function createDiscussions(core: Core, open: WebIMClient['openConversation']): Methods {
  const { store, api, dispatch } = core;

  async function call<T>(name: Parameters<typeof fail>[1], request: () => Promise<T>, undo?: () => void): Promise<T> {
    try {
      return await request();
    } catch (error) {
      undo?.();
      throw fail(core, name, error);
    }
  }

  const follow = async (id: string, followed: boolean): Promise<void> => {
    const before = store.channels.peek().get(id);
    const channel = before ?? { id, nick: id };
    // Optimistic: the page's Follow button turns at once; a refusal puts it back. A new follow stays `pending`
    // until the server confirms it (a broker link subscribes only then: the broker's ACL asks the site).
    dispatch({ type: 'channel', channel, followed, pending: followed && (!before || !!before.pending) });
    const undo = () => dispatch({ type: 'channel', channel, followed: !!before, pending: !!before?.pending });
    if (!followed) return call('unsubscribe', () => api.unsubscribe(id), undo);
    const known = await call('subscribe', () => api.subscribe(id), undo);
    // The server names the channel; after a bare `ok` the name known before (or the id) stays.
    dispatch({ type: 'channel', channel: known.nick !== known.id ? known : channel, followed: true });
  };

  return {
    async invite(members, options = {}): Promise<Room> {
      const room = await call('invite', () =>
        api.invite({ id: options.roomId, nick: options.nick, members: members.filter(Boolean) }),
      );
      dispatch({ type: 'room', room });
      return room;
    },
    async acceptInvitation(roomId) {
      const nick = store.user.peek()?.nick;
      const room = await call('join', () => api.join({ id: roomId, nick }));
      // The room arriving answers the invitation (see the reducer).
      dispatch({ type: 'room', room });
      open(`grpchat:${room.id}`);
    },
    declineInvitation: (roomId) => dispatch({ type: 'invitation/remove', roomId }),
    follow: (id) => follow(id, true),
    unfollow: (id) => follow(id, false),
    historyDownloadUrl(key: ConversationKey) {
      const p = parseConversationKey(key);
      return p && p.type !== 'broadcast' ? api.downloadHistoryUrl(p) : undefined;
    },
  };
}
