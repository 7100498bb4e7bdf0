// Small statistics and table helpers for the benchmarks (plain Node, no dependencies).

/** The p-th percentile (0..100) of `values`, nearest-rank; NaN for an empty list. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values) => percentile(values, 50);

/** `n` with `digits` decimals, or `–` when it is not a finite number. */
export function fmt(n, digits = 1) {
  return Number.isFinite(n) ? n.toFixed(digits) : '–';
}

/** A ratio `a / b` as `×1.23`, or `–` when it cannot be computed. */
export function ratio(a, b, digits = 2) {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `×${(a / b).toFixed(digits)}` : '–';
}

/**
 * Prints rows (arrays of cells) under a header as an aligned text table: first column left-aligned, the others
 * right-aligned (they are numbers).
 */
export function printTable(title, header, rows) {
  const all = [header, ...rows].map((r) => r.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(all[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of all.slice(1)) console.log(line(r));
}
