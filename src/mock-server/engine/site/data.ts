import { History, type LogItem } from './history';

export interface SiteUser {
  id: string;
  nick: string;
  /** Site-relative URL of the avatar, when the user has one. */
  avatar?: string;
  url: string;
  status: string;
  /** Last show the user chose; used when `online` does not say. */
  show: string;
  visitor: boolean;
  /** The site's own administrators: the only users who may broadcast (and send notifications). */
  admin?: boolean;
}

/** Who may join a room: anyone (`public`), or only users it invited (`invite`). */
export type RoomAccess = 'public' | 'invite';

export interface SiteRoom {
  id: string;
  nick: string;
  avatar?: string;
  url: string;
  members: Set<string>;
  temporary: boolean;
  access: RoomAccess;
  /** Users invited and not yet joined (an invitation is used up by joining). */
  invited: Set<string>;
}

/** Something a user can follow for real-time posts: a forum board or thread (white paper: channel push). */
export interface SiteChannel {
  id: string;
  nick: string;
  /** Site-relative URL of the board or thread. */
  url: string;
}

/** A post on the demo forum: what a board's followers are told about. */
export interface ForumPost {
  id: number;
  channel: string;
  author: string;
  title: string;
  time: number;
}

export interface Notice {
  text: string;
  link?: string;
  time: number;
}

const VISITOR = /^vid:[0-9a-f]{8,64}$/;

export const DEFAULT_AVATAR = '/demo/avatars/default.svg';

/** The community site's database: users, friendships, rooms, settings, notices, history, offline messages. */
export class SiteData {
  readonly users = new Map<string, SiteUser>();
  /** uid → buddy id → group. */
  readonly buddies = new Map<string, Map<string, string>>();
  readonly rooms = new Map<string, SiteRoom>();
  readonly blocked = new Map<string, Set<string>>();
  readonly notices = new Map<string, Notice[]>();
  readonly settings = new Map<string, Record<string, unknown>>();
  /** Stored for the receiver's next `online`. */
  readonly offline = new Map<string, LogItem[]>();
  /** Tickets handed out → the user they belong to. */
  readonly tickets = new Map<string, string>();
  readonly history = new History();
  /** Channels a user may follow: channel id → channel. */
  readonly channels = new Map<string, SiteChannel>();
  /** uid → ids of the channels the user follows. */
  readonly follows = new Map<string, Set<string>>();
  /** Posts made on the demo forum, newest last. */
  readonly posts: ForumPost[] = [];

  /** Visitors alive now, for the cap on how many the site keeps. */
  private visitors = 0;

  /** A known user (visitors only once the site made them: a forged `vid:` id is nobody). */
  user(id: string | undefined): SiteUser | undefined {
    return id ? this.users.get(id) : undefined;
  }

  /** Makes a visitor with id `vid:<hex>`; null when the id is malformed or `limit` visitors exist already. */
  createVisitor(id: string, limit: number): SiteUser | null {
    if (!VISITOR.test(id)) return null;
    const known = this.users.get(id);
    if (known) return known;
    if (this.visitors >= limit) return null;
    this.visitors++;
    const visitor: SiteUser = {
      id,
      nick: `Visitor ${id.slice(4, 8)}`,
      url: '',
      status: '',
      show: 'available',
      visitor: true,
    };
    this.users.set(id, visitor);
    return visitor;
  }

  addUser(user: Omit<SiteUser, 'visitor' | 'show'> & { show?: string }): void {
    this.users.set(user.id, { show: 'available', visitor: false, ...user });
  }

  /** Makes `a` and `b` buddies in the given groups (each side has its own group for the other). */
  befriend(a: string, groupOfB: string, b: string, groupOfA: string): void {
    this.rosterOf(a).set(b, groupOfB);
    this.rosterOf(b).set(a, groupOfA);
  }

  rosterOf(uid: string): Map<string, string> {
    let roster = this.buddies.get(uid);
    if (!roster) this.buddies.set(uid, (roster = new Map()));
    return roster;
  }

  roomsOf(uid: string): SiteRoom[] {
    return [...this.rooms.values()].filter((room) => room.members.has(uid));
  }

  blockedOf(uid: string): Set<string> {
    let set = this.blocked.get(uid);
    if (!set) this.blocked.set(uid, (set = new Set()));
    return set;
  }

  followsOf(uid: string): Set<string> {
    let set = this.follows.get(uid);
    if (!set) this.follows.set(uid, (set = new Set()));
    return set;
  }

  /** Offline messages from `from` waiting for `to`, and their body characters. */
  offlineFrom(to: string, from: string): { messages: number; characters: number } {
    let messages = 0;
    let characters = 0;
    for (const item of this.offline.get(to) ?? []) {
      if (item.from !== from) continue;
      messages++;
      characters += item.body.length;
    }
    return { messages, characters };
  }

  storeOffline(uid: string, item: LogItem): void {
    let list = this.offline.get(uid);
    if (!list) this.offline.set(uid, (list = []));
    list.push(item);
  }

  /** Offline messages, handed out once. */
  takeOffline(uid: string): LogItem[] {
    const list = this.offline.get(uid) ?? [];
    this.offline.delete(uid);
    return list;
  }

  clear(): void {
    this.visitors = 0;
    this.users.clear();
    this.buddies.clear();
    this.rooms.clear();
    this.blocked.clear();
    this.notices.clear();
    this.settings.clear();
    this.offline.clear();
    this.tickets.clear();
    this.history.reset();
    this.channels.clear();
    this.follows.clear();
    this.posts.length = 0;
  }
}
