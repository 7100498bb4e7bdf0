import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, type ApiErrorKind } from '../../src/api';
import { BASE, ORIGIN, replyJson, replyWith, requests, server, useApiServer } from './support';

useApiServer();

afterEach(() => {
  vi.useRealTimers();
});

function loggedIn(options = {}) {
  const api = createApi({ base: BASE, ...options });
  api.ticket = 'T';
  return api;
}

/** Runs a call and returns its rejection, failing when it resolves or rejects with anything but ApiError. */
async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(ApiError);
  return outcome.error as ApiError;
}

function expectKind(error: ApiError, kind: ApiErrorKind, extra: Partial<ApiError> = {}): void {
  expect({ kind: error.kind, ...pick(error, Object.keys(extra)) }).toEqual({ kind, ...extra });
}

function pick(error: ApiError, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (error as unknown as Record<string, unknown>)[k]]));
}

describe('server refusals', () => {
  it('success:false with error_msg on a write is a server error with the message', async () => {
    replyJson({ success: false, error_msg: 'You are muted' });
    const e = await failure(loggedIn().message({ type: 'chat', to: 'bob', body: 'x', timestamp: 1 }));
    expectKind(e, 'server', { call: 'message', serverMessage: 'You are muted', retryable: false });
  });

  it('{message} on a write is a server error', async () => {
    replyJson({ message: 'Room is closed' });
    expectKind(await failure(loggedIn().leave({ id: 'lobby' })), 'server', { serverMessage: 'Room is closed' });
  });

  it('success:false on online is a server error, not a bad reply', async () => {
    replyJson({ success: false, error_msg: 'Please log in' });
    expectKind(await failure(createApi({ base: BASE }).online({})), 'server', {
      call: 'online',
      serverMessage: 'Please log in',
    });
  });

  it('{message} instead of an online reply is a server error', async () => {
    replyJson({ message: 'Forum closed for maintenance' });
    expectKind(await failure(createApi({ base: BASE }).online({})), 'server', {
      serverMessage: 'Forum closed for maintenance',
    });
  });

  it('400 with {status:"error", message} is a server error', async () => {
    replyJson({ status: 'error', message: 'bad request' }, 400);
    expectKind(await failure(loggedIn().status({ to: 'b', show: 'typing' })), 'server', {
      status: 400,
      serverMessage: 'bad request',
    });
  });
});

describe('tickets and auth', () => {
  it('404 with a ticket is invalid_ticket', async () => {
    replyWith(() => new Response('not found', { status: 404 }));
    expectKind(await failure(loggedIn().presence({ show: 'away' })), 'invalid_ticket', { status: 404 });
  });

  it('a 404 without a ticket is a wrong route: http', async () => {
    replyWith(() => new Response('<h1>Not Found</h1>', { status: 404 }));
    expectKind(await failure(createApi({ base: BASE }).online({})), 'http', { status: 404 });
  });

  it('an "invalid ticket" message is invalid_ticket whatever the status', async () => {
    replyJson({ success: false, error_msg: 'Invalid ticket' });
    expectKind(await failure(loggedIn().block('x')), 'invalid_ticket', { serverMessage: 'Invalid ticket' });
    replyWith(() => new Response('no client found', { status: 400 }));
    expectKind(await failure(loggedIn().block('x')), 'invalid_ticket', { status: 400 });
  });

  it.each([401, 403])('%i is unauthorized', async (status) => {
    replyJson({ message: 'csrf mismatch' }, status);
    expectKind(await failure(loggedIn().block('x')), 'unauthorized', { status, serverMessage: 'csrf mismatch' });
  });
});

describe('http, network, bad replies', () => {
  it.each([500, 502, 503])('%i is a retryable http error', async (status) => {
    replyWith(() => new Response('<html>oops</html>', { status }));
    expectKind(await failure(loggedIn().notifications()), 'http', { status, retryable: true });
  });

  it('a 4xx without a usable body is a non-retryable http error', async () => {
    replyWith(() => new Response('', { status: 409 }));
    expectKind(await failure(loggedIn().block('x')), 'http', { status: 409, retryable: false });
  });

  it('a network failure is network, retryable', async () => {
    replyWith(() => HttpResponse.error());
    expectKind(await failure(loggedIn().block('x')), 'network', { retryable: true });
  });

  it('no fetch at all is network', async () => {
    const api = createApi({ base: BASE, fetch: 'nope' as unknown as typeof fetch });
    expectKind(await failure(api.block('x')), 'network');
  });

  it('a fetch that throws synchronously is network', async () => {
    const api = createApi({
      base: BASE,
      fetch: () => {
        throw new TypeError('blocked by extension');
      },
    });
    expectKind(await failure(api.block('x')), 'network');
  });

  it.each([
    ['HTML instead of JSON', () => new Response('<html>login</html>')],
    ['truncated JSON', () => new Response('[{"id":')],
    ['an empty body for data', () => new Response('')],
    ['ok for data', () => new Response('ok')],
    ['an object for a list', () => HttpResponse.json({ buddies: 'none' })],
  ])('%s is bad_reply', async (_, make) => {
    replyWith(make);
    expectKind(await failure(loggedIn().buddies(['bob'])), 'bad_reply');
  });

  it('an online reply without connection is bad_reply carrying the protocol error', async () => {
    replyJson({ success: true, user: { id: 'alice' } });
    const e = await failure(createApi({ base: BASE }).online({}));
    expectKind(e, 'bad_reply');
    expect(e.cause).toMatchObject({ name: 'ProtocolError', code: 'bad_reply' });
  });

  it('a join reply that is not a room is bad_reply', async () => {
    replyJson({ room: 'lobby' });
    expectKind(await failure(loggedIn().join({ id: 'lobby' })), 'bad_reply');
  });

  it('a throwing onProtocolError does not fail the call', async () => {
    replyJson([{ id: 'bob' }, 7]);
    const api = loggedIn({
      onProtocolError: () => {
        throw new Error('listener bug');
      },
    });
    expect((await api.buddies(['bob'])).map((b) => b.id)).toEqual(['bob']);
  });
});

describe('timeouts and abort', () => {
  const never = () => new Promise<Response>(() => undefined);

  it('times out after 15 s by default', async () => {
    vi.useFakeTimers();
    server.use(http.post(`${ORIGIN}/webim/block`, never));
    let settled = false;
    const outcome = failure(loggedIn().block('x')).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(14_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const e = await outcome;
    expectKind(e, 'timeout', { call: 'block', retryable: true });
  });

  it('gives online twice the timeout, and honours per-call and per-client timeouts', async () => {
    vi.useFakeTimers();
    server.use(http.post(`${ORIGIN}/webim/online`, never), http.post(`${ORIGIN}/webim/block`, never));
    const api = createApi({ base: BASE, timeoutMs: 1_000 });
    let onlineSettled = false;
    const online = failure(api.online({})).finally(() => {
      onlineSettled = true;
    });
    const block = failure(api.block('x', { timeoutMs: 300 }));
    await vi.advanceTimersByTimeAsync(300);
    expectKind(await block, 'timeout');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(onlineSettled).toBe(false);
    await vi.advanceTimersByTimeAsync(700);
    expectKind(await online, 'timeout', { call: 'online' });
  });

  it('settles on timeout even when fetch ignores the signal', async () => {
    vi.useFakeTimers();
    const api = createApi({ base: BASE, fetch: () => new Promise<Response>(() => undefined), timeoutMs: 50 });
    const outcome = failure(api.block('x'));
    await vi.advanceTimersByTimeAsync(50);
    expectKind(await outcome, 'timeout');
  });

  it('a caller abort of a request in flight is aborted, not retryable', async () => {
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    server.use(
      http.get(`${ORIGIN}/webim/notifications`, () => {
        arrived();
        return never();
      }),
    );
    const controller = new AbortController();
    const outcome = failure(loggedIn().notifications({ signal: controller.signal }));
    await reached;
    controller.abort();
    expectKind(await outcome, 'aborted', { retryable: false });
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    expectKind(await failure(loggedIn().block('x', { signal: controller.signal })), 'aborted');
    expect(requests).toHaveLength(0);
  });
});

describe('every rejection is an ApiError', () => {
  it('even for input its types forbid or a route function that throws', async () => {
    const api = loggedIn();
    expectKind(await failure(api.buddies('bob' as unknown as string[])), 'network', { call: 'buddies' });
    const broken = createApi({
      route: () => {
        throw new Error('route bug');
      },
    });
    expectKind(await failure(broken.clearHistory({ id: 'x', type: 'chat' })), 'network', { call: 'clear_history' });
    expect(requests).toHaveLength(0);
  });
});
