import { existsSync, readFileSync } from 'node:fs';
import { type ChaosRow, formatTable, RESULTS_FILE } from './harness';

/** Prints every scenario's row as one table. */
export default function chaosTeardown(): void {
  if (!existsSync(RESULTS_FILE)) return;
  const rows = readFileSync(RESULTS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ChaosRow);
  process.stdout.write(`\nDelivery under faults (${rows.length} runs):\n\n${formatTable(rows)}\n\n`);
}
