import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

// `npm run chaos`: every delivery scenario of `delivery.spec.ts` (the main config runs only the short ones), one at
// a time (faults are timed), then the table of all of them.
process.env.WEBIM_CHAOS = 'full';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'delivery.spec.ts',
  globalSetup: './setup.ts',
  globalTeardown: './teardown.ts',
  workers: 1,
  retries: 0,
  timeout: 120_000,
});
