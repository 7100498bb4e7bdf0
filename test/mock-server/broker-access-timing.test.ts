import { describe, expect, it, vi } from 'vitest';
import * as hmac from '../../src/mock-server/engine/hmac';
import { createBrokerAccess } from '../../src/mock-server/engine/broker/access';
import type { SiteData } from '../../src/mock-server/engine/site/data';

// The site account's password is compared in constant time (`safeEqual`), so the time a refusal takes says
// nothing about how much of a guess was right.

vi.mock('../../src/mock-server/engine/hmac', async (original) => {
  const actual = await original<typeof import('../../src/mock-server/engine/hmac')>();
  return { ...actual, safeEqual: vi.fn(actual.safeEqual) };
});

describe('broker ACL: the site account login', () => {
  it('compares the password with safeEqual', () => {
    const access = createBrokerAccess({
      data: {} as SiteData,
      domain: 'localhost',
      account: { username: 'site', password: 'site-secret' },
      ticketUser: () => undefined,
    });
    expect(access.login('site', 'site-guess')).toBeNull();
    expect(access.login('site', 'site-secret')).toEqual({ kind: 'site' });
    expect(vi.mocked(hmac.safeEqual).mock.calls).toEqual([
      ['site-guess', 'site-secret'],
      ['site-secret', 'site-secret'],
    ]);
  });
});
