import type { LogRow } from './message-rows';

/** Heights (px) assumed for rows never measured: close to the usual one-line row of each kind. */
const ESTIMATE = { day: 36, notice: 26, head: 60, grouped: 34 } as const;

/** Rows rendered beyond each edge of the viewport, in px, so a short scroll never shows a gap. */
export const OVERSCAN_PX = 600;

/** Height of `row`: measured when it was ever rendered (cached by row key), else an estimate for its kind. */
export function heightOf(heights: ReadonlyMap<string, number>, row: LogRow): number {
  const known = heights.get(row.key);
  if (known !== undefined) return known;
  return row.kind === 'message' ? (row.head ? ESTIMATE.head : ESTIMATE.grouped) : ESTIMATE[row.kind];
}

/**
 * Row positions of the virtual log as a Fenwick tree of heights: building is O(n) (when the rows change), and a
 * measured height, a row's top and the row at a position are O(log n) — scrolling through 10,000 rows never
 * recomputes every offset.
 */
export class RowLayout {
  private readonly tree: Float64Array;
  private readonly size: number;
  /** The height each row has in the tree. */
  private readonly own: Float64Array;

  constructor(rows: readonly LogRow[], heights: ReadonlyMap<string, number>) {
    const n = (this.size = rows.length);
    this.own = new Float64Array(n);
    this.tree = new Float64Array(n + 1);
    for (let i = 0; i < n; i++) {
      const h = (this.own[i] = heightOf(heights, rows[i]!));
      // Linear build: each node adds itself to its parent.
      this.tree[i + 1]! += h;
      const parent = i + 1 + ((i + 1) & -(i + 1));
      if (parent <= n) this.tree[parent]! += this.tree[i + 1]!;
    }
  }

  get count(): number {
    return this.size;
  }

  /** Sets row `i`'s height; returns whether it changed. */
  set(i: number, height: number): boolean {
    const delta = height - this.own[i]!;
    if (!delta) return false;
    this.own[i] = height;
    for (let k = i + 1; k <= this.size; k += k & -k) this.tree[k]! += delta;
    return true;
  }

  /** Top of row `i` from the top of the first row (`i` = count: the total height). */
  top(i: number): number {
    let sum = 0;
    for (let k = Math.min(i, this.size); k > 0; k -= k & -k) sum += this.tree[k]!;
    return sum;
  }

  get total(): number {
    return this.top(this.size);
  }

  /** Index of the row containing position `y` (0 … count − 1; clamped). */
  rowAt(y: number): number {
    if (this.size === 0 || y <= 0) return 0;
    // Binary lifting: the largest prefix whose total is ≤ y is the number of rows entirely above y.
    let pos = 0;
    let rest = y;
    for (let step = 1 << Math.floor(Math.log2(this.size)); step; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && this.tree[next]! <= rest) {
        pos = next;
        rest -= this.tree[next]!;
      }
    }
    return Math.min(pos, this.size - 1);
  }

  /** The rows to render, `[start, end)`, for a viewport `[top, bottom)` in row coordinates, with overscan. */
  window(top: number, bottom: number): [number, number] {
    if (!this.size) return [0, 0];
    return [this.rowAt(top - OVERSCAN_PX), Math.min(this.size, this.rowAt(bottom + OVERSCAN_PX) + 1)];
  }
}
