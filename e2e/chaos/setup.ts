import { rmSync } from 'node:fs';
import buildIfStale from '../global-setup';
import { RESULTS_FILE } from './harness';

/** Builds like the main suite, and starts a fresh results file for the table. */
export default function chaosSetup(): void {
  buildIfStale();
  rmSync(RESULTS_FILE, { force: true });
}
