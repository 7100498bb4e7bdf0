import { IDBKeyRange } from 'fake-indexeddb';
import { promisifyRequest } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { createArchive, type ArchiveOptions } from '../../src/persist/archive';
import { conversationKey, messageId } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { freshIndexedDB } from './support/idb';

const BOB = conversationKey('chat', 'bob');
const CAROL = conversationKey('chat', 'carol');

/** Message `i` of a conversation with bob: a second apart. */
function msg(i: number, over: Partial<Message> = {}): Message {
  const m: Message = {
    id: '',
    type: 'chat',
    from: 'bob',
    to: 'alice',
    nick: 'Bob',
    body: `m${i}`,
    timestamp: 1_000_000 + i * 1000,
    status: 'sent',
    ...over,
  };
  return { ...m, id: messageId(m) };
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => msg(from + i));
const bodies = (list: Message[]) => list.map((m) => m.body);

function archive(idb = freshIndexedDB(), over: Partial<ArchiveOptions> = {}) {
  return createArchive({ domain: 'forum.example', indexedDB: idb, IDBKeyRange, ...over });
}

describe('message archive', () => {
  it('pages back through what it kept, oldest first, from the oldest message in memory', async () => {
    const a = archive();
    const list = range(0, 100);
    a.save('alice', () => [{ key: BOB, messages: list, hasMore: false }]);
    await a.flush();
    // Memory kept only the newest 40 (m60…m99): the archive has the 60 before them.
    expect(bodies(await a.older('alice', BOB, list[60]!, 25))).toEqual(bodies(range(35, 60)));
    expect(bodies(await a.older('alice', BOB, list[35]!, 25))).toEqual(bodies(range(10, 35)));
    expect(bodies(await a.older('alice', BOB, list[10]!, 25))).toEqual(bodies(range(0, 10)));
    expect(await a.older('alice', BOB, list[0]!, 25)).toEqual([]);
  });

  it('archives a busy room as it goes, at most maxWaitMs after a change, not only once it falls quiet', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const idb = freshIndexedDB();
      const a = archive(idb, { debounceMs: 500, maxWaitMs: 3000 });
      // A message every 300 ms for 6 s: never 500 ms of quiet.
      for (let i = 1; i <= 20; i++) {
        a.save('alice', () => [{ key: BOB, messages: range(0, i), hasMore: false }]);
        await vi.advanceTimersByTimeAsync(300);
      }
      vi.useRealTimers();
      // Another page (nothing flushed here) already finds the first 3 s: written at the ceiling, m0…m9.
      expect(bodies(await archive(idb).older('alice', BOB, msg(9), 50))).toEqual(bodies(range(0, 9)));
    } finally {
      vi.useRealTimers();
    }
  });

  it('never splits a timestamp between pages', async () => {
    const a = archive();
    const same = [0, 1, 2].map((k) => msg(5, { body: `same ${k}` }));
    const list = [...range(0, 5), ...same, ...range(6, 10)];
    a.save('alice', () => [{ key: BOB, messages: list, hasMore: false }]);
    // The one still in memory first is m6: a page of 2 takes every message of the timestamp it reaches.
    expect(bodies(await a.older('alice', BOB, msg(6), 2)).sort()).toEqual(bodies(same));
  });

  it('finds nothing for a message it does not hold, or one whose predecessor it never saw', async () => {
    const idb = freshIndexedDB();
    const a = archive(idb);
    // An old stretch, then — after a time offline — a newer one whose start is not known to follow on.
    a.save('alice', () => [{ key: BOB, messages: range(0, 20), hasMore: false }]);
    await a.flush();
    a.save('alice', () => [{ key: BOB, messages: range(50, 60), hasMore: true }]);
    await a.flush();
    expect(await a.older('alice', BOB, msg(200), 10)).toEqual([]);
    // m50 starts the newer stretch: nothing older may be taken as following on from it.
    expect(await a.older('alice', BOB, msg(50), 10)).toEqual([]);
    expect(bodies(await a.older('alice', BOB, msg(55), 10))).toEqual(bodies(range(50, 55)));
    // Paging back reaches the gap and stops after the stretch's first message.
    expect(bodies(await a.older('alice', BOB, msg(53), 10))).toEqual(bodies(range(50, 53)));

    // The server filled the gap: memory holds the whole stretch now, so the archive follows on across it.
    a.save('alice', () => [{ key: BOB, messages: range(15, 60), hasMore: true }]);
    await a.flush();
    expect(bodies(await a.older('alice', BOB, msg(52), 40))).toEqual(bodies(range(12, 52)));
    // Another page of this browser (a new archive object) sees the same.
    expect(bodies(await archive(idb).older('alice', BOB, msg(50), 5))).toEqual(bodies(range(45, 50)));
  });

  it('a stretch written again keeps what an earlier write knew about its first message', async () => {
    const idb = freshIndexedDB();
    const a = archive(idb);
    a.save('alice', () => [{ key: BOB, messages: range(0, 30), hasMore: false }]);
    await a.flush();
    // A later page starts with the newest messages only: m20 is its first, but the archive knows m19 came before.
    const b = archive(idb);
    b.save('alice', () => [{ key: BOB, messages: range(20, 40), hasMore: true }]);
    await b.flush();
    expect(bodies(await b.older('alice', BOB, msg(20), 5))).toEqual(bodies(range(15, 20)));
  });

  it('keeps unsent messages out', async () => {
    const a = archive();
    const pending = msg(9, { status: 'pending', from: 'alice', body: 'unsent' });
    const list = [...range(0, 9), pending, msg(10)];
    a.save('alice', () => [{ key: BOB, messages: list, hasMore: false }]);
    await a.flush();
    expect(bodies(await a.older('alice', BOB, msg(10), 50))).toEqual(bodies(range(0, 9)));
  });

  it('keeps at most the newest `maxMessages` per conversation', async () => {
    const a = archive(freshIndexedDB(), { maxMessages: 30 });
    a.save('alice', () => [{ key: BOB, messages: range(0, 50), hasMore: false }]);
    await a.flush();
    expect(bodies(await a.older('alice', BOB, msg(49), 100))).toEqual(bodies(range(20, 49)));
  });

  it('keeps users, domains and conversations apart, and forgets one conversation or one user', async () => {
    const idb = freshIndexedDB();
    const a = archive(idb);
    const carol = (i: number) => msg(i, { from: 'carol', body: `c${i}` });
    const carols = Array.from({ length: 10 }, (_, i) => carol(i));
    a.save('alice', () => [
      { key: BOB, messages: range(0, 10), hasMore: false },
      { key: CAROL, messages: carols, hasMore: false },
    ]);
    await a.flush();
    expect(await a.older('dave', BOB, msg(5), 10)).toEqual([]);
    expect(await archive(idb, { domain: 'other.example' }).older('alice', BOB, msg(5), 10)).toEqual([]);
    expect(bodies(await a.older('alice', CAROL, carol(5), 10))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);

    await a.clear('alice', BOB);
    expect(await a.older('alice', BOB, msg(5), 10)).toEqual([]);
    expect(await a.older('alice', CAROL, carol(5), 10)).toHaveLength(5);
    await a.clear('alice');
    expect(await a.older('alice', CAROL, carol(5), 10)).toEqual([]);
  });

  it('never hands out a record that is not a sent message of the conversation (another script wrote it)', async () => {
    const idb = freshIndexedDB();
    const a = archive(idb);
    a.save('alice', () => [{ key: BOB, messages: range(0, 10), hasMore: false }]);
    await a.flush();
    const put = async (i: number, m: unknown) => {
      const request = idb.open('webim-archive');
      const db = await promisifyRequest(request);
      const tx = db.transaction('messages', 'readwrite');
      tx.objectStore('messages').put({ m }, ['forum.example', 'alice', BOB, msg(i).timestamp, msg(i).id]);
      await promisifyRequest(tx);
      db.close();
    };
    // m7 becomes carol's message, m4 a record without a body: paging back from m9 stops before each in turn.
    await put(7, msg(7, { from: 'carol' }));
    expect(bodies(await a.older('alice', BOB, msg(9), 10))).toEqual(['m8']);
    await put(7, msg(7));
    await put(4, { ...msg(4), body: undefined });
    expect(bodies(await a.older('alice', BOB, msg(9), 10))).toEqual(bodies(range(5, 9)));
    expect(await a.older('alice', BOB, msg(5), 10)).toEqual([]);
  });

  it('keeps nothing and finds nothing without IndexedDB', async () => {
    const a = createArchive({ domain: 'forum.example', indexedDB: null });
    a.save('alice', () => [{ key: BOB, messages: range(0, 10), hasMore: false }]);
    await a.flush();
    expect(await a.older('alice', BOB, msg(5), 10)).toEqual([]);
    await a.clear('alice');
  });
});
