import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApi, type ApiOptions } from '../../src/api';
import { createEngine, type Engine } from '../../src/mock-server/index';
import { createMswHandlers } from '../../src/mock-server/msw';
import type { ProtocolError } from '../../src/protocol';

/** The API client against the project's mock backend (engine served in-process by msw): both sides agree. */
const SITE = 'http://site.mock';

describe.each([5, 3] as const)('against the mock backend, generation %i', (generation) => {
  let engine: Engine;
  let server: ReturnType<typeof setupServer>;

  beforeAll(() => {
    engine = createEngine({ generation, siteUrl: SITE, imUrl: 'http://im.mock', onError: () => undefined });
    server = setupServer(
      ...createMswHandlers(engine, { siteOrigin: SITE, imOrigin: 'http://im.mock', websocket: false }),
    );
    server.listen({ onUnhandledRequest: 'error' });
  });
  /** Every malformed part any reply had: the mock speaks the protocol, so there must be none. */
  const problems: ProtocolError[] = [];
  afterEach(() => {
    engine.reset();
    expect(problems).toEqual([]);
    problems.length = 0;
  });
  afterAll(() => {
    server.close();
    engine.close();
  });

  /** A browser session of `uid` whose pages came from the site, so its POSTs must carry the CSRF token. */
  function browser(uid: string, options: ApiOptions = {}) {
    const cookie = `webim_uid=${encodeURIComponent(uid)}; webim_csrf=1`;
    return createApi({
      base: `${SITE}/webim`,
      generation,
      csrfToken: engine.site.csrfToken(uid),
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } }),
      onProtocolError: (e) => problems.push(e),
      ...options,
    });
  }

  it('logs in, sends, reads history back, and logs out', async () => {
    const alice = browser('alice');
    const reply = await alice.online({ buddyIds: ['bob'], roomIds: ['lobby'] });
    expect(reply.user.id).toBe('alice');
    expect(reply.buddies.map((b) => b.id).sort()).toEqual(expect.arrayContaining(['bob', 'carol']));
    expect(reply.rooms.map((r) => r.id)).toContain('lobby');
    expect(reply.connection.ticket).toBe(alice.ticket);
    expect(reply.connection.jsonpd).toMatch(/^http:\/\/im\.mock\//);

    const timestamp = Date.now();
    await alice.message({ type: 'chat', to: 'bob', body: 'hello bob', timestamp, clientId: 'cid-1', nick: 'Alice' });
    await alice.message({ type: 'chat', to: 'bob', body: 'second', timestamp: timestamp + 1 });
    const history = await alice.histories({ id: 'bob', type: 'chat', limit: 10 });
    const bodies = history.map((m) => m.body);
    expect(bodies.slice(-2)).toEqual(['hello bob', 'second']);
    expect(history.every((m) => m.status === 'sent' && m.type === 'chat')).toBe(true);

    await alice.status({ to: 'bob', show: 'typing' });
    await alice.presence({ show: 'away', status: 'lunch' });
    await alice.offline();
    expect(alice.ticket).toBeUndefined();
  });

  it('rooms: members, join, leave, block', async () => {
    const alice = browser('alice');
    await alice.online({});
    const members = await alice.members('lobby');
    expect(members.map((m) => m.id)).toContain('alice');
    const room = await alice.join({ id: 'dev', nick: 'Alice' });
    expect(room.id).toBe('dev');
    await alice.leave({ id: 'dev', nick: 'Alice' });
    await alice.block('lobby');
    await alice.unblock('lobby');
    const rooms = await alice.rooms(['lobby']);
    expect(rooms.map((r) => r.id)).toEqual(['lobby']);
  });

  it('settings saved come back with the next online', async () => {
    const alice = browser('alice');
    await alice.online({});
    await alice.setting({ play_sound: false, buddy_sticky: true });
    const again = await browser('alice').online({});
    expect(again.settings).toMatchObject({ play_sound: false, buddy_sticky: true });
  });

  it('buddies and notifications', async () => {
    const alice = browser('alice');
    await alice.online({});
    const buddies = await alice.buddies(['bob', 'carol']);
    expect(buddies.map((b) => b.id).sort()).toEqual(['bob', 'carol']);
    expect(Array.isArray(await alice.notifications())).toBe(true);
  });

  it('a wrong CSRF token is unauthorized; a dead ticket is invalid_ticket', async () => {
    const forged = browser('alice', { csrfToken: 'forged' });
    await expect(forged.online({})).rejects.toMatchObject({ kind: 'unauthorized', status: 403 });

    const alice = browser('alice');
    await alice.online({});
    alice.ticket = 'not-a-ticket';
    const error = await alice.presence({ show: 'away' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'invalid_ticket' });
  });
});
