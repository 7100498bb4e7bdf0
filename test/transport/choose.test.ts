import { describe, expect, it } from 'vitest';
import { chooseCarrier, fallsBack, type CarrierChoice, type CarrierInput } from '../../src/transport/choose';
import type { CloseReason, TransportKind, TransportPreference } from '../../src/transport/types';

/** One row: preference, offers (ws/mqtt), the host has WebSocket, failures to open so far → carrier, probe. */
type Row = [TransportPreference, 'ws' | 'mqtt' | 'ws+mqtt' | 'none', boolean, number, TransportKind, boolean];

const input = (
  preference: TransportPreference,
  offers: Row[1],
  hasWebSocket: boolean,
  websocketOpenFailures: number,
): CarrierInput => ({
  preference,
  offers: { websocket: offers.includes('ws'), mqtt: offers.includes('mqtt') },
  hasWebSocket,
  websocketOpenFailures,
});

describe('chooseCarrier', () => {
  it.each<Row>([
    // preference  offers      host WS  failures  carrier      probe
    ['auto', 'ws', true, 0, 'websocket', false],
    ['auto', 'ws', true, 1, 'websocket', false],
    ['auto', 'ws', true, 2, 'jsonp', true], // WebSocket failed twice on this page: JSONP first, probing
    ['auto', 'ws', true, 5, 'jsonp', true],
    ['auto', 'ws', false, 0, 'jsonp', false], // no WebSocket class on this host: nothing to probe
    ['auto', 'none', true, 0, 'jsonp', false], // the reply offers no WebSocket URL
    ['auto', 'ws+mqtt', true, 0, 'mqtt', false], // broker mode
    ['auto', 'mqtt', true, 3, 'mqtt', false],
    ['auto', 'ws+mqtt', false, 0, 'jsonp', false], // a broker is offered, but only over WebSocket
    ['mqtt', 'ws', true, 0, 'mqtt', false], // forced broker
    ['mqtt', 'none', false, 0, 'mqtt', false],
    ['websocket', 'ws', true, 0, 'websocket', false],
    ['websocket', 'ws', true, 9, 'websocket', false], // insists, whatever failed before
    ['websocket', 'none', false, 0, 'websocket', false], // and fails to open rather than fall back
    ['websocket', 'ws+mqtt', true, 0, 'websocket', false],
    ['jsonp', 'ws', true, 0, 'jsonp', false], // never probes
    ['jsonp', 'ws+mqtt', true, 0, 'jsonp', false],
  ])('%s, offered %s, host WebSocket %s, %i failures → %s (probe %s)', (pref, offers, ws, failures, carrier, probe) => {
    expect(chooseCarrier(input(pref, offers, ws, failures))).toEqual<CarrierChoice>({ carrier, probe });
  });
});

describe('fallsBack', () => {
  it.each<[TransportPreference, TransportKind, CloseReason, boolean, boolean]>([
    // preference  link         reason     acked  falls back to JSONP
    ['auto', 'websocket', 'network', false, true], // failed to open: JSONP takes over
    ['auto', 'websocket', 'network', true, false], // an acked link that dies ends the transport (the core reconnects)
    ['auto', 'websocket', 'timeout', false, false], // open timeout is reported as a network failure; a watchdog timeout ends
    ['auto', 'websocket', 'stopped', false, false], // a refused ticket ends everything
    ['auto', 'websocket', 'replaced', false, false],
    ['auto', 'websocket', 'client', false, false],
    ['auto', 'jsonp', 'network', false, false], // JSONP is the last resort
    ['websocket', 'websocket', 'network', false, false], // no fallback without `auto`
    ['jsonp', 'jsonp', 'network', false, false],
    ['mqtt', 'mqtt', 'network', false, false],
  ])('%s: %s ended with %s (acked %s) → %s', (preference, link, reason, acked, expected) => {
    expect(fallsBack(preference, link, reason, acked)).toBe(expected);
  });
});
