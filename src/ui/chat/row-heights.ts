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

/** `offsets[i]` = top of row i from the top of the first row; `offsets[rows.length]` = the total height. */
export function offsetsOf(rows: readonly LogRow[], heights: ReadonlyMap<string, number>): Float64Array {
  const offsets = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i]! + heightOf(heights, rows[i]!);
  return offsets;
}

/** Index of the row containing position `y` (0 … rows.length − 1; clamped). */
export function rowAt(offsets: Float64Array, y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** The rows to render, `[start, end)`, for a viewport `[top, bottom)` in row coordinates, with overscan. */
export function windowOf(offsets: Float64Array, top: number, bottom: number): [number, number] {
  const count = offsets.length - 1;
  if (!count) return [0, 0];
  return [rowAt(offsets, top - OVERSCAN_PX), Math.min(count, rowAt(offsets, bottom + OVERSCAN_PX) + 1)];
}
