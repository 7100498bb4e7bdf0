import { ApiError, type OnlineParams } from '../api/types';
import type { SessionInfo } from '../persist/types';
import type { OnlineReply, Packet, Show } from '../protocol/types';
import { nextTask } from '../util/next-task';
import { same } from '../store/signals';
import type { ConnectionState, ConnectionStatus } from '../store/types';
import type { Backoff } from '../transport/backoff';
import type { CloseReason, Transport } from '../transport/types';
import { fail, type Core } from './context';

/** Failed re-subscribes with one ticket after which the client logs in again (the server may have dropped it). */
export const MAX_FAILURES_PER_TICKET = 3;
/**
 * Re-logins refused as unauthorized (403: a restarted server with a new CSRF secret) that are tried again, with
 * backoff, before the session stops: a page whose `csrfToken` option is a function may have a fresh token by then.
 */
export const MAX_UNAUTHORIZED_RELOGINS = 2;

/**
 * Buddies put into the store per task when a login brings a big roster (each costs its signal, its watch and its
 * place in the grouped list: about 1,000 fit a frame's budget on a slow machine).
 */
export const ROSTER_APPLY_STEP = 1_000;

export interface SessionDeps {
  backoff: Backoff;
  /** A fresh, unconnected push transport. */
  transport(): Transport;
  /** False only when the browser says it has no network. */
  isOnline(): boolean;
  /** Buddies, rooms and strangers to name in `online` (open tabs, chatlinks). */
  params(): OnlineParams;
  /** A login reply arrived: applies it (the `online` action) to the store. */
  apply(reply: OnlineReply): void;
  /** A login has been applied and announced. */
  loggedIn(info: SessionInfo): void;
  /** A validated packet from the push link (the sync module de-duplicates and applies it). */
  received(packet: Packet): void;
  /** The push link ended without being asked to: what it carried last may be lost. */
  linkLost(): void;
}

/**
 * The session lifecycle — login, push connection, reconnect — in one place (see `docs/client.md`):
 * - a transport closed with `network`/`timeout`/`replaced` is re-subscribed with the same ticket after the backoff
 *   delay (reset when a connection opens); after {@link MAX_FAILURES_PER_TICKET} re-subscribes in a row that never
 *   opened, the next attempt logs in again;
 * - `stopped` (dead ticket) or an `invalid_ticket` from any call logs in again at once, keeping all UI state; a
 *   second dead ticket before anything opened backs off instead of looping;
 * - retryable login failures back off; a refusal ends in `stopped` and rejects `online()`;
 * - while the browser is offline nothing is attempted (`offline`), but a link still up is kept: frames in flight
 *   are not discarded, and a dead link is found by the transport's pings and watchdog; `retryNow` (network back,
 *   page visible) skips the wait;
 * - a re-login refused as unauthorized is tried {@link MAX_UNAUTHORIZED_RELOGINS} more times (a fresh CSRF token)
 *   before the session stops.
 */
export function createSession(core: Core, deps: SessionDeps) {
  const { store, api } = core;
  const { backoff } = deps;
  let transport: Transport | null = null;
  /** The next attempt must log in (no session, dead ticket, or too many failed re-subscribes). */
  let needLogin = true;
  let failures = 0;
  /** The transport has opened (and not closed since). */
  let linkUp = false;
  let unauthorizedRelogins = 0;
  /** Logins in a row that found nothing speaking the API (`ApiError.unreachable`). */
  let unreachableLogins = 0;
  /** Logins since a connection last opened: a second dead ticket in a row backs off. */
  let loginsWithoutOpen = 0;
  /** The login under way (null also once it went stale: offline() or suspend() meanwhile). */
  let login: Promise<void> | null = null;
  let generation = 0;
  let waiters: Array<[() => void, (error: unknown) => void]> = [];
  const retry = core.timer(() => attempt());

  const setStatus = (status: ConnectionStatus) => {
    if (same(store.connection.peek(), status)) return;
    core.dispatch({ type: 'connection', status });
    core.emit('connection', status);
  };
  const settle = (error?: unknown) => {
    for (const [resolve, reject] of waiters.splice(0)) error ? reject(error) : resolve();
  };
  const close = () => {
    const t = transport;
    transport = null;
    linkUp = false;
    t?.close();
  };
  const stale = () => {
    generation++;
    login = null;
    retry.stop();
    close();
  };
  /** The browser has no network: nothing is attempted until it is back; a link still up stays (see above). */
  const lost = () => {
    retry.stop();
    if (session.wanted) setStatus({ state: 'offline', reason: 'network' });
  };
  const status = (state: ConnectionState, reason?: string): ConnectionStatus =>
    state === 'reconnecting' ? { state, attempt: backoff.attempt, reason } : { state, reason };

  function connect(state: ConnectionState): void {
    close();
    const t = (transport = deps.transport());
    const ours = () => transport === t;
    setStatus(status(state));
    t.on('open', ({ kind }) => {
      if (!ours()) return;
      linkUp = true;
      failures = loginsWithoutOpen = unauthorizedRelogins = 0;
      backoff.reset();
      session.info!.aliveAt = core.now();
      setStatus({ state: 'connected', transport: kind });
      settle();
    });
    t.on('packet', (packet) => {
      if (!ours()) return;
      session.info!.aliveAt = core.now();
      if (packet.status === 'stopped') {
        close();
        return closed('stopped', true);
      }
      // `auto` may move from JSONP to WebSocket under us; the status names the carrier.
      const c = store.connection.peek();
      if (c.state === 'connected' && c.transport !== t.kind) setStatus({ state: 'connected', transport: t.kind });
      deps.received(packet);
    });
    t.on('error', (error) => ours() && core.emit('error', error));
    t.on('close', ({ reason, wasOpen }) => {
      if (!ours()) return;
      transport = null;
      linkUp = false;
      closed(reason, wasOpen);
    });
    t.connect(session.info!.connection);
  }

  function closed(reason: CloseReason, wasOpen: boolean): void {
    if (reason === 'client' || !session.wanted) return;
    if (reason === 'stopped') return relogin();
    // Frames written into a dying link are gone from push, not from the server: fetch them now (POSTs still work).
    if (wasOpen) deps.linkLost();
    if (!wasOpen && ++failures >= MAX_FAILURES_PER_TICKET) needLogin = true;
    later(reason);
  }

  function relogin(): void {
    close();
    needLogin = true;
    failures = 0;
    if (loginsWithoutOpen) later('stopped');
    else attempt('stopped');
  }

  function later(reason: string, unreachable = false): void {
    if (!session.wanted) return;
    if (!deps.isOnline()) return lost();
    const delay = backoff.next();
    const state = unreachable ? 'unreachable' : 'reconnecting';
    setStatus({ state, reason, attempt: backoff.attempt, nextRetryAt: core.now() + delay });
    retry.start(delay);
  }

  function attempt(reason?: string): void {
    retry.stop();
    if (!session.wanted) return;
    if (!deps.isOnline()) return lost();
    // While unreachable, an attempt stays `unreachable` (no flicker to "Reconnecting…" and back every try).
    const state =
      store.connection.peek().state === 'unreachable'
        ? 'unreachable'
        : session.info || reason
          ? 'reconnecting'
          : 'connecting';
    if (needLogin || !session.info) void logIn(state, reason);
    else connect(state);
  }

  function logIn(state: ConnectionState, reason?: string): Promise<void> {
    if (login) return login;
    close();
    setStatus(status(state, reason));
    const gen = generation;
    const run = (async () => {
      let reply: OnlineReply;
      try {
        reply = await api.online({ ...deps.params(), show: session.show });
      } catch (error) {
        if (gen === generation && session.wanted) loginFailed(error);
        return;
      }
      if (gen !== generation || !session.wanted) return;
      // A big roster goes into the store a part per task ahead of the login, which brings the first part: one task
      // for 10,000 buddies' signals and their places in the grouped list would block the page (issue 15).
      const all = reply.buddies;
      if (all.length > ROSTER_APPLY_STEP) {
        for (let i = ROSTER_APPLY_STEP; i < all.length; i += ROSTER_APPLY_STEP) {
          core.dispatch({ type: 'buddies', buddies: all.slice(i, i + ROSTER_APPLY_STEP) });
          await nextTask();
          if (gen !== generation || !session.wanted) return;
        }
        reply = { ...reply, buddies: all.slice(0, ROSTER_APPLY_STEP) };
      }
      const info = (session.info = {
        me: reply.user.id,
        connection: reply.connection,
        skew: reply.serverTime - core.now(),
        aliveAt: core.now(),
        ...(reply.cursor !== undefined && { cursor: reply.cursor }),
      });
      api.ticket = reply.connection.ticket;
      needLogin = false;
      failures = unreachableLogins = 0;
      loginsWithoutOpen++;
      deps.apply(reply);
      core.emit('online', { me: info.me });
      deps.loggedIn(info);
      settle();
      connect(state === 'unreachable' ? 'connecting' : state);
    })();
    login = run;
    void run.finally(() => login === run && (login = null));
    return run;
  }

  function loginFailed(error: unknown): void {
    const e = fail(core, 'online', error, 'network');
    // The second unreachable login in a row is worth its own state (a setup error, or the server is down).
    unreachableLogins = e.unreachable ? unreachableLogins + 1 : 0;
    if (e.retryable || e.kind === 'invalid_ticket' || e.unreachable) return later(e.kind, unreachableLogins >= 2);
    // A re-login (the user was in): the server may have restarted with a new secret and the page rotated its token.
    if (e.kind === 'unauthorized' && session.info && unauthorizedRelogins++ < MAX_UNAUTHORIZED_RELOGINS)
      return later(e.kind);
    session.wanted = false;
    setStatus({
      state: 'stopped',
      // 403 at login: the site refused this page's CSRF token (or this user); 401: nobody is signed in.
      reason:
        e.kind === 'unauthorized'
          ? e.status === 403
            ? 'forbidden'
            : 'unauthorized'
          : `login failed: ${e.serverMessage ?? e.message}`,
    });
    settle(e);
  }

  const session = {
    info: null as SessionInfo | null,
    /** The user wants to be online (between `online()` and `offline()` or a refused login). */
    wanted: false,
    /** The presence to log in with. */
    show: 'available' as Show,
    /** Holds a ticket not known to be dead: calls may be made with it now. */
    get ticketUsable(): boolean {
      return !!session.info && !needLogin;
    },
    /**
     * Logs in — or, given a session (restored, or handed over by another tab), re-subscribes with it and logs in only
     * if it proves dead. Resolves once logged in or re-subscribed; rejects if the login is given up.
     */
    online(resume?: SessionInfo): Promise<void> {
      session.wanted = true;
      const done = new Promise<void>((resolve, reject) => waiters.push([resolve, reject]));
      const state = store.connection.peek().state;
      if (resume) {
        session.adopt(resume);
        failures = 0;
        if (deps.isOnline()) connect('connecting');
        else lost();
      } else if (state === 'connected' && transport && session.info) settle();
      else if (!login && !(transport && state === 'connecting')) attempt();
      return done;
    },
    async offline(): Promise<void> {
      const had = session.info;
      session.wanted = false;
      stale();
      session.info = null;
      needLogin = true;
      settle(new ApiError('aborted', 'online', 'went offline'));
      setStatus({ state: 'idle' });
      core.dispatch({ type: 'offline' });
      core.emit('offline', undefined);
      if (!had) return;
      try {
        await api.offline();
      } catch (error) {
        fail(core, 'offline', error, 'network');
      } finally {
        api.ticket = undefined;
      }
    },
    /** Takes a session without connecting (a follower POSTs with the leader's ticket). */
    adopt(info: SessionInfo | null): void {
      session.info = info;
      api.ticket = info?.connection.ticket;
      needLogin = !info;
    },
    ticketDead(): void {
      if (session.wanted && !login) relogin();
    },
    /**
     * Tries now instead of waiting (network back, page visible); an attempt in flight is not cut short. A link that
     * stayed up while the browser was offline carries on.
     */
    retryNow(): void {
      if (!session.wanted || login || !(retry.on || store.connection.peek().state === 'offline')) return;
      if (transport && linkUp) setStatus({ state: 'connected', transport: transport.kind });
      else attempt();
    },
    /** The browser lost the network: nothing is attempted until it is back. */
    lost,
    /** Stops the push link and timers without logging out (destroy, leadership lost). */
    suspend: stale,
  };
  return session;
}

export type Session = ReturnType<typeof createSession>;
