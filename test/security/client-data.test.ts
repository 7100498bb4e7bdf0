/**
 * Issue 12, findings 8 and 9: what the client reads back from storage or hears from another tab is checked as
 * strictly as network input (dropped and reported through `error`, never applied), and a sign-out leaves nothing
 * of the user behind.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDBKeyRange } from 'fake-indexeddb';
import { createArchive, createPersistence, readTabMessage, SCHEMA_VERSION } from '../../src/persist';
import { forgetPreviousUser, lastUserKey } from '../../src/persist/previous-user';
import { channelName, createTabCoordinator } from '../../src/persist/tabs/coordinator';
import type { Snapshot, TabMessage } from '../../src/persist/types';
import { userKey } from '../../src/persist/util';
import { ProtocolError } from '../../src/protocol/errors';
import { conversationKey } from '../../src/protocol/keys';
import { parsePacket } from '../../src/protocol/packet';
import { DEFAULT_SETTINGS, type Message } from '../../src/protocol/types';
import { createFakeApi, ME, settle } from '../core/fakes';
import { createTestClient } from '../core/harness';
import { freshIndexedDB, rawRecords } from '../persist/support/idb';
import {
  HOSTILE_PACKETS,
  HOSTILE_STORED_BUDDIES,
  HOSTILE_STORED_MESSAGES,
  HOSTILE_STORED_SESSIONS,
  HOSTILE_TAB_MESSAGES,
} from './corpus';

const DOMAIN = 'forum.example';
const bob = conversationKey('chat', 'bob');

afterEach(() => {
  vi.unstubAllGlobals();
});

/** A snapshot as this SDK writes it, with `over` spliced in (the attacker's edit). */
function snapshot(over: { session?: unknown; message?: unknown; buddy?: unknown } = {}): Snapshot & { domain: string } {
  return {
    domain: DOMAIN,
    version: SCHEMA_VERSION,
    uid: ME,
    savedAt: 1,
    state: {
      user: { id: ME, nick: 'Alice', show: 'available' },
      buddies: [
        (over.buddy as never) ?? {
          id: 'bob',
          nick: 'Bob',
          presence: 'online',
          show: 'available',
          incomplete: false,
          visitor: false,
          url: 'https://forum.example/u/bob',
          avatar: '/avatars/bob.png',
        },
      ],
      strangers: [],
      rooms: [],
      members: [],
      conversations: [
        {
          key: bob,
          messages: [
            (over.message as never) ?? {
              id: 'm1',
              type: 'chat',
              from: 'bob',
              to: ME,
              nick: 'Bob',
              body: 'hello',
              timestamp: 1,
              status: 'sent',
            },
          ],
          hasMore: false,
          loaded: true,
        },
      ],
      unread: [],
      tabs: [bob],
      activeTab: bob,
      pane: null,
      minimized: false,
      drafts: [[bob, 'a draft']],
      settings: { ...DEFAULT_SETTINGS },
      notifications: [],
      notificationsSeenAt: 0,
    },
    outbox: [],
    session: (over.session as never) ?? {
      me: ME,
      skew: 0,
      aliveAt: 1,
      connection: {
        domain: 'localhost',
        ticket: 't',
        jsonpd: 'http://im.test/v5/packets',
        websocket: 'ws://im.test/ws',
      },
    },
  };
}

/** A sessionStorage stand-in. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

const tampered = [
  ...HOSTILE_STORED_SESSIONS.map((session) => ['session', { session }] as const),
  ...HOSTILE_STORED_MESSAGES.map((message) => ['message', { message }] as const),
  ...HOSTILE_STORED_BUDDIES.map((buddy) => ['buddy', { buddy }] as const),
];

describe('8. stored data is read as strictly as network input', () => {
  it('an untouched snapshot loads (the checks refuse only what we never write)', async () => {
    const idb = freshIndexedDB();
    await rawRecords(idb).put(DOMAIN, ME, snapshot());
    const errors: unknown[] = [];
    const loaded = await createPersistence({
      domain: DOMAIN,
      env: { indexedDB: idb },
      onError: (e) => errors.push(e),
    }).load(ME);
    expect(loaded?.state.drafts).toEqual([[bob, 'a draft']]);
    expect(errors).toEqual([]);
  });

  it.each(tampered.map(([what, over], i) => [i, what, over] as const))(
    'tampered snapshot #%i (%s) is dropped whole and reported, from IndexedDB and from sessionStorage',
    async (_, __, over) => {
      const idb = freshIndexedDB();
      await rawRecords(idb).put(DOMAIN, ME, snapshot(over));
      const sessionStorage = memoryStorage();
      sessionStorage.setItem('webim:snapshot:' + userKey(DOMAIN, ME), JSON.stringify(snapshot(over)));
      const errors: unknown[] = [];
      const persistence = createPersistence({
        domain: DOMAIN,
        env: { indexedDB: idb, sessionStorage },
        onError: (e) => errors.push(e),
      });
      expect(await persistence.load(ME)).toBeNull();
      expect(errors).toHaveLength(2);
      for (const e of errors) expect(e).toMatchObject({ name: 'ProtocolError', code: 'bad_storage' });
      // Gone from disk too: the next page does not meet it again.
      expect(await rawRecords(idb).get(DOMAIN, ME)).toBeUndefined();
    },
  );

  it.each(HOSTILE_STORED_SESSIONS.slice(0, 5).map((s, i) => [i, s] as const))(
    'the client does not resume stored session #%i: it logs in afresh and reports the snapshot',
    async (_, session) => {
      const idb = freshIndexedDB();
      await rawRecords(idb).put('default', ME, { ...snapshot({ session }), domain: 'default' });
      vi.stubGlobal('indexedDB', idb);
      const { client, api, transports, record } = createTestClient({ uid: ME, persist: true });
      const errors = record('error');
      await client.ready;
      expect(errors).toEqual([expect.objectContaining({ code: 'bad_storage' })]);
      expect(client.store.tabs.value).toEqual([]);
      void client.online();
      await settle();
      expect(api.online).toHaveBeenCalledTimes(1);
      for (const t of transports.made) expect(t.connection?.ticket).not.toBe('t');
      client.destroy();
    },
  );

  it.each(HOSTILE_PACKETS.map((p, i) => [i, p] as const))('push packet #%i: parsed without a throw', (_, raw) => {
    const { packet } = parsePacket(raw);
    for (const m of packet.messages) expect(typeof m.body).toBe('string');
    for (const p of packet.presences) expect(typeof p.from).toBe('string');
  });
});

describe('8. cross-tab messages are read as strictly as network input', () => {
  it('a well-formed action still passes (a checked copy)', () => {
    const message = {
      id: 'x',
      type: 'chat',
      from: 'bob',
      to: ME,
      nick: 'Bob',
      body: 'hi',
      timestamp: 1,
      status: 'sent',
    };
    const checked = readTabMessage({ kind: 'action', action: { type: 'message/add', key: bob, message, extra: 1 } });
    expect(checked).toEqual({ kind: 'action', action: { type: 'message/add', key: bob, message } });
  });

  it.each(HOSTILE_TAB_MESSAGES.map((m, i) => [i, m] as const))('hostile tab message #%i is refused', (_, m) => {
    expect(readTabMessage(m)).toBeNull();
  });

  it('the coordinator drops each one and reports it; its subscribers hear nothing', async () => {
    const domain = 'tabs-security.example';
    const errors: unknown[] = [];
    const coordinator = createTabCoordinator({
      domain,
      uid: ME,
      id: 'victim',
      env: { locks: null, window: null },
      onError: (e) => errors.push(e),
    });
    await coordinator.start();
    const heard: TabMessage[] = [];
    coordinator.subscribe((m) => heard.push(m));
    const attacker = new BroadcastChannel(channelName(domain, ME));
    for (const message of HOSTILE_TAB_MESSAGES)
      attacker.postMessage({ tag: 'webim-tabs/1', from: 'attacker', kind: 'message', message });
    const deadline = Date.now() + 3000;
    while (errors.length < HOSTILE_TAB_MESSAGES.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    attacker.close();
    coordinator.stop();
    expect(errors).toHaveLength(HOSTILE_TAB_MESSAGES.length);
    for (const e of errors) expect(e).toMatchObject({ code: 'bad_tab_message' });
    expect(heard).toEqual([]);
  });

  it("the client reports a forged action through error and renders nothing of it (the issue's crash)", async () => {
    const { client, record, store } = createTestClient({ uid: 'tabs-user', tabs: true });
    const errors = record('error');
    await client.ready;
    const attacker = new BroadcastChannel(channelName('default', 'tabs-user'));
    attacker.postMessage({
      tag: 'webim-tabs/1',
      from: 'attacker',
      kind: 'message',
      message: { kind: 'action', action: { type: 'message/add', key: bob, message: { id: 'x', body: 42 } } },
    });
    const deadline = Date.now() + 3000;
    while (!errors.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    attacker.close();
    expect(errors).toEqual([expect.any(ProtocolError)]);
    expect(errors[0]).toMatchObject({ code: 'bad_tab_message' });
    expect(store.conversations.value.size).toBe(0);
    client.destroy();
  });
});

describe('9. signing out forgets the user', () => {
  async function signedIn() {
    const idb = freshIndexedDB();
    const sessionStorage = memoryStorage();
    const persistence = createPersistence({ domain: DOMAIN, env: { indexedDB: idb, sessionStorage } });
    const api = createFakeApi();
    const test = createTestClient({ uid: ME, persist: true, persistence, api });
    await test.client.ready;
    const online = test.client.online();
    for (let i = 0; i < 100 && !test.transports.made.length; i++) await settle();
    test.transports.last.open();
    await online;
    test.client.openConversation(bob);
    test.client.setDraft(bob, 'half-written secret');
    test.client.sendMessage({ to: 'bob', body: 'a message' });
    // The pagehide path writes both copies (IndexedDB and this tab's sessionStorage).
    test.page.window.dispatchEvent(new Event('pagehide'));
    await persistence.flush();
    expect(await rawRecords(idb).get(DOMAIN, ME)).toBeDefined();
    expect(sessionStorage.length).toBe(1);
    return { ...test, idb, sessionStorage, persistence };
  }

  it.each([
    ['logout()', (c: { logout(): Promise<void> }) => c.logout()],
    [
      'offline({ forget: true })',
      (c: { offline(o: { forget: boolean }): Promise<void> }) => c.offline({ forget: true }),
    ],
  ])('%s clears the store, IndexedDB and sessionStorage, and saves nothing after', async (_, signOut) => {
    const { client, api, idb, sessionStorage, store, persistence } = await signedIn();
    await signOut(client as never);
    expect(api.offline).toHaveBeenCalledTimes(1);
    expect(await rawRecords(idb).get(DOMAIN, ME)).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
    expect(store.tabs.value).toEqual([]);
    expect(store.drafts.value.size).toBe(0);
    expect(store.conversations.value.size).toBe(0);
    expect(store.buddies.value.size).toBe(0);
    // A late change (another listener, a stray timer) brings nothing back.
    client.setDraft(bob, 'after');
    await persistence.flush();
    expect(await rawRecords(idb).get(DOMAIN, ME)).toBeUndefined();
    client.destroy();
  });

  it('a plain offline() keeps the data (the user may come back)', async () => {
    const { client, idb } = await signedIn();
    await client.offline();
    expect(await rawRecords(idb).get(DOMAIN, ME)).toBeDefined();
    client.destroy();
  });

  it('the script tag forgets the previous user when data-uid changes (or is gone)', async () => {
    const localStorage = memoryStorage();
    const cleared: string[] = [];
    const persistence = { clear: async (uid: string) => void cleared.push(uid) } as never;
    await forgetPreviousUser(DOMAIN, 'alice', persistence, { localStorage });
    expect(cleared).toEqual([]);
    await forgetPreviousUser(DOMAIN, 'alice', persistence, { localStorage });
    expect(cleared).toEqual([]);
    await forgetPreviousUser(DOMAIN, 'bob', persistence, { localStorage });
    expect(cleared).toEqual(['alice']);
    await forgetPreviousUser(DOMAIN, undefined, persistence, { localStorage });
    expect(cleared).toEqual(['alice', 'bob']);
    expect(localStorage.getItem(lastUserKey(DOMAIN))).toBeNull();
  });

  it("a client with forgetOtherUsers deletes the last user's archived messages too", async () => {
    const idb = freshIndexedDB();
    const archive = createArchive({ domain: 'default', indexedDB: idb, IDBKeyRange });
    const bob = conversationKey('chat', 'bob');
    const m = (i: number): Message => ({
      id: `m${i}`,
      type: 'chat',
      from: 'bob',
      to: 'alice',
      nick: 'Bob',
      body: `secret ${i}`,
      timestamp: 1_000 * i,
      status: 'sent',
    });
    archive.save('alice', () => [{ key: bob, messages: [m(1), m(2), m(3)], hasMore: false }]);
    await archive.flush();
    expect(await archive.older('alice', bob, m(3), 10)).toHaveLength(2);
    const localStorage = memoryStorage();
    localStorage.setItem(lastUserKey('default'), 'alice');
    vi.stubGlobal('indexedDB', idb);
    vi.stubGlobal('IDBKeyRange', IDBKeyRange);
    vi.stubGlobal('localStorage', localStorage);
    const { client } = createTestClient({ uid: 'carol', persist: true, forgetOtherUsers: true });
    await client.ready;
    expect(await archive.older('alice', bob, m(3), 10)).toEqual([]);
    client.destroy();
  });

  it("a client with forgetOtherUsers deletes the last user's snapshot before it starts", async () => {
    const idb = freshIndexedDB();
    await rawRecords(idb).put('default', 'alice', { ...snapshot(), domain: 'default' });
    const localStorage = memoryStorage();
    localStorage.setItem(lastUserKey('default'), 'alice');
    vi.stubGlobal('indexedDB', idb);
    vi.stubGlobal('localStorage', localStorage);
    const { client } = createTestClient({ uid: 'bob', persist: true, forgetOtherUsers: true });
    await client.ready;
    expect(await rawRecords(idb).get('default', 'alice')).toBeUndefined();
    expect(localStorage.getItem(lastUserKey('default'))).toBe('bob');
    client.destroy();
    // Without the option (the npm default) nothing is touched.
    await rawRecords(idb).put('default', 'carol', { ...snapshot(), uid: 'carol', domain: 'default' });
    const other = createTestClient({ uid: 'dave', persist: true });
    await other.client.ready;
    expect(await rawRecords(idb).get('default', 'carol')).toBeDefined();
    other.client.destroy();
  });
});
