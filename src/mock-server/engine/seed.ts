import type { ImModel } from './im/model';
import type { SiteData } from './site/data';
import { logKey, type LogItem } from './site/history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Id of the i-th generated buddy of `big` (1-based): u00001 … u10000. */
export function generatedId(i: number): string {
  return `u${String(i).padStart(5, '0')}`;
}

/** Deterministic: exactly 30 of every 100 consecutive generated users are online (37 is coprime to 100). */
function simulatedShow(i: number): string | null {
  if ((i * 37) % 100 >= 30) return null;
  return i % 10 === 0 ? 'away' : i % 10 === 5 ? 'dnd' : 'available';
}

function seedPeople(site: SiteData): void {
  const people: Array<[string, string, string, boolean]> = [
    ['alice', 'Alice', 'Hacking on webim', true],
    ['bob', 'Bob', 'In a meeting until 3', true],
    ['carol', 'Carol', 'Happy to chat', true],
    ['dave', 'Dave', 'Deploying…', false],
    ['erin', 'Erin', 'New here', false],
  ];
  for (const [id, nick, status, hasAvatar] of people) {
    site.addUser({
      id,
      nick,
      status,
      url: `/demo/?profile=${id}`,
      ...(hasAvatar ? { avatar: `/demo/avatars/${id}.svg` } : {}),
    });
  }
  site.befriend('alice', 'friend', 'bob', 'friend');
  site.befriend('alice', 'friend', 'carol', 'friend');
  site.befriend('bob', 'work', 'carol', 'work');
  site.befriend('bob', 'work', 'dave', 'work');
  site.rooms.set('lobby', {
    id: 'lobby',
    nick: 'Lobby',
    url: '/demo/?room=lobby',
    avatar: '/demo/avatars/lobby.svg',
    members: new Set(['alice', 'bob', 'carol']),
    temporary: false,
    access: 'public',
    invited: new Set(),
  });
  site.rooms.set('dev', {
    id: 'dev',
    nick: 'Developers',
    url: '/demo/?room=dev',
    members: new Set(['bob', 'dave']),
    temporary: false,
    access: 'public',
    invited: new Set(),
  });
  // Invite-only: nobody else learns it exists; carol holds an invitation, so she (only) may join.
  site.rooms.set('staff', {
    id: 'staff',
    nick: 'Staff room',
    url: '/demo/?room=staff',
    members: new Set(['bob', 'dave']),
    temporary: false,
    access: 'invite',
    invited: new Set(['carol']),
  });
  // The site's administrator: the only user who may broadcast (the demo's admin page logs in as them).
  site.addUser({
    id: 'admin',
    nick: 'Riverside Admin',
    status: 'Keeping the lights on',
    url: '/demo/?profile=admin',
    admin: true,
  });
}

function seedBig(site: SiteData, size: number): void {
  site.addUser({
    id: 'big',
    nick: 'Big Roster',
    status: `${size} buddies`,
    url: '/demo/?profile=big',
    avatar: '/demo/avatars/big.svg',
  });
  const roster = site.rosterOf('big');
  const perGroup = Math.max(1, Math.ceil(size / 10));
  for (let i = 1; i <= size; i++) {
    const id = generatedId(i);
    site.addUser({ id, nick: `User ${id.slice(1)}`, status: i % 7 === 0 ? 'Busy' : '', url: `/demo/?profile=${id}` });
    roster.set(id, `Group ${String(Math.floor((i - 1) / perGroup) + 1).padStart(2, '0')}`);
    site.rosterOf(id).set('big', 'friend');
  }
}

function seedHistory(site: SiteData, now: number, siteUrl: string): void {
  const chat: Array<[string, string, string]> = [
    ['alice', 'bob', 'Hi Bob!'],
    ['bob', 'alice', 'Hey Alice, how is the toolbar going?'],
    ['alice', 'bob', 'Presence works; history paging next.'],
    ['bob', 'alice', 'Nice. Ping me when it is ready.'],
    ['alice', 'bob', 'Will do.'],
    ['bob', 'alice', 'See you in the lobby.'],
  ];
  const nicks: Record<string, string> = { alice: 'Alice', bob: 'Bob', carol: 'Carol', dave: 'Dave' };
  chat.forEach(([from, to, body], i) => {
    const item: LogItem = {
      type: 'chat',
      from,
      to,
      nick: nicks[from],
      to_nick: nicks[to],
      body,
      timestamp: now - 3 * HOUR + i * 5 * MINUTE,
    };
    site.history.add(logKey('chat', from, to), item);
  });
  const lobby: Array<[string, string]> = [
    ['carol', 'Morning all'],
    ['alice', 'Morning Carol'],
    ['bob', 'Stand-up in five'],
    ['carol', 'On my way'],
  ];
  lobby.forEach(([from, body], i) => {
    const item: LogItem = {
      type: 'grpchat',
      from,
      to: 'lobby',
      nick: nicks[from],
      body,
      timestamp: now - 2 * HOUR + i * 3 * MINUTE,
    };
    site.history.add(logKey('grpchat', from, 'lobby'), item);
  });
  site.history.add(logKey('grpchat', 'dave', 'dev'), {
    type: 'grpchat',
    from: 'dave',
    to: 'dev',
    nick: 'Dave',
    body: 'Build is green',
    timestamp: now - HOUR,
  });
  // The original client's markup for a picture and a file (issue 16): a click-to-load picture and a file link.
  site.history.add(logKey('grpchat', 'bob', 'dev'), {
    type: 'grpchat',
    from: 'bob',
    to: 'dev',
    nick: 'Bob',
    body: `Photo from Saturday's walk: ![The river at dawn](${siteUrl}/demo/images/river.svg) — route: [walk-route.txt](${siteUrl}/demo/files/walk-route.txt)`,
    timestamp: now - HOUR + 2 * MINUTE,
  });
}

function seedNotices(site: SiteData, now: number): void {
  const notes: Record<string, Array<[string, string | undefined]>> = {
    alice: [
      ['Bob commented on your post', '/demo/?post=1'],
      ['Carol liked your photo', '/demo/?photo=7'],
      ['Welcome to the demo site', undefined],
    ],
    bob: [
      ['Alice mentioned you in Lobby', '/demo/?room=lobby'],
      ['Weekly digest is ready', '/demo/?digest=1'],
    ],
    carol: [['Alice sent you a friend request', '/demo/?profile=alice']],
    dave: [
      ['Your build finished', '/demo/?build=42'],
      ['Bob invited you to Developers', '/demo/?room=dev'],
    ],
    erin: [['Welcome, Erin! Complete your profile', '/demo/?profile=erin']],
  };
  for (const [uid, list] of Object.entries(notes)) {
    site.notices.set(
      uid,
      list.map(([text, link], i) => ({ text, ...(link ? { link } : {}), time: now - (i + 1) * HOUR })),
    );
  }
}

/** The forum's boards and its welcome thread: channels a user can follow (alice follows the walks board). */
function seedChannels(site: SiteData): void {
  const channels: Array<[string, string, string]> = [
    ['board-general', 'General discussion', '/demo/index.html'],
    ['board-walks', 'Saturday walks', '/demo/index.html#walks'],
    ['board-market', 'Market', '/demo/index.html#market'],
    ['thread-1', 'Welcome to Riverside', '/demo/thread.html'],
  ];
  for (const [id, nick, url] of channels) site.channels.set(id, { id, nick, url });
  site.followsOf('alice').add('board-walks');
}

/** Fresh seed data for both sides: the site's database and the message server's simulated presences. */
export function seed(site: SiteData, im: ImModel, now: number, bigRoster: number, siteUrl: string): void {
  site.clear();
  seedPeople(site);
  seedBig(site, bigRoster);
  seedHistory(site, now, siteUrl);
  site.history.markBaseline();
  seedNotices(site, now);
  seedChannels(site);
  seedMessageServer(im, bigRoster);
}

/** The message server's simulated presences (also after a restart over a kept database). */
export function seedMessageServer(im: ImModel, bigRoster: number): void {
  im.simulated.clear();
  for (let i = 1; i <= bigRoster; i++) {
    const id = generatedId(i);
    im.simulated.set(id, { nick: `User ${id.slice(1)}`, show: simulatedShow(i), status: i % 7 === 0 ? 'Busy' : '' });
  }
}
