import { broadcastTopic, channelTopic, parseTopic, roomTopic, userTopic } from '../../../protocol/topics';
import type { WireMessage, WirePacket, WirePresence } from '../../../protocol/types';
import { HttpError } from '../http';
import { normaliseShow, type PresenceRecord, signIn, type SimulatedPresence } from '../im/model';
import { normaliseType, wireType } from '../im/router';
import type { PushOnline, PushPort } from '../site/push-port';
import type { Timers } from '../timers';
import type { Cancel, ResolvedOptions } from '../types';

/** How the site reaches a broker: publish as the site account, and hear the presence topics. */
export interface BrokerLink {
  /** QoS 1, not retained (PROTOCOL.md). */
  publish(topic: string, payload: string): void;
  /** Every message on `/domain/+/presence/+` (the link subscribes it). */
  onPresence(listener: (topic: string, payload: string) => void): void;
  /** MQTT clients connected to the broker now, when the link can tell (the embedded broker can). */
  clientCount?(): number;
  /**
   * Ends `user`'s existing subscriptions to `topic` (membership revoked), when the broker lets the site do it.
   * Brokers check reads at SUBSCRIBE only; without this, a left room stays readable until the next reconnect.
   */
  revoke?(user: string, topic: string): void;
  /**
   * Closes the connections of `user` (or every browser's), or only those that logged in with `ticket`, when the
   * link can: a session or ticket that ends takes its connections along (NexTalk closes its socket with 4404), and
   * the test control `/mock/drop`.
   */
  drop?(user?: string, ticket?: string): number;
  /**
   * The broker asks the site's HTTP auth backend (`/mqtt/auth/*`, RabbitMQ's `rabbitmq_auth_backend_http`): an
   * external broker. The embedded one asks the ACL in-process, and the site then serves no such endpoint.
   */
  authOverHttp?: boolean;
  close(): Promise<void>;
}

export interface BrokerPushDeps {
  opts: ResolvedOptions;
  link: BrokerLink;
  timers: Timers;
  randomHex(bytes: number): string;
  now(): number;
  /** WebSocket URLs of the broker's nodes, in the order browsers should try them. */
  urls: string[];
  keepalive?: number;
  /** Presences without a connection behind them (the generated roster of `big`). */
  simulated: ReadonlyMap<string, SimulatedPresence>;
}

/** A user the site has logged in at the broker. */
interface Session extends PresenceRecord {
  tickets: Set<string>;
  /** MQTT client ids connected now (from the presence topic). */
  clients: Set<string>;
  /** Runs out the grace period while nothing is connected. */
  grace?: Cancel;
}

const OK_STATUS = 'ok';

/**
 * Connections counted per user. An external broker cannot tell the site which connection published a signal, so
 * its `client` is the browser's word: the cap keeps made-up ids from growing without bound. (The embedded broker
 * writes the connection's own id into every signal and reports a connection that closed without a will.)
 */
export const MAX_CLIENTS_PER_USER = 16;

/**
 * The push port in broker mode: the site publishes every packet to the receivers' MQTT topics and learns who is
 * connected from the presence topic (the clients' announcements and wills), counting connections per user with the
 * same grace period as the in-memory server — a user goes offline only after the last connection has been gone
 * `grace` ms, and a fresh login that never connects expires the same way (after `subscribeTimeout` more). Tickets
 * die with their user's session.
 */
export class BrokerPush implements PushPort {
  private readonly sessions = new Map<string, Session>();
  private readonly tickets = new Map<string, string>();
  private readonly domain: string;

  constructor(private readonly deps: BrokerPushDeps) {
    this.domain = deps.opts.domain;
    deps.link.onPresence((topic, payload) => this.presenceSignal(topic, payload));
  }

  /** The user a live ticket belongs to (the broker's auth hook asks). */
  ticketUser(ticket: string): string | undefined {
    return this.tickets.get(ticket);
  }

  /** Connected MQTT clients per user (test state). */
  connections(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const session of this.sessions.values()) out[session.id] = session.clients.size;
    return out;
  }

  /** Whether the site counts this MQTT client of `user` as connected. */
  isConnected(user: string, clientId: string): boolean {
    return !!this.sessions.get(user)?.clients.has(clientId);
  }

  /** Forgets every session (test reset); browsers' next connect is refused and they log in again. */
  reset(): void {
    for (const session of this.sessions.values()) session.grace?.();
    this.sessions.clear();
    this.tickets.clear();
  }

  async online(p: Parameters<PushPort['online']>[0]): Promise<PushOnline> {
    const { record: session, first } = signIn(this.sessions, p, () => ({ tickets: new Set(), clients: new Set() }));
    session.buddies = new Set(p.buddies.filter((id) => id !== p.name));
    const ticket = this.deps.randomHex(16);
    session.tickets.add(ticket);
    this.tickets.set(ticket, session.id);
    const newRooms = p.rooms.filter((room) => !session.rooms.has(room));
    for (const room of newRooms) session.rooms.add(room);
    if (first) {
      if (this.visible(session)) this.announce(session, 'online', 'grponline', newRooms);
    } else {
      if (this.visible(session)) for (const room of newRooms) this.toRoom(room, session, 'grponline');
      const show = normaliseShow(p.show);
      if (show && show !== session.show) this.setShow(session, show, p.status);
    }
    // A login that never connects runs out like a connection that left, after the time a browser may take to make
    // its first connection (as a fresh NexTalk ticket gets).
    if (!session.clients.size) this.startGrace(session, this.deps.opts.subscribeTimeout + this.deps.opts.grace);
    return {
      ticket,
      server: '',
      jsonpd: '',
      websocket: '',
      mqtt: {
        urls: [...this.deps.urls],
        username: session.id,
        password: ticket,
        ...(this.deps.keepalive ? { keepalive: this.deps.keepalive } : {}),
      },
      presences: this.presencesOf(session.buddies),
    };
  }

  async offline(ticket: string): Promise<void> {
    const session = this.sessionOf(ticket);
    this.tickets.delete(ticket);
    session.tickets.delete(ticket);
    if (!session.tickets.size) return this.end(session);
    // The user's other browsers stay; the connection that logged out with this ticket goes.
    this.deps.link.drop?.(session.id, ticket);
  }

  async refresh(ticket: string): Promise<void> {
    // The grace period starts when the page's connection goes (its will), which is all a reload needs.
    this.sessionOf(ticket);
  }

  async show(ticket: string, show: string, status: string | undefined, nick: string): Promise<void> {
    const normalised = normaliseShow(show);
    if (!normalised) throw new HttpError(400, 'bad show');
    this.setShow(this.sessionOf(ticket), normalised, status, nick);
  }

  async presences(ids: string[]): Promise<Record<string, string>> {
    return this.presencesOf(ids);
  }

  async message(fields: Record<string, string | undefined>): Promise<{ offline: boolean }> {
    const kind = normaliseType(fields.type);
    if (!kind) throw new HttpError(400, 'bad type');
    const to = fields.to;
    if (!to || fields.body === undefined) throw new HttpError(400, 'bad request');
    let from = fields.from;
    let nick = fields.nick;
    if (fields.ticket) {
      const session = this.sessionOf(fields.ticket);
      from = session.id;
      nick ||= session.nick;
    }
    if (!from) throw new HttpError(400, 'missing from');
    const ts = Number(fields.timestamp);
    const message: WireMessage = {
      type: wireType(kind, this.deps.opts.generation),
      from,
      to,
      nick: nick || from,
      body: fields.body,
      timestamp: Number.isFinite(ts) && ts > 0 ? ts : this.deps.now(),
    };
    if (fields.style) message.style = fields.style;
    if (fields.to_nick) message.to_nick = fields.to_nick;
    if (fields.client_id) message.client_id = fields.client_id;
    // The site's message id (when it assigns one) travels with the push.
    if (fields.id && /^\d{1,15}$/.test(fields.id)) (message as WireMessage & { id?: number }).id = Number(fields.id);
    const packet: WirePacket = { status: OK_STATUS, messages: [message] };
    if (kind === 'grpchat') this.send(roomTopic(this.domain, to), packet);
    else if (kind === 'broadcast') this.send(broadcastTopic(this.domain), packet);
    else {
      this.toUser(to, packet);
      // The sender's other tabs and browsers (the sending tab knows it by its client id).
      if (to !== from) this.toUser(from, packet);
      return { offline: to !== from && !this.sessions.has(to) };
    }
    return { offline: false };
  }

  async status(ticket: string, to: string, nick: string, show: string): Promise<void> {
    const session = this.sessionOf(ticket);
    this.toUser(to, {
      status: OK_STATUS,
      statuses: [{ from: session.id, to, nick: nick || session.nick, show }],
    });
  }

  async members(room: string, ticket?: string): Promise<Record<string, string>> {
    if (ticket) this.sessionOf(ticket);
    const out: Record<string, string> = {};
    for (const session of this.sessions.values())
      if (session.rooms.has(room) && this.visible(session)) out[session.id] = session.show;
    return out;
  }

  async join(room: string, ticket: string, nick: string, silent = false): Promise<void> {
    const session = this.sessionOf(ticket);
    if (session.rooms.has(room)) return;
    session.rooms.add(room);
    if (nick) session.nick = nick;
    if (!silent && this.visible(session)) this.toRoom(room, session, 'join');
  }

  async leave(room: string, ticket: string, nick: string, silent = false): Promise<void> {
    const session = this.sessionOf(ticket);
    if (!session.rooms.has(room)) return;
    if (nick) session.nick = nick;
    if (!silent && this.visible(session)) this.toRoom(room, session, 'leave');
    session.rooms.delete(room);
    // Left or blocked: the room's pushes stop here, whatever the browser does about its subscription.
    this.deps.link.revoke?.(session.id, roomTopic(this.domain, room));
  }

  /**
   * A message on a presence topic: `{show: "available"|"unavailable", client}`. Only the topic names the user
   * (the broker lets a user write no presence topic but its own), and only that user's own connections are
   * counted, so nobody can make another user look offline. Anything else is ignored.
   */
  private presenceSignal(topic: string, payload: string): void {
    const address = parseTopic(topic);
    if (address?.kind !== 'presence' || address.domain !== this.domain) return;
    let signal: unknown;
    try {
      signal = JSON.parse(payload);
    } catch {
      return;
    }
    const { show, client } = (signal ?? {}) as { show?: unknown; client?: unknown };
    if (typeof client !== 'string' || client.length > 64) return;
    const session = this.sessions.get(address.id);
    if (!session) return;
    if (show === 'available') {
      if (!session.clients.has(client) && session.clients.size >= MAX_CLIENTS_PER_USER) return;
      session.clients.add(client);
      session.grace?.();
      session.grace = undefined;
    } else if (show === 'unavailable' && session.clients.delete(client) && !session.clients.size) {
      this.startGrace(session);
    }
  }

  private startGrace(session: Session, ms = this.deps.opts.grace): void {
    session.grace?.();
    session.grace = this.deps.timers.once(() => this.end(session), ms);
  }

  /**
   * The session is over: its tickets die, its connections are closed (a broker checks a login once, at CONNECT:
   * one left open would go on hearing the user's pushes) and its buddies and rooms see it go.
   */
  private end(session: Session): void {
    if (this.sessions.get(session.id) !== session) return;
    session.grace?.();
    this.sessions.delete(session.id);
    for (const ticket of session.tickets) this.tickets.delete(ticket);
    this.deps.link.drop?.(session.id);
    if (this.visible(session)) this.announce(session, 'offline', 'grpoffline', [...session.rooms]);
  }

  private sessionOf(ticket: string): Session {
    const user = this.tickets.get(ticket);
    const session = user === undefined ? undefined : this.sessions.get(user);
    if (!session) throw new HttpError(404, 'invalid ticket');
    return session;
  }

  private visible(session: Session): boolean {
    return session.show !== 'invisible';
  }

  private presencesOf(ids: Iterable<string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of ids) {
      const session = this.sessions.get(id);
      const show = session ? (this.visible(session) ? session.show : null) : this.deps.simulated.get(id)?.show;
      if (show) out[id] = show;
    }
    return out;
  }

  private setShow(session: Session, show: string, status?: string, nick?: string): void {
    const was = this.visible(session);
    session.show = show;
    if (status !== undefined) session.status = status;
    if (nick) session.nick = nick;
    const now = this.visible(session);
    if (was && !now) this.announce(session, 'offline', 'grpoffline', [...session.rooms]);
    else if (!was && now) this.announce(session, 'online', 'grponline', [...session.rooms]);
    else if (now) this.toBuddies(session, this.presence(session, 'show'));
  }

  private presence(session: Session, type: string, room?: string): WirePresence {
    const offline = type === 'offline' || type === 'grpoffline';
    const p: WirePresence = {
      type,
      from: session.id,
      nick: session.nick,
      show: offline ? 'unavailable' : session.show,
    };
    if (!offline && session.status) p.status = session.status;
    if (room !== undefined) p.to = room;
    return p;
  }

  private announce(session: Session, buddyType: string, roomType: string, rooms: string[]): void {
    this.toBuddies(session, this.presence(session, buddyType));
    for (const room of rooms) this.toRoom(room, session, roomType);
  }

  /** Buddies who are logged in. */
  private toBuddies(session: Session, presence: WirePresence): void {
    for (const id of session.buddies) this.toUser(id, { status: OK_STATUS, presences: [presence] });
  }

  /**
   * A user's own topic, while the user is logged in: nobody else may listen there, and a connection that outlived
   * its session (a broker that cannot close it) hears nothing private.
   */
  private toUser(id: string, packet: WirePacket): void {
    if (this.sessions.has(id)) this.send(userTopic(this.domain, id), packet);
  }

  /** A room's topic: every member listening hears it (the one it is about ignores its own presence). */
  private toRoom(room: string, session: Session, type: string): void {
    this.send(roomTopic(this.domain, room), { status: OK_STATUS, presences: [this.presence(session, type, room)] });
  }

  /**
   * Broker mode: following is the browser's subscription to the channel's service topic, which the broker's ACL
   * allows for the channels the site lists as followed. Unfollowing ends the user's subscriptions there (as
   * leaving a room does), whatever the browser does about them.
   */
  async follow(channel: string, ticket: string, follow: boolean): Promise<void> {
    const session = this.sessionOf(ticket);
    if (!follow) this.deps.link.revoke?.(session.id, channelTopic(this.domain, channel));
  }

  /** A post to the channel's service topic `/domain/{d}/sid/{channel}` (every follower subscribed there hears it). */
  async publish(
    channel: string,
    post: { from: string; nick: string; body: string; link?: string; timestamp: number },
  ): Promise<void> {
    const message: WireMessage = {
      type: 'channel',
      from: post.from,
      to: channel,
      nick: post.nick,
      body: post.body,
      timestamp: post.timestamp,
    };
    if (post.link) message.link = post.link;
    this.send(channelTopic(this.domain, channel), { status: OK_STATUS, messages: [message] });
  }

  private send(topic: string, packet: WirePacket): void {
    this.deps.link.publish(topic, JSON.stringify(packet));
  }
}
