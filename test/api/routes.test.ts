import { describe, expect, it } from 'vitest';
import { createApi, routeUrl, withQuery } from '../../src/api';
import { BASE, ORIGIN, only, replyJson, useApiServer } from './support';

describe('routeUrl', () => {
  it('defaults to /webim/{call}', () => {
    expect(routeUrl('online', {})).toBe('/webim/online');
    expect(routeUrl('clear_history', {})).toBe('/webim/clear_history');
  });

  it('adds the slash a base lacks, but not to a base ending in a query', () => {
    expect(routeUrl('online', { base: '/forum/webim' })).toBe('/forum/webim/online');
    expect(routeUrl('online', { base: 'https://forum.example/im/' })).toBe('https://forum.example/im/online');
    expect(routeUrl('online', { base: '/plugin.php?id=webim&action=' })).toBe('/plugin.php?id=webim&action=online');
  });

  it('fills templates relative to the base, or as given when absolute', () => {
    expect(routeUrl('members', { base: '/forum/', route: 'plugin.php?id=webim&action={call}' })).toBe(
      '/forum/plugin.php?id=webim&action=members',
    );
    expect(routeUrl('members', { base: '/forum', route: '/im/{call}.php' })).toBe('/im/members.php');
    expect(routeUrl('members', { route: 'https://api.example/{call}/{call}' })).toBe(
      'https://api.example/members/members',
    );
  });

  it('lets per-call routes win over the common route', () => {
    const options = { route: 'im.php?do={call}', routes: { online: 'login.php', refresh: (c: string) => `/x/${c}` } };
    expect(routeUrl('online', options)).toBe('/webim/login.php');
    expect(routeUrl('refresh', options)).toBe('/x/refresh');
    expect(routeUrl('status', options)).toBe('/webim/im.php?do=status');
  });

  it('passes function routes through untouched', () => {
    expect(routeUrl('rooms', { base: '/ignored/', route: (call) => `index.php?r=webim/${call}` })).toBe(
      'index.php?r=webim/rooms',
    );
  });
});

describe('withQuery', () => {
  const q = new URLSearchParams({ ids: 'a,b', ticket: 't 1' });
  it('starts or extends a query and keeps a fragment last', () => {
    expect(withQuery('/webim/buddies', q)).toBe('/webim/buddies?ids=a%2Cb&ticket=t+1');
    expect(withQuery('/p.php?id=webim', q)).toBe('/p.php?id=webim&ids=a%2Cb&ticket=t+1');
    expect(withQuery('/p.php?', q)).toBe('/p.php?ids=a%2Cb&ticket=t+1');
    expect(withQuery('/p.php?a=1#top', q)).toBe('/p.php?a=1&ids=a%2Cb&ticket=t+1#top');
    expect(withQuery('/p.php', new URLSearchParams())).toBe('/p.php');
  });
});

describe('routes on the wire', () => {
  useApiServer();

  it('sends a GET through a template that already has a query string', async () => {
    replyJson([]);
    const api = createApi({ base: `${ORIGIN}/forum`, route: 'plugin.php?id=webim&action={call}' });
    await expect(api.buddies(['bob', 'carol'])).resolves.toEqual([]);
    const req = only();
    expect(req.url.pathname).toBe('/forum/plugin.php');
    expect(Object.fromEntries(req.url.searchParams)).toEqual({ id: 'webim', action: 'buddies', ids: 'bob,carol' });
  });

  it('sends a POST to a function route', async () => {
    const api = createApi({ route: (call) => `${ORIGIN}/im?call=${call}` });
    await api.status({ to: 'bob', show: 'typing' });
    const req = only();
    expect(req.method).toBe('POST');
    expect(req.url.search).toBe('?call=status');
    expect(req.params).toEqual({ to: 'bob', show: 'typing' });
  });

  it('uses a base without trailing slash', async () => {
    const api = createApi({ base: BASE.slice(0, -1) });
    await api.block('lobby');
    expect(only().url.pathname).toBe('/webim/block');
  });
});
