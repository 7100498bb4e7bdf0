import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import { createStore, reduce } from '../../src/store';
import { buddy, ctx, ME, msg, onlineReply, packet, pending, room, status } from './fixtures';

const bob = conversationKey('chat', 'bob');
const carol = conversationKey('chat', 'carol');
const lobby = conversationKey('grpchat', 'lobby');

describe('online', () => {
  it('applies user, roster, rooms, presences, settings and uses action.me', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'online',
        me: ME,
        reply: onlineReply({
          buddies: [
            buddy('bob', { presence: 'offline', show: 'unavailable' }),
            buddy('carol', { presence: 'offline', show: 'unavailable' }),
          ],
          rooms: [room('lobby')],
          presences: { bob: 'away' },
          settings: { play_sound: false },
          newMessages: [msg(ME, 'bob', 'own offline copy', 5)],
        }),
      },
      ctx({ me: '' }),
    );
    expect(store.user.value).toMatchObject({ id: ME, nick: 'Alice' });
    expect(store.buddies.value.get('bob')!.value).toMatchObject({ presence: 'online', show: 'away' });
    expect(store.buddies.value.get('carol')!.value).toMatchObject({ presence: 'offline' });
    expect(store.rooms.value.has('lobby')).toBe(true);
    expect(store.settings.value.play_sound).toBe(false);
    // With me from the action, the own copy is not unread.
    expect(store.unread.value.size).toBe(0);
  });

  it('offline messages count as unread and pop tabs (not activated) with msg_auto_pop; not without', () => {
    const store = createStore();
    const reply = onlineReply({
      newMessages: [msg('bob', ME, 'while you were out', 1), msg('bob', ME, 'hello?', 2), msg('vid:7', ME, 'hi', 3)],
    });
    reduce(store, { type: 'online', me: ME, reply }, ctx());
    expect(store.unread.value.get(bob)).toBe(2);
    expect(store.tabs.value).toEqual([bob, conversationKey('chat', 'vid:7')]);
    expect(store.activeTab.value).toBeNull();
    // A stranger who is not in the presence map is offline.
    expect(store.strangers.value.get('vid:7')!.value.presence).toBe('offline');

    const quiet = createStore();
    reduce(quiet, { type: 'online', me: ME, reply: { ...reply, settings: { msg_auto_pop: false } } }, ctx());
    expect(quiet.unread.value.get(bob)).toBe(2);
    expect(quiet.tabs.value).toEqual([]);
  });

  it("offline messages that the reply also lists in their sender's history slice still count as news", () => {
    const store = createStore();
    const out = [msg('bob', ME, 'while you were out', 10), msg('bob', ME, 'hello?', 11)];
    const older = msg(ME, 'bob', 'see you', 5);
    reduce(
      store,
      { type: 'online', me: ME, reply: onlineReply({ newMessages: out, histories: { [bob]: [older, ...out] } }) },
      ctx(),
    );
    expect(store.unread.value.get(bob)).toBe(2);
    expect(store.tabs.value).toEqual([bob]);
    expect(store.conversations.value.get(bob)!.value.messages.map((m) => m.body)).toEqual([
      'see you',
      'while you were out',
      'hello?',
    ]);
  });

  it('a re-login keeps tabs, drafts, unread and history, and adds nothing twice', () => {
    const store = createStore();
    const history = [msg('bob', ME, 'old', 1), msg(ME, 'bob', 'reply', 2)];
    reduce(
      store,
      { type: 'online', me: ME, reply: onlineReply({ buddies: [buddy('bob')], histories: { [bob]: history } }) },
      ctx(),
    );
    reduce(store, { type: 'tab/open', key: bob, activate: false }, ctx());
    reduce(store, { type: 'draft', key: bob, text: 'typing…' }, ctx());
    reduce(
      store,
      { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'new', 3)], statuses: [status('bob', 'typing')] }) },
      ctx(),
    );
    reduce(store, { type: 'message/add', key: bob, message: pending('bob', 'unsent', 4, 'k9') }, ctx());
    expect(store.unread.value.get(bob)).toBe(1);

    // Dead ticket, log in again: the server returns the same history (now including 'new', and 'unsent' restamped).
    const again = [...history, msg('bob', ME, 'new', 3), msg(ME, 'bob', 'unsent', 60_000)];
    reduce(
      store,
      {
        type: 'online',
        me: ME,
        reply: onlineReply({
          buddies: [buddy('bob')],
          histories: { [bob]: again },
          newMessages: [msg('bob', ME, 'new', 3)],
        }),
      },
      ctx(),
    );
    const c = store.conversations.value.get(bob)!.value;
    expect(c.messages.map((m) => m.body)).toEqual(['old', 'reply', 'new', 'unsent']);
    expect(c.messages[3]).toMatchObject({ id: 'c:k9', status: 'sent', timestamp: 60_000 });
    expect(store.tabs.value).toEqual([bob]);
    expect(store.drafts.value.get(bob)).toBe('typing…');
    expect(store.unread.value.get(bob)).toBe(1);
    expect(store.typing.value.size).toBe(0);
    // Buddies that the reply does not list and that are absent from presences are offline.
    expect(store.buddies.value.get('bob')!.value.presence).toBe('online');
  });

  it('presences rule for known people not in the reply', () => {
    const store = createStore();
    reduce(store, { type: 'buddies', buddies: [buddy('bob'), buddy('carol')] }, ctx());
    reduce(store, { type: 'online', me: ME, reply: onlineReply({ presences: { carol: 'dnd' } }) }, ctx());
    expect(store.buddies.value.get('bob')!.value.presence).toBe('offline');
    expect(store.buddies.value.get('carol')!.value).toMatchObject({ presence: 'online', show: 'dnd' });
  });
});

describe('offline', () => {
  it('marks everyone offline and leaves conversations, tabs and unread alone', () => {
    const store = createStore();
    reduce(
      store,
      {
        type: 'online',
        me: ME,
        reply: onlineReply({ buddies: [buddy('bob'), buddy('carol')], presences: { bob: 'available', carol: 'away' } }),
      },
      ctx(),
    );
    reduce(
      store,
      {
        type: 'packet',
        packet: packet({ messages: [msg('carol', ME, 'hi', 1)], statuses: [status('bob', 'typing')] }),
      },
      ctx(),
    );
    reduce(store, { type: 'offline' }, ctx());
    expect([...store.buddies.value.values()].map((b) => b.value.presence)).toEqual(['offline', 'offline']);
    expect(store.user.value!.show).toBe('unavailable');
    expect(store.conversations.value.get(carol)!.value.messages).toHaveLength(1);
    expect(store.unread.value.get(carol)).toBe(1);
    expect(store.tabs.value).toEqual([carol]);
    expect(store.typing.value.size).toBe(0);
  });
});

describe('history', () => {
  it('an older page prepends, a replayed page adds nothing, hasMore follows the action', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'live', 100)] }) }, ctx());
    reduce(store, { type: 'history/loading', key: bob, loading: true }, ctx());
    expect(store.conversations.value.get(bob)!.value.loading).toBe(true);
    const page = [msg('bob', ME, 'h1', 10), msg(ME, 'bob', 'h2', 20), msg('bob', ME, 'live', 100)];
    reduce(store, { type: 'history', key: bob, messages: page, hasMore: true }, ctx());
    const older = [msg('bob', ME, 'o1', 1), msg('bob', ME, 'o2', 2)];
    reduce(store, { type: 'history', key: bob, messages: older, hasMore: false }, ctx());
    reduce(store, { type: 'history', key: bob, messages: older, hasMore: false }, ctx());
    const c = store.conversations.value.get(bob)!.value;
    expect(c.messages.map((m) => m.body)).toEqual(['o1', 'o2', 'h1', 'h2', 'live']);
    expect(c).toMatchObject({ hasMore: false, loaded: true, loading: false });
    // History is not news.
    expect(store.unread.value.get(bob)).toBe(1);
  });

  it('history/loading records an error; the next page clears it', () => {
    const store = createStore();
    reduce(store, { type: 'history/loading', key: lobby, loading: false, error: 'timeout' }, ctx());
    expect(store.conversations.value.get(lobby)!.value).toMatchObject({ loading: false, error: 'timeout' });
    reduce(store, { type: 'history', key: lobby, messages: [], hasMore: false }, ctx());
    expect(store.conversations.value.get(lobby)!.value.error).toBeUndefined();
  });

  it('history/clear empties the conversation and its unread', () => {
    const store = createStore();
    reduce(store, { type: 'packet', packet: packet({ messages: [msg('bob', ME, 'x', 1)] }) }, ctx());
    reduce(store, { type: 'history/clear', key: bob }, ctx());
    expect(store.conversations.value.get(bob)!.value).toMatchObject({
      messages: [],
      notices: [],
      hasMore: false,
      loaded: true,
    });
    expect(store.unread.value.has(bob)).toBe(false);
  });
});
