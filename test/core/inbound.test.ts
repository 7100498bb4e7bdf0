import { describe, expect, it } from 'vitest';
import { createInbound, PACKET_CHUNK, STEP_BUDGET_MS } from '../../src/core/inbound';
import type { Message, Packet } from '../../src/protocol/types';
import { createStore, MESSAGE_CAP, reduce } from '../../src/store';
import { ctx, msg, packet, presence } from '../store/fixtures';

const messages = (from: number, n: number): Message[] =>
  Array.from({ length: n }, (_, i) => msg('bob', 'alice', `m${from + i}`, 1_000 + from + i));

/** A controllable scheduler and clock: `tasks` run one by one with `next()`; every apply advances the clock. */
function harness(costPerApplyMs = 1) {
  const applied: Packet[] = [];
  const tasks: Array<() => void> = [];
  let now = 0;
  const inbound = createInbound({
    apply: (p) => {
      applied.push(p);
      now += costPerApplyMs;
    },
    later: (fn) => tasks.push(fn),
    clock: () => now,
  });
  return { inbound, applied, tasks, next: () => tasks.shift()!() };
}

describe('inbound packets', () => {
  it('applies a small packet at once, in the same task', () => {
    const h = harness();
    h.inbound.push(packet({ messages: messages(0, 3) }));
    h.inbound.push(packet({ messages: messages(3, 3) }));
    expect(h.applied.map((p) => p.messages.length)).toEqual([3, 3]);
    expect(h.tasks).toHaveLength(0);
  });

  it('splits a big packet into chunks applied in later tasks, in order, presences and statuses with the first', () => {
    const h = harness();
    const big = packet({ messages: messages(0, 1_000), presences: [presence('online', 'bob')] });
    h.inbound.push(big);
    expect(h.applied).toHaveLength(1);
    expect(h.applied[0]!.messages).toHaveLength(PACKET_CHUNK);
    expect(h.applied[0]!.presences).toHaveLength(1);
    // A packet that comes meanwhile waits its turn.
    h.inbound.push(packet({ messages: messages(1_000, 1) }));
    expect(h.applied).toHaveLength(1);
    while (h.tasks.length) h.next();
    const bodies = h.applied.flatMap((p) => p.messages.map((m) => m.body));
    expect(bodies).toEqual([...messages(0, 1_001)].map((m) => m.body));
    expect(h.applied.slice(1).every((p) => !p.presences.length && p.messages.length <= PACKET_CHUNK)).toBe(true);
  });

  it('runs as many steps per task as fit in the budget, then yields', () => {
    const h = harness(STEP_BUDGET_MS / 2 + 0.5);
    for (let i = 0; i < 10; i++) h.inbound.push(packet({ messages: messages(i * 10, 10) }));
    // Two applied at once (the frame's budget is then spent); the others wait: two steps per task fit the budget.
    expect(h.applied).toHaveLength(2);
    h.next();
    expect(h.applied).toHaveLength(4);
    expect(h.tasks).toHaveLength(1);
    h.inbound.flush();
    expect(h.applied).toHaveLength(10);
    expect(h.inbound.pending).toBe(0);
  });

  it('a packet that throws is dropped and the rest still goes', () => {
    const tasks: Array<() => void> = [];
    const applied: string[] = [];
    const inbound = createInbound({
      apply: (p) => {
        if (p.messages[0]?.body === 'bad') throw new Error('boom');
        applied.push(p.messages[0]!.body);
      },
      later: (fn) => tasks.push(fn),
      clock: () => 0,
    });
    inbound.push(packet({ messages: messages(0, PACKET_CHUNK + 1) }));
    inbound.push(packet({ messages: [msg('bob', 'alice', 'bad', 1)] }));
    inbound.push(packet({ messages: [msg('bob', 'alice', 'after', 2)] }));
    expect(() => tasks.shift()!()).toThrow('boom');
    while (tasks.length) tasks.shift()!();
    expect(applied).toEqual(['m0', `m${PACKET_CHUNK}`, 'after']);
  });

  it('a flood of 50 packets × 1,000 messages leaves one conversation at the cap, with the newest messages', () => {
    const store = createStore();
    const tasks: Array<() => void> = [];
    let steps = 0;
    const inbound = createInbound({
      apply: (p) => {
        steps++;
        reduce(store, { type: 'packet', packet: p }, ctx());
      },
      later: (fn) => tasks.push(fn),
    });
    for (let i = 0; i < 50; i++) inbound.push(packet({ messages: messages(i * 1_000, 1_000) }));
    while (tasks.length) tasks.shift()!();
    const list = store.conversations.value.get('chat:bob')!.value.messages;
    expect(list).toHaveLength(MESSAGE_CAP);
    expect(list.at(-1)!.body).toBe('m49999');
    expect(list[0]!.body).toBe(`m${50_000 - MESSAGE_CAP}`);
    expect(steps).toBe((50 * 1_000) / PACKET_CHUNK);
    expect(store.unread.value.get('chat:bob')).toBe(50_000);
  });
});
