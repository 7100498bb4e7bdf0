import type { CloseReason, TransportKind, TransportPreference } from './types';

/** After this many WebSocket failures to open in a row, `auto` starts on JSONP (and keeps probing). */
export const WEBSOCKET_FAILURES_BEFORE_JSONP_FIRST = 2;

/** What the choice of a push link depends on. */
export interface CarrierInput {
  preference: TransportPreference;
  /** What the online reply's connection offers: a WebSocket URL, an MQTT broker (broker mode). */
  offers: { websocket: boolean; mqtt: boolean };
  /** The host has a WebSocket class. */
  hasWebSocket: boolean;
  /** WebSocket attempts of this page in a row that failed to open (`TransportMemory`). */
  websocketOpenFailures: number;
}

/** The link a transport opens first. */
export interface CarrierChoice {
  carrier: TransportKind;
  /** On JSONP: probe WebSocket in the background and move to it once it is acked. */
  probe: boolean;
}

/**
 * Which link carries the push connection (pure; see `TransportPreference`): `mqtt` always takes the broker, `auto`
 * takes it when offered and the host has WebSocket; otherwise WebSocket when offered and available (`websocket`
 * insists on it), unless it failed to open {@link WEBSOCKET_FAILURES_BEFORE_JSONP_FIRST} times in a row, and JSONP
 * else — probing WebSocket while it is offered.
 */
export function chooseCarrier({
  preference,
  offers,
  hasWebSocket,
  websocketOpenFailures,
}: CarrierInput): CarrierChoice {
  if (preference === 'mqtt' || (preference === 'auto' && offers.mqtt && hasWebSocket))
    return { carrier: 'mqtt', probe: false };
  const offered = preference !== 'jsonp' && offers.websocket && hasWebSocket;
  return preference === 'websocket' || (offered && websocketOpenFailures < WEBSOCKET_FAILURES_BEFORE_JSONP_FIRST)
    ? { carrier: 'websocket', probe: false }
    : { carrier: 'jsonp', probe: offered };
}

/**
 * Whether a link that ended makes `auto` fall back to JSONP instead of closing the transport (pure): only a WebSocket
 * the server never acked, lost to the network (a refused ticket, a timeout or a replacement end the transport).
 */
export const fallsBack = (preference: TransportPreference, link: TransportKind, reason: CloseReason, acked: boolean) =>
  preference === 'auto' && link === 'websocket' && !acked && reason === 'network';
