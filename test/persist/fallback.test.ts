import { IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPersistence, makeSnapshot, type Persistence } from '../../src/persist';
import type { Snapshot } from '../../src/persist/types';
import { aliceStore, drain } from './support/fixtures';
import { freshIndexedDB, rawRecords } from './support/idb';

const DOMAIN = 'forum.example';

function snapshotAt(savedAt: number): Snapshot {
  return makeSnapshot(aliceStore(), { uid: 'alice', session: null, now: savedAt });
}

/** The whole life of a page in memory mode: save, flush, load, clear; nothing throws. */
async function exerciseInMemory(p: Persistence) {
  expect(await p.load('alice')).toBeNull();
  p.save(() => snapshotAt(1));
  await p.flush();
  expect(p.durable).toBe(false);
  expect(await p.load('alice')).toMatchObject({ uid: 'alice', savedAt: 1 });
  expect(await p.load('bob')).toBeNull();
  await p.clear('alice');
  expect(await p.load('alice')).toBeNull();
  expect(p.durable).toBe(false);
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});

afterEach(async () => {
  await drain(10);
  process.off('unhandledRejection', onUnhandled);
  vi.useRealTimers();
  vi.restoreAllMocks();
  expect(unhandled).toEqual([]);
});

describe('createPersistence without working IndexedDB', () => {
  it('runs from memory when there is no indexedDB', async () => {
    await exerciseInMemory(createPersistence({ domain: DOMAIN, env: { indexedDB: undefined } }));
    await exerciseInMemory(createPersistence({ domain: DOMAIN, env: { indexedDB: null } }));
  });

  it('runs from memory when indexedDB.open throws (private mode)', async () => {
    const throwing = {
      open() {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        );
      },
    } as unknown as IDBFactory;
    await exerciseInMemory(createPersistence({ domain: DOMAIN, env: { indexedDB: throwing } }));
  });

  it('runs from memory when the open request fails', async () => {
    const failing = {
      open() {
        const request = { error: new DOMException('refused', 'UnknownError') } as unknown as IDBOpenDBRequest;
        setImmediate(() => (request.onerror as (() => void) | null)?.());
        return request;
      },
    } as unknown as IDBFactory;
    await exerciseInMemory(createPersistence({ domain: DOMAIN, env: { indexedDB: failing } }));
  });

  it('gives up on an open that never completes (blocked) and runs from memory', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const hanging = { open: () => ({}) as IDBOpenDBRequest } as unknown as IDBFactory;
    const p = createPersistence({ domain: DOMAIN, env: { indexedDB: hanging }, openTimeoutMs: 3000 });
    const loading = p.load('alice');
    await vi.advanceTimersByTimeAsync(3000);
    expect(await loading).toBeNull();
    expect(p.durable).toBe(false);
    p.save(() => snapshotAt(2));
    await p.flush();
    expect(await p.load('alice')).toMatchObject({ savedAt: 2 });
  });

  it('keeps working from memory when a write fails with QuotaExceededError, and drops the stale record', async () => {
    const idb = freshIndexedDB();
    const errors: unknown[] = [];
    const p = createPersistence({ domain: DOMAIN, env: { indexedDB: idb }, onError: (e) => errors.push(e) });
    p.save(() => snapshotAt(1));
    await p.flush();
    expect(p.durable).toBe(true);

    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    p.save(() => snapshotAt(2));
    await p.flush();
    expect(p.durable).toBe(false);
    expect((errors[0] as DOMException).name).toBe('QuotaExceededError');
    expect(await p.load('alice')).toMatchObject({ savedAt: 2 });
    // The older record (with an outbox that this page may since have sent) must not come back on the next page.
    expect(await rawRecords(idb).get(DOMAIN, 'alice')).toBeUndefined();

    put.mockRestore();
    p.save(() => snapshotAt(3));
    await p.flush();
    expect(p.durable).toBe(true);
    expect(await createPersistence({ domain: DOMAIN, env: { indexedDB: idb } }).load('alice')).toMatchObject({
      savedAt: 3,
    });
  });

  it('a debounced write that fails leaves no unhandled rejection behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const idb = freshIndexedDB();
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const p = createPersistence({ domain: DOMAIN, env: { indexedDB: idb } });
    p.save(() => snapshotAt(1));
    await vi.advanceTimersByTimeAsync(400);
    await drain(10);
    expect(p.durable).toBe(false);
    expect(await p.load('alice')).toMatchObject({ savedAt: 1 });
  });
});
