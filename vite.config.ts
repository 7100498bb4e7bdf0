import { defineConfig } from 'vitest/config';

// One config serves the unit tests; the library builds live in build/*.config.ts.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Node 20 has no global WebSocket; the SDK's transports and their tests need one.
    execArgv: ['--experimental-websocket'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
