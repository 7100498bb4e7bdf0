import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SESSION_FRESH_MS } from '../../src/core/client';
import { SCHEMA_VERSION } from '../../src/persist/migrate';
import type { SessionInfo, Snapshot } from '../../src/persist/types';
import { conversationKey } from '../../src/protocol/keys';
import { DEFAULT_SETTINGS, type Message } from '../../src/protocol/types';
import { createFakeApi, ME, settle } from './fakes';
import { createTestClient } from './harness';
import { createMemoryPersistence } from './tab-fakes';

const bob = conversationKey('chat', 'bob');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function snapshot(
  over: { session?: SessionInfo | null; outbox?: Snapshot['outbox']; messages?: Message[] } = {},
): Snapshot {
  return {
    version: SCHEMA_VERSION,
    uid: ME,
    savedAt: Date.now(),
    state: {
      user: { id: ME, nick: 'Alice', show: 'available' },
      buddies: [{ id: 'bob', nick: 'Bob', presence: 'online', show: 'available', incomplete: false, visitor: false }],
      strangers: [],
      rooms: [],
      members: [],
      conversations: [{ key: bob, messages: over.messages ?? [], hasMore: true, loaded: true }],
      unread: [[bob, 2]],
      tabs: [bob],
      activeTab: bob,
      pane: null,
      minimized: false,
      drafts: [[bob, 'unsent draft']],
      settings: { ...DEFAULT_SETTINGS },
      notifications: [],
      notificationsSeenAt: 0,
    },
    outbox: over.outbox ?? [],
    session: over.session === undefined ? null : over.session,
  };
}

const storedSession = (aliveAt: number): SessionInfo => ({
  me: ME,
  connection: { domain: 'localhost', ticket: 'stored-ticket', websocket: 'ws://im.test/v5/wsocket' },
  skew: 0,
  aliveAt,
});

describe('restore from storage', () => {
  it('paints the stored state before any network call', async () => {
    const persistence = createMemoryPersistence(snapshot());
    const { client, api, store } = createTestClient({ uid: ME, persist: true, persistence });
    await client.ready;
    expect(store.tabs.value).toEqual([bob]);
    expect(store.drafts.value.get(bob)).toBe('unsent draft');
    expect(store.unread.value.get(bob)).toBe(2);
    expect(api.online).not.toHaveBeenCalled();
  });

  it("puts this tab's pagehide copy into the store at once (before the disk answers), and a newer disk record over it", async () => {
    const persistence = createMemoryPersistence();
    let disk!: (s: Snapshot | null) => void;
    const copy = snapshot();
    const newer = { ...snapshot(), savedAt: copy.savedAt + 1 };
    newer.state = { ...newer.state, drafts: [[bob, 'newer draft']] };
    persistence.load = (_uid, early) => {
      early?.(copy);
      return new Promise((resolve) => (disk = resolve));
    };
    // The script tag's way: other users are forgotten first, which must not hold the copy back.
    const { client, store } = createTestClient({ uid: ME, persist: true, persistence, forgetOtherUsers: true });
    // Within the task that created the client (microtasks only, no timer, no disk): before the page's first frame.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(store.tabs.value).toEqual([bob]);
    expect(store.drafts.value.get(bob)).toBe('unsent draft');
    disk(newer);
    await client.ready;
    expect(store.drafts.value.get(bob)).toBe('newer draft');
  });

  it('re-subscribes a fresh stored session instead of logging in', async () => {
    const persistence = createMemoryPersistence(
      snapshot({ session: storedSession(Date.now() - SESSION_FRESH_MS + 1) }),
    );
    const { client, api, transports, store } = createTestClient({ uid: ME, persist: true, persistence });
    const done = client.online();
    await settle();
    expect(api.online).not.toHaveBeenCalled();
    expect(transports.last.connection?.ticket).toBe('stored-ticket');
    expect(api.ticket).toBe('stored-ticket');
    transports.last.open();
    await done;
    expect(store.connection.value.state).toBe('connected');
  });

  it('a page that resumes a fresh stored session still fetches notifications 1.5 s later', async () => {
    const persistence = createMemoryPersistence(snapshot({ session: storedSession(Date.now()) }));
    const { client, api, transports, store } = createTestClient({ uid: ME, persist: true, persistence });
    api.notifications.mockResolvedValue([{ text: 'new reply', time: 5 }] as never);
    const done = client.online();
    await settle();
    transports.last.open();
    await done;
    expect(api.online).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_499);
    expect(api.notifications).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(api.notifications).toHaveBeenCalledTimes(1);
    expect(store.notificationsUnread.value).toBe(1);
  });

  it('falls back to online when the stored ticket turns out dead', async () => {
    const persistence = createMemoryPersistence(snapshot({ session: storedSession(Date.now()) }));
    const { client, api, transports } = createTestClient({ uid: ME, persist: true, persistence });
    const done = client.online();
    await settle();
    transports.last.drop('stopped', false);
    await done;
    expect(api.online).toHaveBeenCalledTimes(1);
    expect(transports.last.connection?.ticket).toBe('ticket-1');
  });

  it('logs in when the stored session is stale', async () => {
    const persistence = createMemoryPersistence(
      snapshot({ session: storedSession(Date.now() - SESSION_FRESH_MS - 1) }),
    );
    const { client, api } = createTestClient({ uid: ME, persist: true, persistence });
    await client.online();
    expect(api.online).toHaveBeenCalledTimes(1);
  });

  it('re-sends the restored outbox once logged in (the push link need not be up), in order', async () => {
    const pending = (id: string, ts: number): Message => ({
      id: `c:${id}`,
      clientId: id,
      type: 'chat',
      from: ME,
      to: 'bob',
      nick: 'Alice',
      body: id,
      timestamp: ts,
      status: 'pending',
    });
    const outbox = [
      { key: bob, message: pending('p1', 10) },
      { key: bob, message: pending('p2', 11) },
    ];
    const persistence = createMemoryPersistence(snapshot({ outbox, messages: [outbox[0]!.message] }));
    const api = createFakeApi();
    const { client, transports, store } = createTestClient({ uid: ME, persist: true, persistence, api });
    expect(api.message).not.toHaveBeenCalled();
    await client.online();
    await settle(10);
    transports.last.open();
    expect(api.message.mock.calls.map((c) => (c as unknown as [{ clientId: string }])[0].clientId)).toEqual([
      'p1',
      'p2',
    ]);
    expect(store.conversations.value.get(bob)!.value.messages.map((m) => [m.body, m.status])).toEqual([
      ['p1', 'sent'],
      ['p2', 'sent'],
    ]);
  });

  it('saves after changes and flushes a live session on pagehide', async () => {
    const persistence = createMemoryPersistence();
    const { client, transports, page } = createTestClient({ uid: ME, persist: true, persistence });
    await client.online();
    transports.last.open();
    expect(persistence.saves).toBeGreaterThan(0);
    vi.advanceTimersByTime(30_000);
    page.window.dispatchEvent(new Event('pagehide'));
    await settle();
    const stored = persistence.stored()!;
    expect(stored.session).toMatchObject({ me: ME, aliveAt: Date.now(), connection: { ticket: 'ticket-1' } });
    expect(stored.state.user?.id).toBe(ME);
  });

  it('writes changes made by later pagehide listeners at once (a composer saving its draft), then debounces again', async () => {
    const persistence = createMemoryPersistence();
    const { client, transports, page } = createTestClient({ uid: ME, persist: true, persistence });
    await client.online();
    transports.last.open();
    client.openConversation(bob);
    // The page's own pagehide listener, registered after the client's (the toolbar mounts after the client).
    page.window.addEventListener('pagehide', () => client.setDraft(bob, 'typed just before leaving'));
    page.window.dispatchEvent(new Event('pagehide'));
    await settle();
    expect(persistence.stored()!.state.drafts).toEqual([[bob, 'typed just before leaving']]);

    // Back from the back/forward cache: ordinary debounced saves again.
    vi.advanceTimersByTime(1);
    client.setDraft(bob, 'later');
    await settle();
    expect(persistence.stored()!.state.drafts).toEqual([[bob, 'typed just before leaving']]);
  });

  it('the leader sends refresh by beacon on pagehide', async () => {
    const { client, api, transports, page } = createTestClient();
    await client.online();
    transports.last.open();
    page.window.dispatchEvent(new Event('pagehide'));
    expect(api.refresh).toHaveBeenCalledWith({ beacon: true });
  });
});
