import { ApiError, type OnlineParams } from '../api/types';
import type { SessionInfo } from '../persist/types';
import type { OnlineReply, Show } from '../protocol/types';
import type { ConnectionStatus } from '../store/types';
import type { CloseReason, Transport } from '../transport/types';
import { createOneShot } from './host';
import type { Session, SessionDeps } from './session-types';

export type { Session, SessionDeps } from './session-types';

/** Failed re-subscribes with one ticket after which the client logs in again (the server may have dropped it). */
export const MAX_FAILURES_PER_TICKET = 3;

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** The session state machine; see {@link Session} for the rules it follows. */
export function createSession(deps: SessionDeps): Session {
  const { api, host, events, backoff } = deps;
  let info: SessionInfo | null = null;
  let wanted = false;
  let show: Show = 'available';
  let transport: Transport | null = null;
  /** The next attempt must log in (no session, dead ticket, or too many failed re-subscribes). */
  let needLogin = true;
  let failuresWithTicket = 0;
  /** Logins since a connection last opened: a second dead ticket in a row backs off. */
  let loginsWithoutOpen = 0;
  let loginInFlight: Promise<void> | null = null;
  let loginGeneration = 0;
  /** Bumped by offline()/suspend(): a login reply from before is stale and dropped. */
  let generation = 0;
  let waiters: Waiter[] = [];
  const retryTimer = createOneShot(host, () => attemptNow());

  const setStatus = (status: ConnectionStatus) => {
    if (sameStatus(deps.store.connection.peek(), status)) return;
    deps.dispatch({ type: 'connection', status });
    events.emit('connection', status);
  };

  const settleWaiters = (error?: unknown) => {
    const list = waiters;
    waiters = [];
    for (const w of list) error === undefined ? w.resolve() : w.reject(error);
  };

  const closeTransport = () => {
    const t = transport;
    transport = null;
    t?.close();
  };

  function connect(session: SessionInfo, state: 'connecting' | 'reconnecting'): void {
    closeTransport();
    const t = deps.openTransport();
    transport = t;
    setStatus(state === 'reconnecting' ? { state, attempt: backoff.attempt } : { state });
    t.on('open', ({ kind }) => {
      if (transport !== t) return;
      failuresWithTicket = 0;
      loginsWithoutOpen = 0;
      backoff.reset();
      session.aliveAt = host.now();
      setStatus({ state: 'connected', transport: kind });
      settleWaiters();
      deps.onConnected();
    });
    t.on('packet', (packet) => {
      if (transport !== t) return;
      session.aliveAt = host.now();
      if (packet.status === 'stopped') {
        closeTransport();
        onClosed('stopped', true);
        return;
      }
      // `auto` may move from JSONP to WebSocket under us; the status names the carrier.
      const status = deps.store.connection.peek();
      if (status.state === 'connected' && status.transport !== t.kind) setStatus({ state: 'connected', transport: t.kind });
      deps.onPacket(packet);
    });
    t.on('error', (error) => {
      if (transport === t) events.emit('error', error);
    });
    t.on('close', ({ reason, wasOpen }) => {
      if (transport !== t) return;
      transport = null;
      onClosed(reason, wasOpen);
    });
    t.connect(session.connection);
  }

  function onClosed(reason: CloseReason, wasOpen: boolean): void {
    if (reason === 'client' || !wanted) return;
    if (reason === 'stopped') {
      relogin();
      return;
    }
    if (!wasOpen && ++failuresWithTicket >= MAX_FAILURES_PER_TICKET) needLogin = true;
    scheduleRetry(reason);
  }

  function relogin(): void {
    closeTransport();
    needLogin = true;
    failuresWithTicket = 0;
    if (loginsWithoutOpen > 0) scheduleRetry('stopped');
    else attemptNow('stopped');
  }

  function scheduleRetry(reason: string): void {
    if (!wanted) return;
    if (!host.isOnline()) {
      networkLost();
      return;
    }
    const delay = backoff.next();
    setStatus({ state: 'reconnecting', reason, attempt: backoff.attempt, nextRetryAt: host.now() + delay });
    retryTimer.start(delay);
  }

  function attemptNow(reason?: string): void {
    retryTimer.stop();
    if (!wanted) return;
    if (!host.isOnline()) {
      networkLost();
      return;
    }
    const state = info || reason ? 'reconnecting' : 'connecting';
    if (needLogin || !info) void login(state, reason);
    else connect(info, state);
  }

  /** A login of the current generation is under way (one from before `offline()` does not count). */
  const loggingIn = () => loginInFlight !== null && loginGeneration === generation;

  function login(state: 'connecting' | 'reconnecting', reason?: string): Promise<void> {
    if (loginInFlight && loggingIn()) return loginInFlight;
    closeTransport();
    const status: ConnectionStatus = state === 'reconnecting' ? { state, attempt: backoff.attempt } : { state };
    if (reason) status.reason = reason;
    setStatus(status);
    const gen = generation;
    const params: OnlineParams = { ...deps.onlineParams(), show };
    const run = (async () => {
      let reply: OnlineReply;
      try {
        reply = await api.online(params);
      } catch (error) {
        if (gen !== generation || !wanted) return;
        loginFailed(error);
        return;
      }
      if (gen !== generation || !wanted) return;
      const me = reply.user.id;
      info = { me, connection: reply.connection, skew: reply.serverTime - host.now(), aliveAt: host.now() };
      api.ticket = reply.connection.ticket;
      needLogin = false;
      failuresWithTicket = 0;
      loginsWithoutOpen++;
      const prepared = deps.prepareLogin?.(reply) ?? { reply };
      deps.dispatch({ type: 'online', reply: prepared.reply, me });
      prepared.applied?.();
      events.emit('online', { me });
      deps.onLogin(info, reply);
      settleWaiters();
      connect(info, state);
    })();
    loginInFlight = run;
    loginGeneration = gen;
    void run.finally(() => {
      if (loginInFlight === run) loginInFlight = null;
    });
    return run;
  }

  function loginFailed(error: unknown): void {
    const e = error instanceof ApiError ? error : new ApiError('network', 'online', String(error), undefined, undefined, error);
    events.emit('error', e);
    if (e.retryable || e.kind === 'invalid_ticket') {
      scheduleRetry(e.kind);
      return;
    }
    wanted = false;
    const reason = e.kind === 'unauthorized' ? 'unauthorized' : `login failed: ${e.serverMessage ?? e.message}`;
    setStatus({ state: 'stopped', reason });
    settleWaiters(e);
  }

  function networkLost(): void {
    retryTimer.stop();
    closeTransport();
    if (wanted) setStatus({ state: 'offline', reason: 'network' });
  }

  return {
    get info() {
      return info;
    },
    get wanted() {
      return wanted;
    },
    online(resumeWith) {
      wanted = true;
      const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
      if (resumeWith) {
        info = resumeWith;
        api.ticket = resumeWith.connection.ticket;
        needLogin = false;
        failuresWithTicket = 0;
        if (host.isOnline()) connect(resumeWith, 'connecting');
        else networkLost();
        return done;
      }
      const state = deps.store.connection.peek().state;
      if (state === 'connected' && transport && info) settleWaiters();
      else if (!loggingIn() && !(transport && state === 'connecting')) attemptNow();
      return done;
    },
    async offline() {
      const hadSession = info !== null;
      wanted = false;
      generation++;
      retryTimer.stop();
      closeTransport();
      info = null;
      needLogin = true;
      settleWaiters(new ApiError('aborted', 'online', 'went offline before the login completed'));
      setStatus({ state: 'idle' });
      deps.dispatch({ type: 'offline' });
      events.emit('offline', undefined);
      if (!hadSession) return;
      try {
        await api.offline();
      } catch (error) {
        events.emit('error', error instanceof ApiError ? error : new ApiError('network', 'offline', String(error)));
      } finally {
        api.ticket = undefined;
      }
    },
    adopt(session) {
      info = session;
      api.ticket = session?.connection.ticket;
      needLogin = session === null;
    },
    ticketDead() {
      if (wanted && !loggingIn()) relogin();
    },
    retryNow() {
      if (!wanted || loggingIn()) return;
      // Only while waiting: an attempt in flight is not cut short.
      if (retryTimer.pending || deps.store.connection.peek().state === 'offline') attemptNow();
    },
    networkLost,
    suspend() {
      generation++;
      retryTimer.stop();
      closeTransport();
    },
    setShow(next) {
      show = next;
    },
  };
}

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  return (
    a.state === b.state &&
    a.reason === b.reason &&
    a.attempt === b.attempt &&
    a.nextRetryAt === b.nextRetryAt &&
    a.transport === b.transport
  );
}
