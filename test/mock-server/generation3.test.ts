import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireMessage } from '../../src/protocol/types';
import { Browser, JsonpClient, startServer } from './helpers';

describe('generation 3 (NextIM 3 shapes)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startServer({ generation: 3 });
  });
  afterAll(() => server.close());

  it('answers online with v3 names and pushes unicast over /packets', async () => {
    const bob = new Browser(server.siteUrl, 'bob');
    const bobReply = await bob.online();
    expect(bobReply.connection).toEqual({
      domain: 'localhost',
      ticket: bobReply.connection.ticket,
      server: `${server.imUrl}/packets`,
    });
    const b = new JsonpClient(bobReply.connection);

    const alice = new Browser(server.siteUrl, 'alice');
    const reply = await alice.online({ buddy_ids: 'bob' });
    expect(reply.presences).toBeUndefined();
    expect(reply.buddy_online_ids).toBe('bob');
    expect(reply.user).toMatchObject({
      id: 'alice',
      pic_url: '/demo/avatars/alice.svg',
      default_pic_url: '/demo/avatars/default.svg',
    });
    expect(reply.user).not.toHaveProperty('avatar');
    expect(reply.buddies?.find((x) => x.id === 'bob')).toMatchObject({
      presence: 'online',
      need_reload: false,
      pic_url: '/demo/avatars/bob.svg',
    });
    expect(reply.histories?.bob?.[0]?.type).toBe('unicast');

    await alice.post('/webim/message', {
      type: 'unicast',
      to: 'bob',
      body: 'old school',
      ticket: reply.connection.ticket,
    });
    expect(await b.inbox.message('unicast', (m) => m.body === 'old school')).toMatchObject({
      type: 'unicast',
      from: 'alice',
    });
    await alice.post('/webim/message', {
      type: 'multicast',
      to: 'lobby',
      body: 'to the room',
      ticket: reply.connection.ticket,
    });
    expect(await b.inbox.message('multicast', (m) => m.body === 'to the room')).toMatchObject({
      type: 'multicast',
      to: 'lobby',
    });
    const log = (await alice.get('/webim/histories', { ids: 'lobby', type: 'multicast' })).json<
      Record<string, WireMessage[]>
    >();
    expect(log.lobby.at(-1)).toMatchObject({ type: 'multicast', body: 'to the room' });
    await b.close();
  });
});

describe('static directories', () => {
  let server: MockServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'webim-static-'));
    writeFileSync(join(dir, 'webim.js'), 'export const x = 1;');
    writeFileSync(join(dir, 'webim.css'), 'a{}');
    writeFileSync(join(dir, 'page.html'), '<p data-uid="{{uid}}">{{ csrf_token }}</p>');
    server = await startServer({ staticDirs: { '/dist/': dir, '/': dir } });
  });
  afterAll(() => server.close());

  it('serves files with their content types and templates HTML', async () => {
    const js = await fetch(`${server.siteUrl}/dist/webim.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('export const x = 1;');
    expect((await fetch(`${server.siteUrl}/dist/webim.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    const page = await (await fetch(`${server.siteUrl}/page.html?user=carol`)).text();
    expect(page).toMatch(/^<p data-uid="carol">[0-9a-f]{64}<\/p>$/);
    const anonymous = await (await fetch(`${server.siteUrl}/page.html`)).text();
    expect(anonymous).toBe('<p data-uid=""></p>');
  });
});
