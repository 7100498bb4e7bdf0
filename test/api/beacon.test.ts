import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApi } from '../../src/api';
import { BASE, replyWith, requests, useApiServer, type Recorded } from './support';

useApiServer();

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Resolves with the next request the server receives. */
function nextRequest(): Promise<Recorded> {
  return new Promise((resolve) => {
    replyWith((req) => {
      resolve(req);
      return new Response('ok');
    });
  });
}

describe('refresh({beacon:true})', () => {
  it('queues a form-encoded beacon with ticket and csrf and resolves at once', async () => {
    const sendBeacon = vi.fn((_url: string, _data: BodyInit) => true);
    const api = createApi({ base: BASE, sendBeacon, csrfToken: () => 'tok' });
    api.ticket = 'T1';
    await expect(api.refresh({ beacon: true })).resolves.toBeUndefined();
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [url, data] = sendBeacon.mock.calls[0];
    expect(url).toBe(`${BASE}refresh`);
    expect(data).toBeInstanceOf(URLSearchParams);
    expect(Object.fromEntries(data as URLSearchParams)).toEqual({ ticket: 'T1', csrf_token: 'tok' });
    // A URLSearchParams body is what makes the browser label the beacon form-encoded.
    expect(new Request('http://x/', { method: 'POST', body: data }).headers.get('content-type')).toBe(
      'application/x-www-form-urlencoded;charset=UTF-8',
    );
    expect(requests).toHaveLength(0);
  });

  it('uses navigator.sendBeacon when no replacement is given', async () => {
    const sendBeacon = vi.fn(() => true);
    vi.stubGlobal('navigator', { sendBeacon });
    const api = createApi({ route: '/forum/im.php?do={call}', csrfToken: 'tok' });
    api.ticket = 'T2';
    await api.refresh({ beacon: true });
    expect(sendBeacon).toHaveBeenCalledWith('/forum/im.php?do=refresh', expect.any(URLSearchParams));
  });

  it('without a CSRF token sends no beacon (it cannot carry X-Requested-With) but a keepalive fetch that does', async () => {
    const sendBeacon = vi.fn(() => true);
    const arrived = nextRequest();
    const api = createApi({ base: BASE, sendBeacon });
    api.ticket = 'T4';
    await api.refresh({ beacon: true });
    const req = await arrived;
    expect(sendBeacon).not.toHaveBeenCalled();
    expect(req.params).toEqual({ ticket: 'T4' });
    expect(req.keepalive).toBe(true);
    expect(req.requestedWith).toBe('XMLHttpRequest');
  });

  it('falls back to a keepalive fetch when the beacon is refused', async () => {
    const arrived = nextRequest();
    const api = createApi({ base: BASE, sendBeacon: () => false, csrfToken: 'tok' });
    api.ticket = 'T3';
    await api.refresh({ beacon: true });
    const req = await arrived;
    expect(req.method).toBe('POST');
    expect(req.url.href).toBe(`${BASE}refresh`);
    expect(req.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');
    expect(req.params).toEqual({ ticket: 'T3', csrf_token: 'tok' });
    expect(req.keepalive).toBe(true);
  });

  it('falls back to fetch when there is no beacon at all, or it throws', async () => {
    vi.stubGlobal('navigator', undefined);
    const first = nextRequest();
    const api = createApi({ base: BASE });
    api.ticket = 'T4';
    await api.refresh({ beacon: true });
    expect((await first).params).toEqual({ ticket: 'T4' });

    const second = nextRequest();
    const throwing = createApi({
      base: BASE,
      sendBeacon: () => {
        throw new TypeError('Illegal invocation');
      },
    });
    throwing.ticket = 'T5';
    await throwing.refresh({ beacon: true });
    expect((await second).params).toEqual({ ticket: 'T5' });
  });

  it('resolves even when the fallback fetch fails', async () => {
    const api = createApi({
      base: BASE,
      sendBeacon: () => false,
      fetch: () => Promise.reject(new TypeError('offline')),
    });
    await expect(api.refresh({ beacon: true })).resolves.toBeUndefined();
  });

  it('without beacon, refresh is an ordinary POST', async () => {
    const api = createApi({ base: BASE });
    api.ticket = 'T6';
    await api.refresh();
    expect(requests.map((r) => [r.method, r.params, r.keepalive])).toEqual([['POST', { ticket: 'T6' }, false]]);
  });
});
