import type { Action, ActionType } from '../../store/actions';
import type { TabMessage } from '../types';
import { readConnectionStatus, readSession } from '../validate-entities';
import { readStoreState } from '../validate-state';
import { attempt, count, nonEmptyString, nullable, object, oneOf, type Fields } from '../validate-values';

/** Marks our envelopes, so other scripts' traffic on a same-named channel is recognised and ignored. */
export const ENVELOPE_TAG = 'webim-tabs/1';

/**
 * What travels on the channel. `message` carries a `TabMessage` for subscribers; the rest is the
 * BroadcastChannel election's own traffic (unused where Web Locks elect).
 */
export type Envelope =
  | { tag: typeof ENVELOPE_TAG; from: string; kind: 'message'; message: TabMessage }
  /**
   * The leader is alive (every `heartbeatMs`, and at once in answer to `query` or `claim`). `term` counts
   * leaderships: a leader that hears a newer term (it was frozen and another tab took over) steps down.
   */
  | { tag: typeof ENVELOPE_TAG; from: string; kind: 'heartbeat'; term: number }
  /** A tab that heard no leader proposes to lead in `term`; the higher term, then the smaller tab id, wins. */
  | { tag: typeof ENVELOPE_TAG; from: string; kind: 'claim'; term: number }
  /** A tab joining asks who leads. */
  | { tag: typeof ENVELOPE_TAG; from: string; kind: 'query' }
  /** The leader is leaving (pagehide, `stop()`): followers claim at once instead of waiting for the timeout. */
  | { tag: typeof ENVELOPE_TAG; from: string; kind: 'bye' };

/** An envelope without the parts the channel adds (`tag`, `from`). */
export type EnvelopeBody = Envelope extends infer E ? (E extends Envelope ? Omit<E, 'tag' | 'from'> : never) : never;

export type EnvelopeKind = Envelope['kind'];

function component(value: string): string {
  return encodeURIComponent(value);
}

/** The BroadcastChannel of one domain and user (encoded, so `a:b`+`c` and `a`+`b:c` cannot collide). */
export function channelName(domain: string, uid: string): string {
  return `webim:${component(domain)}:${component(uid)}`;
}

/** The Web Lock whose holder is the leader of one domain and user. */
export function lockName(domain: string, uid: string): string {
  return `webim-leader:${component(domain)}:${component(uid)}`;
}

const readTermKind = oneOf(['heartbeat', 'claim'] as const, 'envelope kind');
const readPlainKind = oneOf(['query', 'bye'] as const, 'envelope kind');

/** A checked copy of an envelope, or null for anything else (other scripts' messages, garbage, hostile getters). */
export function readEnvelope(data: unknown): Envelope | null {
  return attempt(() => {
    const o = object(data);
    if (o.tag !== ENVELOPE_TAG) return null;
    const from = nonEmptyString(o.from);
    if (o.kind === 'message') {
      const message = readTabMessage(o.message);
      return message ? { tag: ENVELOPE_TAG, from, kind: 'message', message } : null;
    }
    if (o.kind === 'heartbeat' || o.kind === 'claim') return { tag: ENVELOPE_TAG, from, kind: readTermKind(o.kind), term: count(o.term) };
    return { tag: ENVELOPE_TAG, from, kind: readPlainKind(o.kind) };
  });
}

/**
 * Every `Action['type']`, checked against the union at compile time (a new action type fails to compile here
 * until it is listed), so that actions from another tab can be checked at run time.
 */
const ACTION_TYPES: Readonly<Record<ActionType, true>> = {
  online: true,
  packet: true,
  offline: true,
  connection: true,
  'message/add': true,
  'message/update': true,
  history: true,
  'history/loading': true,
  'history/clear': true,
  'tab/open': true,
  'tab/close': true,
  'tab/activate': true,
  read: true,
  draft: true,
  pane: true,
  minimize: true,
  settings: true,
  self: true,
  buddies: true,
  strangers: true,
  room: true,
  'room/remove': true,
  members: true,
  notifications: true,
  'notifications/seen': true,
  'typing/sweep': true,
};

const readCommand = oneOf(['online', 'offline', 'reconnect'] as const, 'command');

/**
 * A checked `TabMessage`, or null. `state` and `session` payloads are checked in full (fresh copies); an `action`
 * is checked to be an object with a known `type` (its payload is the reducer's to check, as for any input).
 */
export function readTabMessage(value: unknown): TabMessage | null {
  return attempt((): TabMessage | null => {
    const o = object(value);
    switch (o.kind) {
      case 'action':
        return { kind: 'action', action: readAction(o.action) };
      case 'state-request':
        return { kind: 'state-request', from: nonEmptyString(o.from) };
      case 'state':
        return {
          kind: 'state',
          to: nonEmptyString(o.to),
          state: readStoreState(o.state),
          session: nullable(o.session, readSession),
          connection: readConnectionStatus(o.connection),
        };
      case 'session':
        return { kind: 'session', session: nullable(o.session, readSession) };
      case 'command':
        return { kind: 'command', command: readCommand(o.command) };
      default:
        return null;
    }
  });
}

function readAction(value: unknown): Action {
  const o: Fields = object(value, 'action');
  const type = o.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(ACTION_TYPES, type)) {
    throw new TypeError('unknown action type');
  }
  return o as unknown as Action;
}
