import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock-server/index';
import type { WireOnlineReply, WireRoom, WireSyncReply } from '../../src/protocol/types';
import { Browser, control, startServer, WsClient } from './helpers';

/** Issue 16: what the original NextIM client (webim-js 5.5) needs from the server, and the new extensions. */
let server: MockServer;
const sockets: WsClient[] = [];

beforeAll(async () => {
  server = await startServer({ grace: 2_000 });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await control(server, 'reset');
});
afterAll(() => server.close());

async function connected(uid: string, params: Record<string, string> = {}) {
  const browser = new Browser(server.siteUrl, uid);
  const reply = await browser.online(params);
  const ws = await WsClient.connect(reply.connection);
  sockets.push(ws);
  return { browser, ws, ticket: reply.connection.ticket, reply };
}

describe('"ok" replies (1)', () => {
  it('answers writes with the JSON string "ok" as application/json, which JSON.parse accepts', async () => {
    const { browser, ticket } = await connected('alice');
    for (const [call, params] of [
      ['presence', { show: 'away' }],
      ['leave', { id: 'lobby' }],
      ['status', { to: 'bob', show: 'typing' }],
    ] as const) {
      const res = await browser.post(`/webim/${call}`, { ...params, ticket });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(res.text)).toBe('ok');
    }
  });
});

describe('invite (2)', () => {
  it('an event body sent as a message is only an invitation to a room of the sender, under its real name', async () => {
    const alice = await connected('alice');
    const carol = await connected('carol');
    const dave = await connected('dave');
    const made = await alice.browser.post('/webim/invite', { nick: 'Walk', members: 'bob', ticket: alice.ticket });
    const id = String(made.json<WireRoom>().id);
    const send = (who: typeof alice, body: string, to = 'carol', type = 'chat') =>
      who.browser.post('/webim/message', { type, to, body, ticket: who.ticket });

    // The original client may send the event itself: it goes out as a real invitation, never with a made-up name.
    expect((await send(alice, `webim-event:invite|,|${id}|,|Official Support`)).status).toBe(200);
    const told = await carol.ws.inbox.message('invite', (m) => m.body.startsWith('webim-event:'));
    expect(told).toMatchObject({ from: 'alice', to: 'carol', body: `webim-event:invite|,|${id}|,|Walk` });
    // Recorded: the invite-only discussion lets carol in.
    expect((await carol.browser.post('/webim/join', { id, ticket: carol.ticket })).status).toBe(200);

    // An outsider cannot invite into it (it does not exist for dave), nor into a room that does not exist.
    expect((await send(dave, `webim-event:invite|,|${id}|,|Walk`)).status).toBe(404);
    expect((await send(dave, 'webim-event:invite|,|nowhere|,|Official Support')).status).toBe(404);
    // Any other event, or one to a room, is the server's to send.
    expect((await send(alice, `webim-event:kick|,|${id}`)).status).toBe(400);
    expect((await send(alice, `webim-event:invite|,|${id}|,|Walk`, id, 'grpchat')).status).toBe(400);
    await new Promise((r) => setTimeout(r, 100));
    expect(carol.ws.inbox.messages.filter((m) => m.body.startsWith('webim-event:'))).toHaveLength(1);
  });

  it('creates a temporary room, tells each invitee with an event body, lets them join; it goes with its last member', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    const res = await alice.browser.post('/webim/invite', {
      nick: 'Walk <planning>',
      members: 'bob,erin',
      ticket: alice.ticket,
    });
    expect(res.status).toBe(200);
    const room = res.json<WireRoom>();
    expect(room).toMatchObject({ nick: 'Walk <planning>', temporary: true, all_count: 1 });
    const id = String(room.id);

    const event = await bob.ws.inbox.message('invite', (m) => m.body.startsWith('webim-event:'));
    expect(event).toMatchObject({ type: 'chat', from: 'alice', to: 'bob' });
    expect(event.body).toBe(`webim-event:invite|,|${id}|,|Walk <planning>`);
    // Not history: the event never shows up as text in a log.
    const log = (await bob.browser.get('/webim/histories', { id: 'alice', type: 'chat' })).json<
      Array<{ body: string }>
    >();
    expect(log.some((m) => m.body.startsWith('webim-event:'))).toBe(false);

    // erin is away: the invitation waits for her next login, as an offline message.
    const erin = new Browser(server.siteUrl, 'erin');
    const erinReply = await erin.online();
    const waiting = erinReply.new_messages?.find((m) => m.body === `webim-event:invite|,|${id}|,|Walk <planning>`);
    // With its server id, as sync would answer it (the client takes the two copies for one).
    expect(waiting).toMatchObject({ from: 'alice', to: 'erin', id: expect.any(Number) });

    const joined = (await bob.browser.post('/webim/join', { id, ticket: bob.ticket })).json<WireRoom>();
    expect(joined).toMatchObject({ id, temporary: true, all_count: 2 });
    // Inviting more into an existing room needs membership; to an outsider an invite-only room does not exist.
    const carol = await connected('carol');
    expect((await carol.browser.post('/webim/invite', { id, members: 'dave', ticket: carol.ticket })).status).toBe(404);
    expect((await bob.browser.post('/webim/invite', { id, members: 'carol', ticket: bob.ticket })).status).toBe(200);
    await carol.ws.inbox.message('invite to carol', (m) => m.body === `webim-event:invite|,|${id}|,|Walk <planning>`);

    await alice.browser.post('/webim/leave', { id, ticket: alice.ticket });
    expect((await bob.browser.get('/webim/rooms', { ids: id })).json<WireRoom[]>()).toHaveLength(1);
    await bob.browser.post('/webim/leave', { id, ticket: bob.ticket });
    expect((await bob.browser.get('/webim/rooms', { ids: id })).json<WireRoom[]>()).toEqual([]);
  });

  it('stores the invitation with a server id: sync answers it to the invitee only, push carries the same id', async () => {
    const alice = await connected('alice');
    const bob = await connected('bob');
    const carol = await connected('carol');
    const cursor = async (who: Browser) => String((await who.get('/webim/sync')).json<WireSyncReply>().cursor);
    const since = {
      alice: await cursor(alice.browser),
      bob: await cursor(bob.browser),
      carol: await cursor(carol.browser),
    };

    const res = await alice.browser.post('/webim/invite', { nick: 'Quiz night', members: 'bob', ticket: alice.ticket });
    const id = String(res.json<WireRoom>().id);
    const body = `webim-event:invite|,|${id}|,|Quiz night`;
    const pushed = await bob.ws.inbox.message('invite', (m) => m.body === body);
    expect(pushed.id).toEqual(expect.any(Number));

    // bob's link was down when it was pushed? His next sync (the delivery cursor call) carries it, same id.
    const synced = async (who: Browser, from: string) =>
      (await who.get('/webim/sync', { since: from })).json<WireSyncReply>().messages;
    expect(await synced(bob.browser, since.bob)).toMatchObject([
      { type: 'chat', from: 'alice', to: 'bob', body, id: pushed.id },
    ]);
    // Nobody else's: not the inviter's (her other tabs got the push), not a bystander's.
    expect(await synced(alice.browser, since.alice)).toEqual([]);
    expect(await synced(carol.browser, since.carol)).toEqual([]);
    // Still no conversation's history, for either side, nor in a download.
    for (const [who, other] of [
      [bob.browser, 'alice'],
      [alice.browser, 'bob'],
    ] as const) {
      const log = (await who.get('/webim/histories', { id: other, type: 'chat' })).json<Array<{ body: string }>>();
      expect(log.some((m) => m.body.startsWith('webim-event:'))).toBe(false);
    }
    const download = await bob.browser.get('/webim/download_history', { id: 'alice', type: 'chat' });
    expect(download.text).not.toContain('webim-event:');
  });

  it('refuses an invite without members, with unknown users, or without a ticket', async () => {
    const { browser, ticket } = await connected('alice');
    expect((await browser.post('/webim/invite', { members: '', ticket })).status).toBe(400);
    expect((await browser.post('/webim/invite', { members: 'alice', ticket })).status).toBe(400);
    expect((await browser.post('/webim/invite', { members: 'nobody', ticket })).status).toBe(404);
    expect((await browser.post('/webim/invite', { members: 'bob' })).status).toBe(400);
    expect((await browser.post('/webim/invite', { id: 'bad id!', members: 'bob', ticket })).status).toBe(400);
  });
});

describe('download_history (3)', () => {
  it('answers an HTML attachment with every field escaped', async () => {
    const alice = await connected('alice');
    const hostile = `<script>alert(1)</script><img src=x onerror="alert('x')"> & "quotes"`;
    await alice.browser.post('/webim/message', { type: 'chat', to: 'bob', body: hostile, ticket: alice.ticket });
    const res = await alice.browser.get('/webim/download_history', { id: 'bob', type: 'chat' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="history-chat-bob.html"');
    expect(res.text).toContain('Hi Bob!');
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toContain('<img');
    expect(res.text).toContain(
      '&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=&#34;alert(&#39;x&#39;)&#34;&#62; &#38; &#34;quotes&#34;',
    );
    // The file name never carries the user's input raw.
    const odd = await alice.browser.get('/webim/download_history', { id: 'lobby', type: 'grpchat' });
    expect(odd.headers.get('content-disposition')).toBe('attachment; filename="history-grpchat-lobby.html"');
    expect(odd.text).toContain('Stand-up in five');
  });

  it('refuses rooms the user is not in, unknown rooms and bad types', async () => {
    const erin = new Browser(server.siteUrl, 'erin');
    expect((await erin.get('/webim/download_history', { id: 'dev', type: 'grpchat' })).status).toBe(403);
    expect((await erin.get('/webim/download_history', { id: 'nowhere', type: 'grpchat' })).status).toBe(404);
    expect((await erin.get('/webim/download_history', { id: 'bob', type: 'shout' })).status).toBe(400);
  });
});

describe('strangers in buddies (4)', () => {
  it('pushes presence changes of stranger and chatlink ids the page passed, one way only', async () => {
    // erin is not alice's buddy; alice's page links to her.
    const alice = await connected('alice', { stranger_ids: 'erin', chatlink_ids: 'erin' });
    const erin = await connected('erin');
    await alice.ws.inbox.presence('erin online', (p) => p.type === 'online' && p.from === 'erin');
    await erin.browser.post('/webim/presence', { show: 'away', ticket: erin.ticket });
    await alice.ws.inbox.presence('erin away', (p) => p.type === 'show' && p.from === 'erin' && p.show === 'away');
    // erin never hears of alice: alice's page linking to her is no friendship.
    const bob = await connected('bob');
    await alice.browser.post('/webim/presence', { show: 'dnd', ticket: alice.ticket });
    await bob.ws.inbox.presence('alice dnd to her buddy', (p) => p.from === 'alice' && p.show === 'dnd');
    expect(erin.ws.inbox.presences.some((p) => p.from === 'alice')).toBe(false);
  });
});

describe('{{setting}} (5)', () => {
  it('fills a page with the saved settings as JSON that cannot end a script or an attribute', () => {
    const engine = server.engine;
    engine.site.data.settings.set('alice', { play_sound: false, note: `</script><b>'&'` });
    const page = engine.renderPage("<script>var s = {{setting}};</script><div data-s='{{ setting }}'>", {
      uid: 'alice',
      cookies: [],
    });
    expect(page).not.toContain('</script><b>');
    const json = /var s = (.*);<\/script>/.exec(page)![1];
    expect(JSON.parse(json)).toEqual({ play_sound: false, note: `</script><b>'&'` });
    expect(page).toContain(`data-s='${json}'`);
    expect(engine.renderPage('{{setting}}', { uid: null, cookies: [] })).toBe('{}');
  });
});

describe('JSONP API mode (6)', () => {
  const csrf = () => server.engine.site.csrfToken('alice');

  it('wraps replies as callback(json) and accepts GET writes that carry the CSRF token', async () => {
    const alice = new Browser(server.siteUrl, 'alice', ['webim_csrf=1']);
    const online = await alice.get('/webim/online', { callback: 'jQuery1_2', csrf_token: csrf(), show: 'available' });
    expect(online.status).toBe(200);
    expect(online.headers.get('content-type')).toMatch(/^application\/javascript/);
    const m = /^\/\*\*\/jQuery1_2\(([^]*)\);$/.exec(online.text);
    const reply = JSON.parse(m![1]) as WireOnlineReply;
    expect(reply.success).toBe(true);
    const ticket = reply.connection.ticket;

    const leave = await alice.get('/webim/leave', { callback: 'webim.cb', id: 'lobby', ticket, csrf_token: csrf() });
    expect(leave.text).toBe('/**/webim.cb("ok");');
    // A refusal is wrapped too (a script tag cannot read a status), with the original's fields.
    const refused = await alice.get('/webim/join', { callback: 'cb', id: 'bad id!', ticket, csrf_token: csrf() });
    expect(refused.status).toBe(200);
    expect(refused.text).toBe('/**/cb({"success":false,"error_msg":"bad room id"});');
    // Reads carry the token too (a page on another domain has nothing else to show).
    expect((await alice.get('/webim/buddies', { callback: 'cb', ids: 'bob', csrf_token: csrf() })).text).toMatch(
      /^\/\*\*\/cb\(\[\{"id":"bob"/,
    );
  });

  it("a JSONP read is a script: a page elsewhere that includes it with the user's cookie reads nothing (XSSI)", async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    await alice.online();
    const site = new URL(server.siteUrl);
    const read = (headers: Record<string, string>, query: Record<string, string> = {}) =>
      fetch(
        `${server.siteUrl}/webim/histories?${new URLSearchParams({ type: 'chat', id: 'bob', callback: 'steal', ...query })}`,
        {
          headers: { cookie: 'webim_uid=alice', ...headers },
        },
      ).then((r) => r.text());
    const refused = '/**/steal({"success":false,"error_msg":"invalid csrf token"});';
    // A page on another port of the same host (same-site, so the SameSite=Lax cookie goes), another site, or a
    // browser that says nothing about where the request comes from: refused, with no data in the script.
    const elsewhere = `${site.protocol}//${site.hostname}:9/evil.html`;
    expect(await read({ 'sec-fetch-site': 'same-site', referer: elsewhere })).toBe(refused);
    expect(await read({ 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/' })).toBe(refused);
    expect(await read({ referer: elsewhere })).toBe(refused);
    expect(await read({})).toBe(refused);
    for (const call of ['sync', 'notifications', 'buddies', 'rooms', 'members', 'history']) {
      const text = await fetch(`${server.siteUrl}/webim/${call}?callback=steal&id=lobby&ids=bob&type=chat`, {
        headers: { cookie: 'webim_uid=alice', 'sec-fetch-site': 'same-site' },
      }).then((r) => r.text());
      expect(text, call).toBe(refused);
    }
    // A page of the site itself, or one holding the user's token: the history.
    const own = /^\/\*\*\/steal\(\[\{"/;
    expect(await read({ 'sec-fetch-site': 'same-origin' })).toMatch(own);
    expect(await read({ referer: `${server.siteUrl}/thread.html` })).toMatch(own);
    expect(
      await read({ 'sec-fetch-site': 'cross-site' }, { csrf_token: server.engine.site.csrfToken('alice') }),
    ).toMatch(own);
    expect(await read({ 'sec-fetch-site': 'cross-site' }, { csrf_token: 'forged' })).toBe(refused);
  });

  it('refuses GET writes without proof they are not cross-site, and callback names that are not identifiers', async () => {
    const alice = new Browser(server.siteUrl, 'alice');
    const { connection } = await alice.online();
    const noToken = await alice.get('/webim/presence', { callback: 'cb', show: 'away', ticket: connection.ticket });
    expect(noToken.text).toBe('/**/cb({"success":false,"error_msg":"invalid csrf token"});');
    const wrong = await alice.get('/webim/presence', { show: 'away', ticket: connection.ticket, csrf_token: 'x' });
    expect(wrong.status).toBe(403);
    // Same-origin XHR proves itself with X-Requested-With (a cross-site form or script tag cannot send it).
    const xhr = await fetch(
      `${server.siteUrl}/webim/presence?${new URLSearchParams({ show: 'away', ticket: connection.ticket })}`,
      { headers: { cookie: 'webim_uid=alice', 'x-requested-with': 'XMLHttpRequest' } },
    );
    expect(await xhr.json()).toBe('ok');
    for (const callback of ['alert(1)//', 'a b', '1abc', 'a..b', '<x>', 'x'.repeat(129)]) {
      const res = await alice.get('/webim/members', { callback, id: 'lobby' });
      expect(res.status, callback).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });
});

describe('channels (10)', () => {
  it('follows and unfollows, lists followed channels at login, and pushes forum posts to followers', async () => {
    const bob = await connected('bob');
    expect(bob.reply.channels).toEqual([]);
    const followed = await bob.browser.post('/webim/subscribe', { id: 'board-general', ticket: bob.ticket });
    expect(followed.json()).toEqual({ id: 'board-general', nick: 'General discussion', url: '/demo/index.html' });
    expect((await bob.browser.post('/webim/subscribe', { id: 'nope', ticket: bob.ticket })).status).toBe(404);
    const alice = await connected('alice');
    expect(alice.reply.channels).toEqual([
      { id: 'board-walks', nick: 'Saturday walks', url: '/demo/index.html#walks' },
    ]);

    const carol = new Browser(server.siteUrl, 'carol');
    const posted = await carol.post('/forum/post', { channel: 'board-general', title: 'Lost <cat>' });
    expect(posted.status).toBe(200);
    const post = await bob.ws.inbox.message('channel post', (m) => m.type === 'channel');
    expect(post).toMatchObject({
      type: 'channel',
      to: 'board-general',
      from: 'carol',
      body: 'Carol: Lost <cat>',
      link: '/demo/thread.html?post=1',
    });
    expect(alice.ws.inbox.messages.some((m) => m.type === 'channel')).toBe(false);

    // The author is not told about their own post; unfollowing stops the pushes.
    await bob.browser.post('/forum/post', { channel: 'board-general', title: 'Mine' });
    await bob.browser.post('/webim/unsubscribe', { id: 'board-general', ticket: bob.ticket });
    await carol.post('/forum/post', { channel: 'board-general', title: 'Second' });
    await carol.post('/forum/post', { channel: 'board-walks', title: 'Saturday at 9' });
    await alice.ws.inbox.message('walks post', (m) => m.body === 'Carol: Saturday at 9');
    expect(bob.ws.inbox.messages.filter((m) => m.type === 'channel').map((m) => m.body)).toEqual(['Carol: Lost <cat>']);
    expect((await bob.browser.online()).channels).toEqual([]);
  });

  it('refuses forum posts from nobody, without a title, or to an unknown channel', async () => {
    const visitorless = await fetch(`${server.siteUrl}/forum/post`, {
      method: 'POST',
      body: 'channel=board-general&title=x',
    });
    expect(visitorless.status).toBe(401);
    const carol = new Browser(server.siteUrl, 'carol');
    expect((await carol.post('/forum/post', { channel: 'board-general', title: ' ' })).status).toBe(400);
    expect((await carol.post('/forum/post', { channel: 'nowhere', title: 'x' })).status).toBe(404);
    expect((await carol.get('/forum/post', { channel: 'board-general', title: 'x' })).status).toBe(405);
  });
});
