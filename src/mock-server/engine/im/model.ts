import type { WirePacket, WirePresence } from '../../../protocol/types';
import type { Timers } from '../timers';
import type { EngineDeps, ResolvedOptions } from '../types';
import { Faults } from './faults';
import { TicketHub, type Ticket } from './tickets';

/** A user with at least one live ticket, as the message server knows them. */
export interface ImUser extends PresenceRecord {
  /** Channels followed (extension: forum channel push). */
  channels: Set<string>;
  tickets: Set<Ticket>;
}

/** A presence the server reports without any connection behind it (the generated roster of `big`). */
export interface SimulatedPresence {
  nick: string;
  /** null = offline. */
  show: string | null;
  status: string;
}

export interface OnlineParams {
  name: string;
  nick: string;
  show?: string;
  status?: string;
  /** Whose presence this user follows: buddies, and the strangers and chatlink users its page shows. */
  buddies: string[];
  rooms: string[];
  channels?: string[];
}

const SHOWS = new Set(['available', 'away', 'chat', 'dnd', 'invisible']);

/** What both push implementations (the in-memory NexTalk server, the broker) keep of a signed-in user. */
export interface PresenceRecord {
  id: string;
  nick: string;
  show: string;
  status: string;
  buddies: Set<string>;
  rooms: Set<string>;
}

/**
 * A login's user record: created at the user's first login (with `extra`, what the implementation keeps besides),
 * else the existing one, renamed when the login brings a nick. `first` says which.
 */
export function signIn<R extends PresenceRecord>(
  records: Map<string, R>,
  login: { name: string; nick?: string; show?: string; status?: string },
  extra: () => Omit<R, keyof PresenceRecord>,
): { record: R; first: boolean } {
  const known = records.get(login.name);
  if (known) {
    if (login.nick) known.nick = login.nick;
    return { record: known, first: false };
  }
  const record = {
    id: login.name,
    nick: login.nick || login.name,
    show: normaliseShow(login.show) ?? 'available',
    status: login.status ?? '',
    buddies: new Set<string>(),
    rooms: new Set<string>(),
    ...extra(),
  } as R;
  records.set(login.name, record);
  return { record, first: true };
}

/** Maps wire shows onto the five a logged-in user can have (v3 `busy` → `dnd`, `hidden` → `invisible`). */
export function normaliseShow(show: string | undefined): string | undefined {
  if (!show) return undefined;
  const s = show.trim().toLowerCase();
  if (s === 'busy') return 'dnd';
  if (s === 'hidden') return 'invisible';
  return SHOWS.has(s) ? s : undefined;
}

/**
 * The message server: who is online on which tickets, room subscriptions, and presence fan-out. Routing of
 * messages and statuses lives in `router.ts`; the wire (REST, JSONP, WebSocket) in the sibling modules.
 */
export class ImModel {
  readonly users = new Map<string, ImUser>();
  /** Room id → online users subscribed to it (a member who blocked the room has left it here). */
  readonly rooms = new Map<string, Set<string>>();
  /** Channel id → online users following it. */
  readonly channels = new Map<string, Set<string>>();
  /**
   * User id → the online users who listed it in their `buddies`: they are told its presence changes. Kept as an
   * index so a stranger a page links to is followed one way (the stranger learns nothing of the watcher).
   */
  private readonly watchers = new Map<string, Set<string>>();
  readonly simulated = new Map<string, SimulatedPresence>();
  readonly hub: TicketHub;
  /**
   * `/mock/stall`: the next `count` polls are held unanswered (`hold`), dropped before the server answers (`drop`),
   * or answered with what was queued and the answer lost on the way (`lose`).
   */
  readonly stall = { count: 0, mode: 'hold' as 'hold' | 'drop' | 'lose' };
  /** `/mock/fault`: stalled or half-open push links, lost answers (the chaos suite). */
  readonly faults: Faults;
  /** Bumped by `reset()` so long-running jobs (storms) notice the world they worked on is gone. */
  epoch = 0;

  constructor(
    readonly opts: ResolvedOptions,
    private readonly deps: EngineDeps,
    readonly timers: Timers,
  ) {
    this.hub = new TicketHub(timers, deps.now, opts, (ticket) => this.ticketGone(ticket));
    this.faults = new Faults(timers);
  }

  now(): number {
    return this.deps.now();
  }

  /** `presences/online`: a new ticket; the user's first one announces them to buddies and rooms. */
  online(p: OnlineParams): { ticket: Ticket; presences: Record<string, string> } {
    const { record: user, first } = signIn(this.users, p, () => ({ channels: new Set(), tickets: new Set() }));
    this.watch(user, p.buddies);
    for (const channel of p.channels ?? []) this.follow(user, channel);
    const ticket = this.hub.create(this.deps.randomHex(16), user.id);
    user.tickets.add(ticket);
    const newRooms = p.rooms.filter((room) => !user.rooms.has(room));
    for (const room of newRooms) this.subscribe(user.id, room);
    if (first) {
      if (this.visible(user)) {
        this.toBuddies(user, this.presence(user, 'online'));
        for (const room of newRooms) this.toRoom(room, user.id, this.presence(user, 'grponline', room));
      }
    } else {
      if (this.visible(user))
        for (const room of newRooms) this.toRoom(room, user.id, this.presence(user, 'grponline', room));
      const show = normaliseShow(p.show);
      if (show && show !== user.show) this.setShow(user, show, p.status);
    }
    return { ticket, presences: this.presencesOf([...user.buddies]) };
  }

  /** `presences/offline`: the ticket ends at once. */
  offline(ticket: Ticket): void {
    this.hub.end(ticket);
    this.ticketGone(ticket);
  }

  /** `presences/show`: `show` to buddies; going invisible looks like going offline, and coming back like online. */
  setShow(user: ImUser, show: string, status?: string, nick?: string): void {
    const was = this.visible(user);
    user.show = show;
    if (status !== undefined) user.status = status;
    if (nick) user.nick = nick;
    const now = this.visible(user);
    if (was && !now) this.announce(user, 'offline', 'grpoffline');
    else if (!was && now) this.announce(user, 'online', 'grponline');
    else if (now) this.toBuddies(user, this.presence(user, 'show'));
  }

  /** id → show for those ids that are visibly online (invisible users look offline). */
  presencesOf(ids: Iterable<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of ids) {
      const show = this.visibleShow(id);
      if (show) out[id] = show;
    }
    return out;
  }

  visibleShow(id: string): string | null {
    const user = this.users.get(id);
    if (user) return this.visible(user) ? user.show : null;
    return this.simulated.get(id)?.show ?? null;
  }

  /** Visibly online subscribers of a room: id → show. */
  roomMembers(room: string): Record<string, string> {
    return this.presencesOf(this.rooms.get(room) ?? []);
  }

  /** `rooms/{id}/join`: `join` to the room unless `silent` (an unblock is no membership change). */
  join(user: ImUser, room: string, silent: boolean): void {
    if (user.rooms.has(room)) return;
    this.subscribe(user.id, room);
    if (!silent && this.visible(user)) this.toRoom(room, user.id, this.presence(user, 'join', room));
  }

  leave(user: ImUser, room: string, silent: boolean): void {
    if (!user.rooms.has(room)) return;
    if (!silent && this.visible(user)) this.toRoom(room, user.id, this.presence(user, 'leave', room));
    this.unsubscribe(user.id, room);
  }

  /** `channels/{id}/subscribe`: the user's tickets get the channel's posts. */
  follow(user: ImUser, channel: string): void {
    user.channels.add(channel);
    let followers = this.channels.get(channel);
    if (!followers) this.channels.set(channel, (followers = new Set()));
    followers.add(user.id);
  }

  unfollow(user: ImUser, channel: string): void {
    user.channels.delete(channel);
    const followers = this.channels.get(channel);
    followers?.delete(user.id);
    if (followers?.size === 0) this.channels.delete(channel);
  }

  /** A post to every follower of `channel` but `except`; returns how many users it reached. */
  publish(channel: string, packet: WirePacket, except?: string): number {
    let n = 0;
    for (const id of this.channels.get(channel) ?? []) if (id !== except && this.deliverToUser(id, packet)) n++;
    return n;
  }

  userOf(ticket: Ticket): ImUser | undefined {
    return this.users.get(ticket.userId);
  }

  /** Every ticket of `userId` but `except`. */
  deliverToUser(userId: string, packet: WirePacket, except?: Ticket): number {
    const user = this.users.get(userId);
    if (!user) return 0;
    let n = 0;
    for (const ticket of user.tickets) {
      if (ticket === except) continue;
      this.hub.push(ticket, packet);
      n++;
    }
    return n;
  }

  /** Ends every ticket and forgets all state (`/mock/reset`). */
  reset(): void {
    for (const ticket of this.hub.all()) this.hub.end(ticket);
    this.users.clear();
    this.rooms.clear();
    this.channels.clear();
    this.watchers.clear();
    this.simulated.clear();
    this.stall.count = 0;
    this.faults.reset();
    this.epoch++;
  }

  private visible(user: ImUser): boolean {
    return user.show !== 'invisible';
  }

  private presence(user: ImUser, type: string, room?: string): WirePresence {
    const offline = type === 'offline' || type === 'grpoffline';
    const p: WirePresence = { type, from: user.id, nick: user.nick, show: offline ? 'unavailable' : user.show };
    if (!offline && user.status) p.status = user.status;
    if (room !== undefined) p.to = room;
    return p;
  }

  private announce(user: ImUser, buddyType: 'online' | 'offline', roomType: 'grponline' | 'grpoffline'): void {
    this.toBuddies(user, this.presence(user, buddyType));
    for (const room of user.rooms) this.toRoom(room, user.id, this.presence(user, roomType, room));
  }

  /** Everyone online who follows `user`'s presence (listed it in their `buddies`). */
  private toBuddies(user: ImUser, presence: WirePresence): void {
    const packet: WirePacket = { status: 'ok', presences: [presence] };
    for (const id of this.watchers.get(user.id) ?? []) if (this.users.has(id)) this.deliverToUser(id, packet);
  }

  /** Replaces the ids whose presence `user` follows, keeping the reverse index current. */
  private watch(user: ImUser, ids: readonly string[]): void {
    for (const id of user.buddies) {
      const set = this.watchers.get(id);
      set?.delete(user.id);
      if (set?.size === 0) this.watchers.delete(id);
    }
    user.buddies = new Set(ids.filter((id) => id !== user.id));
    for (const id of user.buddies) {
      let set = this.watchers.get(id);
      if (!set) this.watchers.set(id, (set = new Set()));
      set.add(user.id);
    }
  }

  private toRoom(room: string, except: string, presence: WirePresence): void {
    const packet: WirePacket = { status: 'ok', presences: [presence] };
    for (const id of this.rooms.get(room) ?? []) if (id !== except) this.deliverToUser(id, packet);
  }

  private subscribe(userId: string, room: string): void {
    this.users.get(userId)?.rooms.add(room);
    let members = this.rooms.get(room);
    if (!members) this.rooms.set(room, (members = new Set()));
    members.add(userId);
  }

  private unsubscribe(userId: string, room: string): void {
    this.users.get(userId)?.rooms.delete(room);
    const members = this.rooms.get(room);
    members?.delete(userId);
    if (members?.size === 0) this.rooms.delete(room);
  }

  /** A ticket ended (expired or logged off): the user's last one takes them offline. */
  private ticketGone(ticket: Ticket): void {
    const user = this.users.get(ticket.userId);
    if (!user || !user.tickets.delete(ticket) || user.tickets.size > 0) return;
    if (this.visible(user)) this.announce(user, 'offline', 'grpoffline');
    for (const room of [...user.rooms]) this.unsubscribe(user.id, room);
    for (const channel of [...user.channels]) this.unfollow(user, channel);
    this.watch(user, []);
    this.users.delete(user.id);
  }
}
