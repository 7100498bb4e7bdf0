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

/**
 * Tickets the site keeps per user: one per login (a browser's tabs share one), so 32 covers a user's browsers and
 * devices many times over; a 33rd login ends the oldest.
 */
export const MAX_TICKETS_PER_USER = 32;

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
  /** Tickets handed out → the user they belong to (add with `addTicket`, at most `MAX_TICKETS_PER_USER` each). */
  readonly tickets = new Map<string, string>();
  readonly history = new History();
  /** Channels a user may follow: channel id → channel. */
  readonly channels = new Map<string, SiteChannel>();
  /** uid → ids of the channels the user follows. */
  readonly follows = new Map<string, Set<string>>();
  /** Posts made on the demo forum, newest last. */
  readonly posts: ForumPost[] = [];

  /** uid → their tickets, oldest first. */
  private readonly ticketsByUser = new Map<string, string[]>();
  /** Visitors the site keeps, least recently seen first (a Map keeps insertion order; `seen` moves one last). */
  private readonly visitors = new Map<string, true>();

  /** A known user (visitors only once the site made them: a forged `vid:` id is nobody). */
  user(id: string | undefined): SiteUser | undefined {
    return id ? this.users.get(id) : undefined;
  }

  /**
   * Makes a visitor with id `vid:<hex>`; null when the id is malformed. With `limit` visitors kept already, the
   * least recently seen one is forgotten first (with everything of theirs: see `forgetVisitor`), so a new visitor
   * always gets in and memory stays bounded however many visitors a script mints.
   */
  createVisitor(id: string, limit: number): SiteUser | null {
    if (!VISITOR.test(id)) return null;
    const known = this.users.get(id);
    if (known) {
      this.seen(known);
      return known;
    }
    while (this.visitors.size >= Math.max(1, limit)) {
      const idlest = this.visitors.keys().next().value;
      if (idlest === undefined) break;
      this.forgetVisitor(idlest);
    }
    this.visitors.set(id, true);
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

  /** A visitor made a request: they become the last to be forgotten. */
  seen(user: SiteUser): void {
    if (!user.visitor || !this.visitors.delete(user.id)) return;
    this.visitors.set(user.id, true);
  }

  /** How many visitors the site keeps now. */
  get visitorCount(): number {
    return this.visitors.size;
  }

  /**
   * Forgets a visitor for good (their id is random and never handed out again): the user, their tickets, room
   * memberships and invitations (a temporary room they leave empty goes, see `deleteRoom`), their chats and
   * events, settings, roster, follows, notices, and offline messages waiting for them or sent by them.
   */
  forgetVisitor(uid: string): void {
    if (!this.users.get(uid)?.visitor) return;
    this.visitors.delete(uid);
    this.users.delete(uid);
    for (const ticket of this.ticketsByUser.get(uid) ?? []) this.tickets.delete(ticket);
    this.ticketsByUser.delete(uid);
    for (const room of [...this.rooms.values()]) {
      room.invited.delete(uid);
      if (room.members.delete(uid) && room.temporary && room.members.size === 0) this.deleteRoom(room.id);
    }
    this.buddies.delete(uid);
    for (const roster of this.buddies.values()) roster.delete(uid);
    this.blocked.delete(uid);
    this.notices.delete(uid);
    this.settings.delete(uid);
    this.offline.delete(uid);
    for (const [to, list] of this.offline) {
      const kept = list.filter((item) => item.from !== uid);
      if (kept.length === 0) this.offline.delete(to);
      else if (kept.length !== list.length) this.offline.set(to, kept);
    }
    this.follows.delete(uid);
    this.history.forgetUser(uid);
  }

  /**
   * Deletes a room and everything keyed by its id: its history (and every user's cleared marker for it) and the
   * members' blocks of it. A room made later under the same id starts empty: the old members' talk is theirs.
   * (Room messages are never kept as offline messages, so none wait for anyone.)
   */
  deleteRoom(id: string): void {
    this.rooms.delete(id);
    for (const blocked of this.blocked.values()) blocked.delete(id);
    this.history.forget(new Set([`grpchat:${id}`]));
  }

  /**
   * Records a ticket handed to `uid`. A user keeps at most `MAX_TICKETS_PER_USER`: past it the oldest goes (the
   * site has no word from the message server when a ticket expires there, so without a cap every login would
   * stay here forever). Returns the tickets that went, for the caller to end at the message server.
   */
  addTicket(ticket: string, uid: string): string[] {
    let list = this.ticketsByUser.get(uid);
    if (!list) this.ticketsByUser.set(uid, (list = []));
    this.tickets.set(ticket, uid);
    list.push(ticket);
    const evicted = list.splice(0, Math.max(0, list.length - MAX_TICKETS_PER_USER));
    for (const old of evicted) this.tickets.delete(old);
    return evicted;
  }

  /** A ticket ended (`/webim/offline`). */
  dropTicket(ticket: string): void {
    const uid = this.tickets.get(ticket);
    if (uid === undefined) return;
    this.tickets.delete(ticket);
    const list = this.ticketsByUser.get(uid) ?? [];
    const i = list.indexOf(ticket);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.ticketsByUser.delete(uid);
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
    this.visitors.clear();
    this.ticketsByUser.clear();
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
