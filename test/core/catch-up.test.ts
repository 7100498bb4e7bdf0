import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryParams } from '../../src/api/types';
import { promoteLost, takeWatermarks } from '../../src/core/catch-up';
import type { Core } from '../../src/core/context';
import { conversationKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { createStore, reduce } from '../../src/store';
import { createFakeApi, ME, onlineReply, serverMessage, settle } from './fakes';
import { createTestClient } from './harness';

const bob = conversationKey('chat', 'bob');
const carol = conversationKey('chat', 'carol');

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('takeWatermarks', () => {
  it('marks open tabs and conversations active in the session at the newest delivered message or the session start', () => {
    const store = createStore();
    const ctx = { me: ME, now: 0, isSeen: () => false };
    reduce(store, { type: 'settings', patch: { msg_auto_pop: false } }, ctx);
    reduce(store, { type: 'tab/open', key: bob, activate: false }, ctx);
    reduce(
      store,
      {
        type: 'packet',
        packet: {
          status: 'ok',
          presences: [],
          statuses: [],
          messages: [serverMessage('bob', ME, 'old', 50), serverMessage('carol', ME, 'new', 500)],
        },
      },
      ctx,
    );
    reduce(
      store,
      {
        type: 'packet',
        packet: { status: 'ok', presences: [], statuses: [], messages: [serverMessage('dave', ME, 'ancient', 10)] },
      },
      ctx,
    );
    const marks = takeWatermarks({ store, me: () => ME } as Core, 100);
    expect([...marks]).toEqual(
      expect.arrayContaining([
        [bob, 100],
        [carol, 500],
      ]),
    );
    expect(marks.has(conversationKey('chat', 'dave'))).toBe(false);
  });
});

describe('promoteLost', () => {
  it('moves slice items newer than the watermark to newMessages, and never leaves an emptied slice', () => {
    const reply = onlineReply({
      histories: {
        [bob]: [serverMessage('bob', ME, 'seen', 5), serverMessage('bob', ME, 'lost', 15)],
        [carol]: [serverMessage('carol', ME, 'lost too', 30)],
      },
      newMessages: [serverMessage('dave', ME, 'offline', 1)],
    });
    const promoted = promoteLost(
      reply,
      new Map([
        [bob, 10],
        [carol, 20],
      ]),
    );
    expect(promoted.histories[bob]!.map((m) => m.body)).toEqual(['seen']);
    expect(carol in promoted.histories).toBe(false);
    expect(promoted.newMessages.map((m) => m.body)).toEqual(['offline', 'lost', 'lost too']);
    expect(promoteLost(reply, new Map([[bob, 100]]))).toBe(reply);
  });
});

describe('catch-up after a dead ticket', () => {
  it('pages back until the watermark and delivers what the dead ticket lost as news', async () => {
    // The server's history with bob: everything the test sends, newest last.
    const history: Message[] = [];
    let logins = 0;
    const api = createFakeApi(() => onlineReply(++logins === 1 ? {} : { histories: { [bob]: history.slice(-3) } }));
    api.histories.mockImplementation(async (p: HistoryParams) => {
      const older = history.filter((m) => p.before === undefined || m.timestamp < p.before);
      return older.slice(-(p.limit ?? 30));
    });
    const { client, transports, store, record } = createTestClient({ api, historyPageSize: 3 });
    const events = record('message');
    await client.online();
    transports.last.open();
    const start = Date.now();
    const say = (body: string, at: number) => {
      const m = serverMessage('bob', ME, body, start + at);
      history.push(m);
      return m;
    };
    transports.last.push({ messages: [say('delivered', 1)] });
    // These were queued for the ticket when it died: never pushed.
    for (let i = 0; i < 7; i++) say(`lost-${i}`, 10 + i);
    transports.last.drop('stopped');
    await settle(20);
    expect(api.online).toHaveBeenCalledTimes(2);
    const bodies = store.conversations.value.get(bob)!.value.messages.map((m) => m.body);
    expect(bodies).toEqual(['delivered', ...Array.from({ length: 7 }, (_, i) => `lost-${i}`)]);
    expect(store.unread.value.get(bob)).toBe(8);
    expect(events.map((e) => e.message.body)).toEqual([
      'delivered',
      'lost-4',
      'lost-5',
      'lost-6',
      'lost-1',
      'lost-2',
      'lost-3',
      'lost-0',
    ]);
    // Login slice (3) + pages before it until the watermark: before=lost-4 → lost-1..3, before=lost-1 → delivered, lost-0.
    expect(api.histories.mock.calls.map((c) => (c[0] as HistoryParams).before)).toEqual([start + 14, start + 11]);
  });

  it('does nothing on a first login', async () => {
    const { client, api } = createTestClient();
    await client.online();
    await settle();
    expect(api.histories).not.toHaveBeenCalled();
  });
});
