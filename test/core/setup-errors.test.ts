import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiError, createFakeApi, settle } from './fakes';
import { createTestClient } from './harness';

/** Mistakes a site owner makes show as what they are (issue 17 point 2), and the client keeps trying. */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('setup errors at login', () => {
  it('a 403 (the CSRF token refused) stops with reason `forbidden`, a 401 with `unauthorized`', async () => {
    for (const [status, reason] of [
      [403, 'forbidden'],
      [401, 'unauthorized'],
    ] as const) {
      const api = createFakeApi();
      api.online.mockRejectedValueOnce(apiError('unauthorized', 'online', status));
      const { client, store } = createTestClient({ api });
      await expect(client.online()).rejects.toMatchObject({ kind: 'unauthorized', status });
      expect(store.connection.value).toEqual({ state: 'stopped', reason });
    }
  });

  it.each([
    ['no answer (another origin without CORS, server down)', () => apiError('network', 'online')],
    ['a 404 from a wrong data-api', () => apiError('http', 'online', 404)],
    ['an HTML page instead of the API', () => apiError('bad_reply', 'online', 200)],
  ])('%s: reconnecting, then `unreachable` from the second failure on, still retrying', async (_, failure) => {
    const api = createFakeApi();
    for (let i = 0; i < 3; i++) api.online.mockRejectedValueOnce(failure());
    const { client, store, transports, record } = createTestClient({ api, reconnect: [1000, 2000, 4000] });
    const states = record('connection');
    const done = client.online();
    await settle();
    expect(store.connection.value).toMatchObject({ state: 'reconnecting', attempt: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.connection.value).toMatchObject({ state: 'unreachable', attempt: 2 });
    expect(store.connection.value.nextRetryAt).toBe(Date.now() + 2000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(api.online).toHaveBeenCalledTimes(3);
    expect(store.connection.value).toMatchObject({ state: 'unreachable', attempt: 3 });
    // The fourth login succeeds: connected as usual.
    await vi.advanceTimersByTimeAsync(4000);
    await done;
    transports.last.open();
    expect(store.connection.value.state).toBe('connected');
    // Once unreachable, an attempt in flight does not flicker back to "Reconnecting…".
    expect(states.map((s) => s.state)).toEqual([
      'connecting',
      'reconnecting',
      'connecting',
      // failure 2 (with the next retry's time), attempt 3, failure 3, attempt 4
      'unreachable',
      'unreachable',
      'unreachable',
      'unreachable',
      'connecting',
      'connected',
    ]);
  });

  it('one failure followed by a success never says unreachable; the count starts again after a success', async () => {
    const api = createFakeApi();
    api.online.mockRejectedValueOnce(apiError('network', 'online'));
    const { client, store, transports, record } = createTestClient({ api, reconnect: [500] });
    const states = record('connection');
    const done = client.online();
    await vi.advanceTimersByTimeAsync(500);
    await done;
    transports.last.open();
    expect(store.connection.value.state).toBe('connected');
    expect(states.map((s) => s.state)).not.toContain('unreachable');
  });
});
