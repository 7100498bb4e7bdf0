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
 * Row positions of the virtual log as a Fenwick tree of heights: building is O(n) (when the rows change), appending a
 * row (a message came in) is O(log n) amortised, and a measured height, a row's top and the row at a position are
 * O(log n) — scrolling through 10,000 rows never recomputes every offset.
 */
export class RowLayout {
  /**
   * Fenwick nodes 1 … capacity: those up to `size` are complete; one past it holds what its complete children add
   * up to, and passes its sum on to its parent when the row that completes it is appended (the linear build).
   */
  private tree: Float64Array;
  private size = 0;
  /** The height each row has in the tree. */
  private own: Float64Array;

  constructor(rows: readonly LogRow[], heights: ReadonlyMap<string, number>) {
    const capacity = Math.max(16, rows.length * 2);
    this.own = new Float64Array(capacity);
    this.tree = new Float64Array(capacity + 1);
    for (const row of rows) this.append(row, heights);
  }

  /** Adds `row` after the last one. */
  append(row: LogRow, heights: ReadonlyMap<string, number>): void {
    this.push(heightOf(heights, row));
  }

  private push(height: number): void {
    if (this.size === this.own.length) this.grow();
    const i = this.size++;
    this.own[i] = height;
    // Its node is complete now (its children came before it): it joins its parent's sum.
    this.tree[i + 1]! += height;
    const parent = i + 1 + ((i + 1) & -(i + 1));
    if (parent < this.tree.length) this.tree[parent]! += this.tree[i + 1]!;
  }

  /** Twice the room: the nodes past the old end cover rows from before it, so the tree is built again. */
  private grow(): void {
    const own = this.own.subarray(0, this.size);
    this.own = new Float64Array(this.own.length * 2);
    this.tree = new Float64Array(this.own.length + 1);
    this.size = 0;
    for (const height of own) this.push(height);
  }

  get count(): number {
    return this.size;
  }

  /** Sets row `i`'s height; returns whether it changed. */
  set(i: number, height: number): boolean {
    const delta = height - this.own[i]!;
    if (!delta) return false;
    this.own[i] = height;
    // Up the complete nodes, and into the first incomplete one above them, which holds this row's height already
    // (its parent gets it only when that node completes).
    for (let k = i + 1; k < this.tree.length; k += k & -k) {
      this.tree[k]! += delta;
      if (k > this.size) break;
    }
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
