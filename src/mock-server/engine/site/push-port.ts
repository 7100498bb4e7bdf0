import type { MqttConnection } from '../../../protocol/types';

/** What a login at the push side hands the site: the ticket, where browsers connect, and who is online. */
export interface PushOnline {
  ticket: string;
  /** NexTalk push URLs ('' in broker mode). */
  server: string;
  jsonpd: string;
  websocket: string;
  /** Broker mode: the MQTT login for `connection.mqtt`. */
  mqtt?: MqttConnection;
  presences: Record<string, string>;
}

type Fields = Record<string, string | undefined>;

/**
 * The one port through which the community site reaches push (DESIGN.md): `ImClient` implements it over the
 * in-memory NexTalk server's v5 REST API, `BrokerPush` by publishing to an MQTT broker. The site's handlers
 * (`online`, `message`, `join`, …) are the same code in both modes.
 */
export interface PushPort {
  online(p: {
    name: string;
    nick: string;
    show: string;
    status: string;
    buddies: string[];
    rooms: string[];
    /** Channels the user follows (extension: channel push). */
    channels?: string[];
  }): Promise<PushOnline>;
  offline(ticket: string): Promise<void>;
  /** The page is being left: its grace period starts once it has no connection. */
  refresh(ticket: string): Promise<void>;
  show(ticket: string, show: string, status: string | undefined, nick: string): Promise<void>;
  /** id → show of those visibly online. */
  presences(ids: string[]): Promise<Record<string, string>>;
  /** Pushes a message (`ticket`, or `from` for a site push); says whether a chat receiver had no connection. */
  message(fields: Fields): Promise<{ offline: boolean }>;
  /** Typing notifications to `to`. */
  status(ticket: string, to: string, nick: string, show: string): Promise<void>;
  /** Visibly online members of a room: id → show. */
  members(room: string, ticket?: string): Promise<Record<string, string>>;
  join(room: string, ticket: string, nick: string, silent?: boolean): Promise<void>;
  leave(room: string, ticket: string, nick: string, silent?: boolean): Promise<void>;
  /** Follows (or with `follow` false, stops following) a channel for the ticket's user. */
  follow(channel: string, ticket: string, follow: boolean): Promise<void>;
  /** The site's push of a post to a channel's followers (all but `except`, the author). */
  publish(
    channel: string,
    post: { from: string; nick: string; body: string; link?: string; timestamp: number; except?: string },
  ): Promise<void>;
}
