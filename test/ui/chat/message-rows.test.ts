import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/protocol/types';
import type { Notice } from '../../../src/store/types';
import { appendRows, buildRows, GROUP_GAP_MS, type RowsEnd } from '../../../src/ui/chat/message-rows';
import { msg } from '../../store/fixtures';

const DAY = 24 * 60 * 60 * 1000;
const T0 = new Date(2026, 10, 30, 22, 0).getTime();

/** Messages with gaps that group, split groups and cross midnight, from a few senders. */
function conversation(count: number, seed: number): Message[] {
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const gaps = [0, 1_000, 60_000, GROUP_GAP_MS, GROUP_GAP_MS + 1, 3 * 60 * 60 * 1000, DAY];
  let at = T0;
  return Array.from({ length: count }, (_, i) => {
    at += gaps[Math.floor(random() * gaps.length)]!;
    const type = random() < 0.05 ? 'broadcast' : 'chat';
    return msg(['alice', 'bob', 'carol'][Math.floor(random() * 3)]!, 'me', `m${i}`, at, { type });
  });
}

const notice = (id: string, timestamp: number): Notice => ({ id, kind: 'join', who: 'dave', timestamp }) as Notice;

describe('rows for newer messages (appendRows)', () => {
  it('are the rows a whole build makes, from any split, message by message or several at once', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const all = conversation(60, seed);
      const notices = seed % 2 ? [notice('n1', T0 - 1)] : [];
      const whole = buildRows(all, notices);
      for (const split of [0, 1, 17, 59]) {
        const end: RowsEnd = { day: '', dayStart: 0, dayEnd: 0 };
        let built = all.slice(0, split);
        let rows = buildRows(built, notices, new Map(), end);
        let state = end;
        // One at a time up to the middle, then the rest at once.
        for (const next of [...all.slice(split, 40).map((_, i) => split + i + 1), all.length].filter(
          (n) => n > split,
        )) {
          const messages = all.slice(0, next);
          const grown = appendRows(rows, state, built, messages, notices);
          expect(grown).not.toBeNull();
          ({ rows, end: state } = grown!);
          built = messages;
        }
        expect(rows).toEqual(whole);
      }
    }
  });

  it('leave what they were given as it was', () => {
    const all = conversation(10, 3);
    const end: RowsEnd = { day: '', dayStart: 0, dayEnd: 0 };
    const rows = buildRows(all.slice(0, 5), [], new Map(), end);
    const before = { rows: [...rows], end: { ...end } };
    appendRows(rows, end, all.slice(0, 5), all, []);
    expect(rows).toEqual(before.rows);
    expect(end).toEqual(before.end);
  });

  it('are refused when the change is not newer messages after the same ones', () => {
    const all = conversation(10, 5);
    const built = all.slice(0, 6);
    const end: RowsEnd = { day: '', dayStart: 0, dayEnd: 0 };
    const rows = buildRows(built, [], new Map(), end);
    // Nothing new, or fewer (a cut).
    expect(appendRows(rows, end, built, built, [])).toBeNull();
    expect(appendRows(rows, end, built, all.slice(1, 6), [])).toBeNull();
    // A message changed in place (settled), with a new one after it.
    const settled = [...built.slice(0, 2), { ...built[2]!, status: 'failed' as const }, ...built.slice(3), all[6]!];
    expect(appendRows(rows, end, built, settled, [])).toBeNull();
    // An older page in front.
    expect(appendRows(rows, end, built, [msg('bob', 'me', 'older', T0 - DAY), ...built, all[6]!], [])).toBeNull();
    // A notice the new message would come before.
    expect(appendRows(rows, end, built, all.slice(0, 7), [notice('late', all[6]!.timestamp)])).toBeNull();
    // Without those, it is taken.
    expect(appendRows(rows, end, built, all.slice(0, 7), [notice('early', built[5]!.timestamp - 1)])).not.toBeNull();
  });
});
