import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportSetupProblems } from '../src/setup-diagnostics';
import { apiError, createFakeApi, settle } from './core/fakes';
import { createTestClient } from './core/harness';

/** The console names the option that fixes a setup mistake, once, with the URL it tried (issue 17 point 2). */
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('reportSetupProblems', () => {
  it('an unreachable API: one message with the URL and data-api, however many retries', async () => {
    const api = createFakeApi();
    for (let i = 0; i < 5; i++) api.online.mockRejectedValueOnce(apiError('network', 'online'));
    const { client } = createTestClient({ api, reconnect: [1000] });
    const log = { error: vi.fn() };
    reportSetupProblems(client, { base: 'https://chat.example.org/webim/' }, log);
    void client.online().catch(() => undefined);
    await settle();
    expect(log.error).not.toHaveBeenCalled(); // one failure is not yet a setup problem
    await vi.advanceTimersByTimeAsync(4000);
    expect(api.online.mock.calls.length).toBeGreaterThanOrEqual(4);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatch(
      /^webim: nothing answers as the chat API at https:\/\/chat\.example\.org\/webim\/online .*data-api.*CORS/,
    );
  });

  it('a refused CSRF token: names data-csrf-token', async () => {
    const api = createFakeApi();
    api.online.mockRejectedValueOnce(apiError('unauthorized', 'online', 403));
    const { client } = createTestClient({ api });
    const log = { error: vi.fn() };
    reportSetupProblems(client, { base: 'https://site.example/webim/' }, log);
    await client.online().catch(() => undefined);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0]).toMatch(
      /https:\/\/site\.example\/webim\/online refused the login with 403: .*data-csrf-token/,
    );
  });

  it('stops saying anything once unsubscribed', async () => {
    const api = createFakeApi();
    api.online.mockRejectedValueOnce(apiError('unauthorized', 'online', 401));
    const { client } = createTestClient({ api });
    const log = { error: vi.fn() };
    reportSetupProblems(client, {}, log)();
    await client.online().catch(() => undefined);
    expect(log.error).not.toHaveBeenCalled();
  });
});
