import type { OnlineParams, WebIMApi } from '../api/types';
import type { SessionInfo } from '../persist/types';
import type { OnlineReply, Packet, Show } from '../protocol/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { Backoff } from '../transport/backoff';
import type { Transport } from '../transport/types';
import type { ClientEvents } from './events';
import type { Host } from './host';

export interface SessionDeps {
  store: Store;
  api: WebIMApi;
  host: Host;
  events: ClientEvents;
  backoff: Backoff;
  dispatch(action: Action): void;
  /** A fresh, unconnected push transport. */
  openTransport(): Transport;
  /** Buddies/rooms/strangers to name in `online` (open tabs, chatlinks). */
  onlineParams(): Omit<OnlineParams, 'show'>;
  /** A validated packet with status `ok`. */
  onPacket(packet: Packet): void;
  /** The push link is up (first time or again): flush what waited for it. */
  onConnected(): void;
  /** A login succeeded (the `online` action has been applied). */
  onLogin(session: SessionInfo, reply: OnlineReply): void;
  /**
   * A login reply is about to be applied, to a store still as the lost session left it: returns the reply to apply
   * (possibly adjusted) and what to do once it has been (history catch-up after a dead ticket).
   */
  prepareLogin?(reply: OnlineReply): { reply: OnlineReply; applied?: () => void };
}

/**
 * The session lifecycle — login, push connection, reconnect — in one place.
 *
 * - `online()` logs in (`api.online`), applies the reply, and subscribes the push transport to its connection.
 * - A transport that closes with `network`/`timeout`/`replaced` is re-subscribed **with the same ticket** after a
 *   backoff delay (reset once a connection opens); after three (`MAX_FAILURES_PER_TICKET`) re-subscribes in a row
 *   that never opened, the next attempt logs in again.
 * - `stopped` (dead ticket) or an `invalid_ticket` from any API call logs in again at once, keeping all UI state
 *   (the `online` action merges); a second dead ticket before anything opened backs off instead of looping.
 * - Retryable login failures back off the same way; `unauthorized` and other refusals end in `stopped`.
 * - While the browser says it is offline nothing is attempted (state `offline`); its `online` event, and the page
 *   becoming visible, retry at once.
 */
export interface Session {
  readonly info: SessionInfo | null;
  /** The user wants to be online (between `online()` and `offline()`/an unrecoverable failure). */
  readonly wanted: boolean;
  /**
   * Logs in — or, given a session (restored from storage, or handed over by another tab), re-subscribes the push
   * transport with it and logs in only if it turns out dead. Resolves once logged in or re-subscribed; rejects if
   * the login is given up (`unauthorized`, refused, or `offline()` meanwhile).
   */
  online(resumeWith?: SessionInfo): Promise<void>;
  offline(): Promise<void>;
  /** Takes a session without connecting (a follower tab posts with the leader's ticket). */
  adopt(info: SessionInfo | null): void;
  /** An API call said the ticket is dead. */
  ticketDead(): void;
  /** Try now instead of waiting for the backoff timer (network back, page visible). */
  retryNow(): void;
  /** The browser lost the network: stop trying until it is back. */
  networkLost(): void;
  /** Stops the push link and timers without logging out (destroy, leadership lost). */
  suspend(): void;
  /** The presence to log in with next time. */
  setShow(show: Show): void;
}
