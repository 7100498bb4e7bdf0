import { describe, expect, it } from 'vitest';
import { buildRows } from '../../../src/ui/chat/message-rows';
import { heightOf, OVERSCAN_PX, RowLayout } from '../../../src/ui/chat/row-heights';
import { msg } from '../../store/fixtures';

const rows = buildRows(
  Array.from({ length: 1_000 }, (_, i) => msg(i % 3 ? 'bob' : 'alice', 'x', `m${i}`, 1_700_000_000_000 + i * 400_000)),
  [],
);

describe('row layout (Fenwick tree of row heights)', () => {
  it('agrees with plain prefix sums after random measurements, and finds the row at any position', () => {
    const heights = new Map<string, number>();
    const layout = new RowLayout(rows, heights);
    const own = rows.map((r) => heightOf(heights, r));
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 0; n < 500; n++) {
      const i = Math.floor(random() * rows.length);
      const h = 10 + Math.round(random() * 200);
      expect(layout.set(i, h)).toBe(own[i] !== h);
      own[i] = h;
    }
    expect(layout.set(0, own[0]!)).toBe(false);
    let top = 0;
    for (let i = 0; i < rows.length; i++) {
      expect(layout.top(i)).toBe(top);
      expect(layout.rowAt(top)).toBe(i);
      expect(layout.rowAt(top + own[i]! - 0.5)).toBe(i);
      top += own[i]!;
    }
    expect(layout.total).toBe(top);
    expect(layout.rowAt(-5)).toBe(0);
    expect(layout.rowAt(top + 1_000)).toBe(rows.length - 1);
  });

  it('renders the viewport plus the overscan on each side', () => {
    const layout = new RowLayout(rows, new Map(rows.map((r) => [r.key, 50])));
    const [start, end] = layout.window(10_000, 10_300);
    expect(start).toBe(Math.floor((10_000 - OVERSCAN_PX) / 50));
    expect(end).toBe(Math.floor((10_300 + OVERSCAN_PX) / 50) + 1);
    expect(new RowLayout([], new Map()).window(0, 100)).toEqual([0, 0]);
  });
});

describe('row layout, appended to', () => {
  it('answers as one built whole, across growth and with heights measured between appends', () => {
    const heights = new Map<string, number>();
    const layout = new RowLayout(rows.slice(0, 3), heights);
    const own = rows.slice(0, 3).map((r) => heightOf(heights, r));
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let n = 3; n < rows.length; n++) {
      layout.append(rows[n]!, heights);
      own.push(heightOf(heights, rows[n]!));
      // A measurement now and then, of any row so far (the nodes past the end hold it too).
      if (random() < 0.3) {
        const i = Math.floor(random() * own.length);
        own[i] = 10 + Math.round(random() * 200);
        layout.set(i, own[i]);
      }
    }
    expect(layout.count).toBe(rows.length);
    let top = 0;
    for (let i = 0; i < rows.length; i++) {
      expect(layout.top(i)).toBe(top);
      expect(layout.rowAt(top)).toBe(i);
      top += own[i]!;
    }
    expect(layout.total).toBe(top);
    const whole = new RowLayout(rows, new Map(rows.map((r, i) => [r.key, own[i]!])));
    expect(layout.window(5_000, 5_400)).toEqual(whole.window(5_000, 5_400));
  });
});
