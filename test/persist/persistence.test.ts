import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  applySnapshot,
  boundState,
  captureState,
  createPersistence,
  makeSnapshot,
  SCHEMA_VERSION,
  type PersistenceOptions,
} from '../../src/persist';
import type { Snapshot } from '../../src/persist/types';
import type { ConversationKey } from '../../src/protocol/types';
import { createStore } from '../../src/store/store';
import { aliceStore, buddy, drain, emptyState, message } from './support/fixtures';
import { freshIndexedDB, rawRecords } from './support/idb';

const DOMAIN = 'forum.example';

function persistence(indexedDB: IDBFactory, extra: Partial<PersistenceOptions> = {}) {
  return createPersistence({ domain: DOMAIN, env: { indexedDB }, ...extra });
}

function snapshotOf(uid: string, savedAt = 1): Snapshot {
  const store = aliceStore();
  store.user.value = { id: uid, nick: uid, show: 'available' };
  return makeSnapshot(store, { uid, session: null, now: savedAt });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createPersistence (IndexedDB)', () => {
  it('hydrates across page loads: capture → save → load → apply gives the same signal values', async () => {
    const idb = freshIndexedDB();
    const source = aliceStore();
    const session = { me: 'alice', connection: { domain: DOMAIN, ticket: 'tk' }, skew: -20, aliveAt: 7 };
    const first = persistence(idb);
    first.save(() => makeSnapshot(source, { uid: 'alice', session, now: 50 }));
    await first.flush();
    expect(first.durable).toBe(true);

    const nextPage = persistence(idb);
    const loaded = await nextPage.load('alice');
    expect(loaded).not.toBeNull();
    expect(loaded!.session).toEqual(session);
    expect(loaded!.outbox.map((e) => e.message.clientId)).toEqual(['c1']);
    const target = createStore();
    applySnapshot(target, loaded!);
    expect(captureState(target)).toEqual(boundState(captureState(source)));
    expect(target.drafts.value.get('chat:bob')).toBe('half a sentence');
    expect(target.conversations.value.get('chat:bob')?.value.messages[1]?.status).toBe('pending');
    expect(nextPage.durable).toBe(true);
  });

  it('coalesces a burst of saves into one write of the latest state', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const idb = freshIndexedDB();
    const p = persistence(idb, { env: { indexedDB: idb, requestIdleCallback: undefined } });
    const built: number[] = [];
    for (let i = 1; i <= 10; i++) {
      p.save(() => {
        built.push(i);
        return snapshotOf('alice', i);
      });
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(built).toEqual([]);
    await vi.advanceTimersByTimeAsync(299);
    expect(built).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(built).toEqual([10]);
    await p.flush();
    expect((await rawRecords(idb).get(DOMAIN, 'alice')) as Snapshot).toMatchObject({ savedAt: 10, uid: 'alice' });
  });

  it('still writes during a steady stream of changes (at most maxWaitMs apart)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const p = persistence(freshIndexedDB(), { debounceMs: 400, maxWaitMs: 2000 });
    let writes = 0;
    for (let i = 0; i < 20; i++) {
      p.save(() => {
        writes++;
        return snapshotOf('alice', i);
      });
      await vi.advanceTimersByTimeAsync(300);
    }
    // 6 s of changes every 300 ms: a plain debounce would not have written at all; this wrote at 2 s and 4.1 s.
    expect(writes).toBe(2);
    await p.flush();
    expect(writes).toBe(3);
  });

  it('writes in an idle callback where the browser has one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const idle: Array<() => void> = [];
    const idb = freshIndexedDB();
    const p = persistence(idb, {
      env: { indexedDB: idb, requestIdleCallback: (fn) => idle.push(fn), cancelIdleCallback: () => undefined },
    });
    let writes = 0;
    p.save(() => {
      writes++;
      return snapshotOf('alice', 1);
    });
    await vi.advanceTimersByTimeAsync(400);
    expect(idle).toHaveLength(1);
    expect(writes).toBe(0);
    p.save(() => {
      writes++;
      return snapshotOf('alice', 2);
    });
    idle[0]!();
    await p.flush();
    expect(writes).toBe(1);
    expect(await p.load('alice')).toMatchObject({ savedAt: 2 });
  });

  it('flush writes at once and resolves when nothing is pending', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    await p.flush();
    p.save(() => snapshotOf('alice', 3));
    await p.flush();
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toMatchObject({ savedAt: 3, version: SCHEMA_VERSION });
  });

  it('commits a write’s transaction at once (a pagehide flush must not wait for auto-commit)', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    await p.load('alice'); // the database is open, as it is on a page that has been up for a while
    const commits: string[] = [];
    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = idb.open('webim');
      req.onsuccess = () => resolve(req.result);
    });
    const Transaction = Object.getPrototypeOf(db.transaction('snapshots')) as IDBTransaction;
    db.close();
    const original = Transaction.commit;
    Transaction.commit = function (this: IDBTransaction) {
      commits.push(this.mode);
      original.call(this);
    };
    try {
      p.save(() => snapshotOf('alice', 4));
      await p.flush();
    } finally {
      Transaction.commit = original;
    }
    expect(commits).toEqual(['readwrite']);
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toMatchObject({ savedAt: 4 });
  });

  it('a flush while another write is in flight starts its own write at once (pagehide gives no second task)', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    await p.load('alice'); // database open
    const db = await new Promise<IDBDatabase>((resolve) => {
      const req = idb.open('webim');
      req.onsuccess = () => resolve(req.result);
    });
    const ObjectStore = Object.getPrototypeOf(db.transaction('snapshots').objectStore('snapshots')) as IDBObjectStore;
    db.close();
    const original = ObjectStore.put;
    const puts: unknown[] = [];
    ObjectStore.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      puts.push((value as Snapshot).savedAt);
      return original.call(this, value, key);
    };
    try {
      p.save(() => snapshotOf('alice', 1));
      const first = p.flush();
      p.save(() => snapshotOf('alice', 2));
      const second = p.flush();
      // Microtasks only: both puts are issued before either transaction completes.
      for (let i = 0; i < 20; i++) await Promise.resolve();
      expect(puts).toEqual([1, 2]);
      await Promise.all([first, second]);
    } finally {
      ObjectStore.put = original;
    }
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toMatchObject({ savedAt: 2 });
  });

  it('bounds what it stores: 25 conversations × 300 messages → 20 × 200, open tabs first', async () => {
    const idb = freshIndexedDB();
    const state = emptyState();
    state.user = { id: 'alice', nick: 'Alice', show: 'available' };
    for (let i = 0; i < 25; i++) {
      const key: ConversationKey = `chat:p${i}`;
      state.conversations.push({
        key,
        messages: Array.from({ length: 300 }, (_, j) => message(`p${i}`, 'alice', i * 1000 + j)),
        hasMore: false,
        loaded: true,
      });
      state.buddies.push(buddy(`p${i}`));
    }
    state.tabs = ['chat:p0'];
    const p = persistence(idb);
    p.save(() => ({ version: SCHEMA_VERSION, uid: 'alice', savedAt: 1, state, outbox: [], session: null }));
    await p.flush();
    const stored = (await rawRecords(idb).get(DOMAIN, 'alice')) as Snapshot;
    expect(stored.state.conversations).toHaveLength(20);
    expect(stored.state.conversations.every((c) => c.messages.length === 200)).toBe(true);
    expect(stored.state.conversations[0]!.key).toBe('chat:p0');
    expect(stored.state.conversations.map((c) => c.key)).not.toContain('chat:p5');
    // 25 buddies fit the default roster bound: all kept.
    expect(stored.state.buddies).toHaveLength(25);
  });

  it('cuts a roster over maxRoster to what the kept conversations need, and then stores no session to resume', async () => {
    const idb = freshIndexedDB();
    const session = { me: 'alice', connection: { domain: DOMAIN, ticket: 'tk' }, skew: 0, aliveAt: 7 };
    const snapshot = { ...snapshotOf('alice', 5), session };
    const roster = snapshot.state.buddies.length;
    const whole = persistence(idb, { maxRoster: roster });
    whole.save(() => snapshot);
    await whole.flush();
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toMatchObject({
      session,
      state: { buddies: snapshot.state.buddies },
    });

    const cut = persistence(idb, { maxRoster: roster - 1 });
    cut.save(() => snapshot);
    await cut.flush();
    const stored = (await rawRecords(idb).get(DOMAIN, 'alice')) as Snapshot;
    expect(stored.session).toBeNull();
    expect(stored.state.buddies.length).toBeLessThan(roster);
  });

  it('bounds what it loads, too (a record written by someone else can be any size)', async () => {
    const idb = freshIndexedDB();
    const huge = snapshotOf('alice');
    huge.state.conversations[0]!.messages = Array.from({ length: 500 }, (_, j) => message('bob', 'alice', j));
    await rawRecords(idb).put(DOMAIN, 'alice', { ...huge, domain: DOMAIN });
    const loaded = await persistence(idb, { maxMessages: 50 }).load('alice');
    expect(loaded!.state.conversations[0]!.messages).toHaveLength(50);
  });

  it('never returns one user’s data to another', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    p.save(() => snapshotOf('alice'));
    await p.flush();
    expect(await p.load('bob')).toBeNull();
    expect(await persistence(idb).load('bob')).toBeNull();

    p.save(() => snapshotOf('bob'));
    await p.flush();
    expect((await p.load('alice'))?.state.user?.id).toBe('alice');
    expect((await p.load('bob'))?.state.user?.id).toBe('bob');

    // alice's record copied under bob's key (a foreign script, a bug): the uid inside gives it away.
    await rawRecords(idb).put(DOMAIN, 'bob', await rawRecords(idb).get(DOMAIN, 'alice'));
    expect(await persistence(idb).load('bob')).toBeNull();
  });

  it('clear(uid) forgets that user only, including a write still scheduled for them', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    p.save(() => snapshotOf('alice'));
    await p.flush();
    p.save(() => snapshotOf('bob'));
    await p.flush();
    p.save(() => snapshotOf('alice', 9));
    await p.clear('alice');
    await p.flush();
    expect(await p.load('alice')).toBeNull();
    expect(await persistence(idb).load('alice')).toBeNull();
    expect(await persistence(idb).load('bob')).not.toBeNull();

    p.save(() => snapshotOf('bob', 5));
    await p.clear('alice');
    await p.flush();
    expect(await persistence(idb).load('bob')).toMatchObject({ savedAt: 5 });
  });

  it('keeps domains apart', async () => {
    const idb = freshIndexedDB();
    const p = persistence(idb);
    p.save(() => snapshotOf('alice'));
    await p.flush();
    expect(await createPersistence({ domain: 'other.example', env: { indexedDB: idb } }).load('alice')).toBeNull();
    // A record under our key that says it belongs to another domain is not ours.
    await rawRecords(idb).put(DOMAIN, 'alice', { ...snapshotOf('alice'), domain: 'other.example' });
    expect(await persistence(idb).load('alice')).toBeNull();
  });

  it.each([
    ['garbage', 'not a snapshot'],
    ['a number', 7],
    ['an older schema with no migration', { ...snapshotOf('alice'), version: 0, domain: DOMAIN }],
    ['a truncated object', { version: SCHEMA_VERSION, uid: 'alice', domain: DOMAIN, savedAt: 1 }],
    ['a mistyped field', { ...snapshotOf('alice'), savedAt: 'now', domain: DOMAIN }],
    ['a wrong uid inside', { ...snapshotOf('mallory'), domain: DOMAIN }],
  ])('ignores %s (null) and resets the record', async (_, value) => {
    const idb = freshIndexedDB();
    await rawRecords(idb).put(DOMAIN, 'alice', value);
    const p = persistence(idb);
    expect(await p.load('alice')).toBeNull();
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toBeUndefined();
    p.save(() => snapshotOf('alice', 4));
    await p.flush();
    expect(await persistence(idb).load('alice')).toMatchObject({ savedAt: 4 });
  });

  it('ignores but keeps a record of a newer schema (a newer SDK in another tab wrote it)', async () => {
    const idb = freshIndexedDB();
    const newer = { ...snapshotOf('alice'), version: SCHEMA_VERSION + 1, domain: DOMAIN };
    await rawRecords(idb).put(DOMAIN, 'alice', newer);
    expect(await persistence(idb).load('alice')).toBeNull();
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toEqual(newer);
  });

  it('reports a snapshot factory that throws, and carries on', async () => {
    const idb = freshIndexedDB();
    const errors: unknown[] = [];
    const p = persistence(idb, { onError: (e) => errors.push(e) });
    p.save(() => {
      throw new Error('store not ready');
    });
    await p.flush();
    expect(errors).toHaveLength(1);
    p.save(() => snapshotOf('alice', 2));
    await p.flush();
    expect(await p.load('alice')).toMatchObject({ savedAt: 2 });
  });

  it('loads the newer of its own last write and the stored record', async () => {
    const idb = freshIndexedDB();
    const thisTab = persistence(idb);
    const otherTab = persistence(idb);
    thisTab.save(() => snapshotOf('alice', 10));
    await thisTab.flush();
    otherTab.save(() => snapshotOf('alice', 20));
    await otherTab.flush();
    expect(await thisTab.load('alice')).toMatchObject({ savedAt: 20 });
    await drain();
  });
});

/** A tab's sessionStorage (synchronous, survives reloads of that tab). */
function tabStorage(): Storage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    get length() {
      return data.size;
    },
    key: (i: number) => [...data.keys()][i] ?? null,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, String(v)),
    removeItem: (k: string) => void data.delete(k),
    clear: () => data.clear(),
  };
}

describe('the pagehide copy in sessionStorage', () => {
  it('is what the next page restores when the IndexedDB write died with the page, and is read only once', async () => {
    const storage = tabStorage();
    const lost = freshIndexedDB(); // the page's disk, as the browser kept it: the last write never landed
    const page = persistence(freshIndexedDB(), { env: { indexedDB: freshIndexedDB(), sessionStorage: storage } });
    page.save(() => snapshotOf('alice', 9));
    await page.flush();
    expect(storage.data.size).toBe(1);

    const next = persistence(lost, { env: { indexedDB: lost, sessionStorage: storage } });
    expect(await next.load('alice')).toMatchObject({ uid: 'alice', savedAt: 9 });
    expect(storage.data.size).toBe(0);
    expect(await next.load('alice')).toBeNull();
  });

  it('loses to a newer disk record, and is checked like one (other user, other domain, garbage)', async () => {
    const storage = tabStorage();
    const idb = freshIndexedDB();
    const page = persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } });
    page.save(() => snapshotOf('alice', 3));
    await page.flush();
    await rawRecords(idb).put(DOMAIN, 'alice', { ...snapshotOf('alice', 4), domain: DOMAIN });
    const next = () => persistence(freshIndexedDB(), { env: { indexedDB: idb, sessionStorage: storage } });
    expect(await next().load('alice')).toMatchObject({ savedAt: 4 });

    const key = `webim:snapshot:${encodeURIComponent(DOMAIN)}:alice`;
    await rawRecords(idb).delete(DOMAIN, 'alice');
    for (const bad of [
      JSON.stringify({ ...snapshotOf('bob', 5), domain: DOMAIN }),
      JSON.stringify({ ...snapshotOf('alice', 5), domain: 'elsewhere.example' }),
      '{"version":1,"uid":"alice"',
      JSON.stringify({ ...snapshotOf('alice', 5), domain: DOMAIN, state: 'nope' }),
    ]) {
      storage.setItem(key, bad);
      expect(await next().load('alice')).toBeNull();
      expect(storage.data.size).toBe(0);
    }
  });

  it('is handed to `early` at once (before the disk answers), and stays the result unless the disk is newer', async () => {
    const storage = tabStorage();
    const idb = freshIndexedDB();
    const page = persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } });
    page.save(() => snapshotOf('alice', 7));
    await page.flush();

    // A reload: disk and pagehide copy hold the same snapshot; the copy is given out synchronously and returned.
    const seen: Snapshot[] = [];
    const loading = persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } }).load('alice', (s) =>
      seen.push(s),
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ uid: 'alice', savedAt: 7 });
    expect(await loading).toBe(seen[0]);

    // Another tab wrote a newer snapshot meanwhile: the copy goes out early, the disk's is the result.
    page.save(() => snapshotOf('alice', 8));
    await page.flush();
    await rawRecords(idb).put(DOMAIN, 'alice', { ...snapshotOf('alice', 9), domain: DOMAIN });
    const early: Snapshot[] = [];
    const newer = await persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } }).load('alice', (s) =>
      early.push(s),
    );
    expect(early.map((s) => s.savedAt)).toEqual([8]);
    expect(newer).toMatchObject({ savedAt: 9 });

    // No copy (or one that fails its checks): nothing early; the disk answers as before.
    const none: Snapshot[] = [];
    storage.setItem(`webim:snapshot:${encodeURIComponent(DOMAIN)}:alice`, '{"version":1');
    expect(
      await persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } }).load('alice', (s) => none.push(s)),
    ).toMatchObject({ savedAt: 9 });
    expect(none).toEqual([]);
  });

  it('is removed by clear(uid), and not kept when too big for sessionStorage', async () => {
    const storage = tabStorage();
    const idb = freshIndexedDB();
    const page = persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } });
    page.save(() => snapshotOf('alice', 3));
    await page.flush();
    expect(storage.data.size).toBe(1);
    await page.clear('alice');
    expect(storage.data.size).toBe(0);

    // Over 1,000,000 characters: no copy, and an older copy is removed rather than left to win over the disk.
    page.save(() => snapshotOf('alice', 4));
    await page.flush();
    expect(storage.data.size).toBe(1);
    const huge = snapshotOf('alice', 5);
    huge.state.drafts = [['chat:bob', 'x'.repeat(1_000_000)]];
    page.save(() => huge);
    await page.flush();
    expect(storage.data.size).toBe(0);
  });

  it('a storage that refuses (quota, disabled) costs the copy only', async () => {
    const storage = tabStorage();
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const idb = freshIndexedDB();
    const page = persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } });
    page.save(() => snapshotOf('alice', 3));
    await expect(page.flush()).resolves.toBeUndefined();
    expect(storage.data.size).toBe(0);
    expect(await persistence(idb, { env: { indexedDB: idb, sessionStorage: storage } }).load('alice')).toMatchObject({
      savedAt: 3,
    });
  });
});
