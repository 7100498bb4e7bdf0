import {
  broadcastTopic,
  channelTopic,
  parseTopic,
  presenceTopic,
  roomTopic,
  userTopic,
  type TopicAddress,
} from '../../../protocol/topics';
import { safeEqual } from '../hmac';
import type { SiteData } from '../site/data';
import { mayReadRoom } from '../site/guard';

/** The community site's own broker account: it publishes everywhere and reads every presence topic. */
export interface SiteAccount {
  username: string;
  password: string;
}

export interface BrokerAccessDeps {
  data: SiteData;
  domain: string;
  account: SiteAccount;
  /** The user a live push ticket belongs to (undefined: unknown or dead). */
  ticketUser(ticket: string): string | undefined;
}

/** Who a broker login is. */
export type BrokerIdentity = { kind: 'site' } | { kind: 'user'; user: string };

/**
 * May `user` subscribe the topic of `room`? The site's own rule for reading a room (`mayReadRoom`: members only),
 * and not while the user has blocked it (a blocked room's pushes are unwanted).
 */
export function mayReadRoomTopic(data: SiteData, user: string, room: string): boolean {
  return mayReadRoom(data, user, room) && !data.blockedOf(user).has(room);
}

/**
 * Does `user` follow `channel` (the white paper's forum channels, `/domain/{d}/sid/{id}`)? The site's own list,
 * the one `POST /webim/subscribe` writes and the online reply's `channels` reads: a channel the site knows, that
 * the user follows now.
 */
export function followsChannel(data: SiteData, user: string, channel: string): boolean {
  return data.channels.has(channel) && (data.follows.get(user)?.has(channel) ?? false);
}

/** The canonical spelling of an address: what `parseTopic` accepted must be written exactly so (no `%61` for `a`). */
function spell(address: TopicAddress): string {
  const { domain } = address;
  switch (address.kind) {
    case 'broadcast':
      return broadcastTopic(domain);
    case 'user':
      return userTopic(domain, address.id);
    case 'room':
      return roomTopic(domain, address.id);
    case 'channel':
      return channelTopic(domain, address.id);
    case 'presence':
      return presenceTopic(domain, address.id);
  }
}

/** A concrete topic of this site in its canonical spelling, or null (wildcards, other domains, odd spellings). */
function address(domain: string, topic: string): TopicAddress | null {
  const parsed = parseTopic(topic);
  return parsed && parsed.domain === domain && spell(parsed) === topic ? parsed : null;
}

/**
 * Broker-mode authorisation, decided in one place for every broker: the embedded aedes calls it from its hooks,
 * RabbitMQ through the site's HTTP auth backend (`/mqtt/auth/*`). PROTOCOL.md, "MQTT push: broker mode":
 * - a browser logs in with its user id and live ticket; the site with its own account;
 * - a user reads only its own user topic, the broadcast topic, rooms it is a member of (not blocked) and channels
 *   it follows — concrete topics only, never a wildcard; it writes only its own presence topic;
 * - the site account reads and writes anything.
 */
export function createBrokerAccess(deps: BrokerAccessDeps) {
  const { data, domain, account } = deps;
  const access = {
    /** Who this login is, or null (refused). */
    login(username: string | undefined, password: string | undefined): BrokerIdentity | null {
      if (!username || password === undefined) return null;
      // Constant time: the site account's password is the one secret here worth guessing.
      if (username === account.username) return safeEqual(password, account.password) ? { kind: 'site' } : null;
      return deps.ticketUser(password) === username ? { kind: 'user', user: username } : null;
    },
    /** A user name the broker may let into the site's vhost (no password at that step): the site or a live user. */
    knows(username: string | undefined): boolean {
      return username === account.username || (!!username && !!data.user(username));
    },
    mayRead(identity: BrokerIdentity, topic: string): boolean {
      if (identity.kind === 'site') return true;
      const target = address(domain, topic);
      if (!target) return false;
      switch (target.kind) {
        case 'broadcast':
          return true;
        case 'user':
          return target.id === identity.user;
        case 'room':
          return mayReadRoomTopic(data, identity.user, target.id);
        case 'channel':
          return followsChannel(data, identity.user, target.id);
        default:
          return false;
      }
    },
    mayWrite(identity: BrokerIdentity, topic: string): boolean {
      if (identity.kind === 'site') return true;
      const target = address(domain, topic);
      return target?.kind === 'presence' && target.id === identity.user;
    },
    /** The identity behind a user name that already logged in (later checks carry no password). */
    identify(username: string | undefined): BrokerIdentity | null {
      if (username === account.username) return { kind: 'site' };
      return username && data.user(username) ? { kind: 'user', user: username } : null;
    },
  };
  return access;
}

export type BrokerAccess = ReturnType<typeof createBrokerAccess>;
