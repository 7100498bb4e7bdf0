import type { SiteData } from './site/data';

/**
 * Shared types of the mock backend's engine. The engine never touches sockets or files: adapters (Node http + ws,
 * msw) turn their requests into `MockRequest`s, hand WebSockets over as `PushSocket`s, and inject time and
 * randomness through `EngineDeps`, so tests can drive every timer.
 */

import type { SiteAccount } from './broker/access';
import type { BrokerLink } from './broker/push';

/** Cancels a timer; calling it twice is harmless. */
export type Cancel = () => void;

/** Schedules `fn` once after `ms` milliseconds. */
export type SetTimer = (fn: () => void, ms: number) => Cancel;

/** A request as the adapters hand it to the engine. */
export interface MockRequest {
  method: string;
  /** URL path without the query, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body decoded as UTF-8 ('' when none). */
  body: string;
  /** Set when the adapter stopped keeping the body because it passed the adapter's hard cap. */
  bodyTooLarge?: boolean;
  /** The peer's address when the adapter knows it (Node); absent in-process (msw), which counts as loopback. */
  remoteAddress?: string;
  /** Aborted when the client goes away (matters for held long-polls). */
  signal?: AbortSignal;
}

export interface MockResponse {
  status: number;
  headers: Record<string, string>;
  /** `Set-Cookie` values. */
  cookies?: string[];
  body: string;
  /** Drop the connection without answering (the `/mock/stall` "drop" mode). */
  destroy?: boolean;
}

/** The slice of `fetch` the community site needs to reach the message server's REST API. */
export type RestFetch = (url: string, init: RestInit) => Promise<RestResult>;

export interface RestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RestResult {
  status: number;
  text(): Promise<string>;
}

/** One server-side WebSocket as the engine sees it. */
export interface PushSocket {
  /** Sends a text frame; false when the socket can no longer send (the engine then keeps the packet queued). */
  send(text: string): boolean;
  close(code: number, reason: string): void;
}

/** What an adapter feeds back into the engine for one WebSocket. */
export interface SocketSession {
  onText(text: string): void;
  onClose(): void;
}

/** Time and randomness, injected so the engine stays pure and tests stay deterministic. */
export interface EngineDeps {
  now: () => number;
  setTimer: SetTimer;
  /** `bytes` cryptographically random bytes as lower-case hex. */
  randomHex: (bytes: number) => string;
}

export type Generation = 3 | 5;

export interface EngineOptions {
  /** The site's domain at the message server (REST user name; `subscribe <domain> <ticket>`). */
  domain?: string;
  /** The site's API key at the message server (REST password). */
  apikey?: string;
  /** Public base URL of the community site (no trailing slash). */
  siteUrl?: string;
  /** Public base URL of the message server (no trailing slash); advertised in `connection`. */
  imUrl?: string;
  /** ms a ticket survives without a connection before it expires. Default 8000. */
  grace?: number;
  /** ms a long-poll is held before an empty answer. Default 25000. */
  hold?: number;
  /** ms between WebSocket keep-alive frames. Default 20000. */
  keepalive?: number;
  /** ms after the last answered poll during which a JSONP ticket counts as connected. Default hold + 5000. */
  pollGap?: number;
  /** ms a fresh WebSocket may take to send `subscribe`. Default 10000. */
  subscribeTimeout?: number;
  /** Protocol generation the site and pushes speak. Default 5. */
  generation?: Generation;
  /**
   * Serve `/mock/*` test controls. Default false: they are for test drivers only, answer loopback peers only and
   * need the `x-mock-secret` header on every request.
   */
  controls?: boolean;
  /** The secret `/mock/*` requests must carry in `x-mock-secret`; setting it turns controls on. Default random. */
  controlsSecret?: string;
  /** Packets kept per ticket while nothing is connected. Default 1000. */
  queueLimit?: number;
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  maxBody?: number;
  /** Largest `presences/online` body (a roster upload grows with the roster). Default 2 MiB. */
  maxRosterBody?: number;
  /** Size of `big`'s generated roster. Default 10000. */
  bigRoster?: number;
  /** Offline messages kept from one sender for one receiver. Default 50 messages, 50,000 characters. */
  offlineQuota?: { messages?: number; characters?: number };
  /** Visitors the site keeps at once; past it the one seen least recently is forgotten, with their data. Default 10000. */
  maxVisitors?: number;
  /** Secret for CSRF tokens; random by default. Pass the same one to a restarted server to keep pages' tokens valid. */
  secret?: string;
  /**
   * The community site's database to serve instead of fresh seed data: a restart over the same database (history,
   * server ids, offline messages survive; every ticket is gone), like a real site whose database outlives its processes.
   */
  database?: SiteData;
  /** How the site reaches the message server's REST API. Default: in-process. */
  imFetch?: RestFetch;
  /**
   * Broker mode: push goes through an MQTT broker instead of the in-memory message server (PROTOCOL.md, "MQTT push:
   * broker mode"). The Node adapter builds the link (embedded aedes or an external broker).
   */
  broker?: BrokerOptions;
  now?: () => number;
  setTimer?: SetTimer;
  randomHex?: (bytes: number) => string;
  /** Where errors caught inside the engine go (they never escape a request). Default `console.error`. */
  onError?: (error: unknown) => void;
}

export interface ResolvedOptions {
  domain: string;
  apikey: string;
  siteUrl: string;
  imUrl: string;
  grace: number;
  hold: number;
  keepalive: number;
  pollGap: number;
  subscribeTimeout: number;
  generation: Generation;
  controls: boolean;
  queueLimit: number;
  /** Offline messages kept from one sender for one receiver, and their characters in total. */
  offlineQuota: { messages: number; characters: number };
  /** Visitors (`vid:…`) the site keeps at once. */
  maxVisitors: number;
  maxBody: number;
  maxRosterBody: number;
  bigRoster: number;
}

/** Broker mode's wiring, as the engine needs it. */
export interface BrokerOptions {
  link: BrokerLink;
  /** WebSocket URLs of the broker's nodes, handed to browsers in `connection.mqtt.urls`. */
  urls: string[];
  /** The site's own broker account (the HTTP auth backend and the embedded broker accept it). */
  account: SiteAccount;
  /** Keep-alive seconds to tell browsers (default: theirs, 60). */
  keepalive?: number;
}

/**
 * `GET /mock/state`. A subscriber is named by an opaque `id` (a keyed hash of its ticket, stable while the ticket
 * lives): the controls never hand out tickets, which would let their reader subscribe as that user.
 */
export interface MockState {
  users: Record<string, { show: string; subscribers: Array<{ id: string; transport: 'websocket' | 'jsonp' }> }>;
  /** Broker mode: MQTT clients connected to the broker (embedded only) and connections per logged-in user. */
  broker?: { clients?: number; connections: Record<string, number> };
}
