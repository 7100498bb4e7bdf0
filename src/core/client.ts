import { createApi } from '../api/client';
import { createPersistence } from '../persist/persistence';
import { createTabCoordinator } from '../persist/tabs/coordinator';
import type { SessionInfo, Snapshot } from '../persist/types';
import { parseConversationKey } from '../protocol/keys';
import type { Action } from '../store/actions';
import { findPerson } from '../store/roster';
import { createStore } from '../store/store';
import { createBackoff } from '../transport/backoff';
import { createTransport } from '../transport/create';
import type { TransportOptions } from '../transport/types';
import { createBuddyCompleter } from './buddy-completer';
import { catchUp, promoteLost, takeWatermarks } from './catch-up';
import { createDispatcher } from './dispatcher';
import { createClientEvents } from './events';
import { createHistoryLoader, DEFAULT_HISTORY_PAGE_SIZE } from './history-loader';
import { createOneShot, resolveHost, type Host } from './host';
import { createOutbox } from './outbox';
import { listenToPage } from './page-events';
import { isFresh, linkPersistence, type PersistenceLink } from './persistence-link';
import { createRemoteActions } from './remote-actions';
import { createSession } from './session';
import { joinTabs, type TabCommand, type TabSync } from './tab-sync';
import type { ClientOptions, WebIMClient } from './types';
import { createTypingSender } from './typing-sender';
import { startTypingSweeper } from './typing-sweeper';

/** Notifications are fetched this long after a login, off the login's critical path. */
export const NOTIFICATIONS_DELAY_MS = 1_500;

/** What the client offers its own layers beyond the public interface. */
export interface ClientInternals {
  /** Applies an action another tab already applied (reduced with `remote: true`, not re-published). */
  applyRemote(action: Action): void;
  /** Settles once the boot (restore from storage, joining the tab group) is done. */
  readonly ready: Promise<void>;
}

/**
 * The headless SDK: a store, and the session, outbox, history, typing and tab machinery that keep it current.
 * Nothing touches the network until `online()` (except restoring from IndexedDB, which is local).
 */
export function createClient(options: ClientOptions = {}): WebIMClient & ClientInternals {
  const host = resolveHost(options.env);
  const store = createStore();
  const events = createClientEvents();
  const api = options.api ?? createApi(options);
  const me = () => session.info?.me ?? store.user.peek()?.id ?? options.uid ?? '';
  const dispatcher = createDispatcher({ store, events, host, me });
  const { dispatch } = dispatcher;
  let tabs: TabSync | null = null;
  let persisted: PersistenceLink | null = null;
  let restoredSession: SessionInfo | null = null;
  let destroyed = false;
  /** Server time of the current session's login (what a dead ticket may have lost is newer). */
  let sessionStartedAt: number | null = null;
  const historyPageSize = options.historyPageSize ?? DEFAULT_HISTORY_PAGE_SIZE;
  const isLeader = () => !tabs || tabs.leader;
  const ticketDead = () => (isLeader() ? session.ticketDead() : tabs?.command('reconnect'));

  const transportOptions: TransportOptions = {};
  if (options.env) transportOptions.env = options.env;
  if (options.watchdogMs !== undefined) transportOptions.watchdogMs = options.watchdogMs;
  if (options.pollTimeoutMs !== undefined) transportOptions.pollTimeoutMs = options.pollTimeoutMs;
  if (options.probeIntervalMs !== undefined) transportOptions.probeIntervalMs = options.probeIntervalMs;

  const notificationsTimer = createOneShot(host, () => void remote.notifications().catch(() => undefined));

  const session = createSession({
    store,
    api,
    host,
    events,
    backoff: createBackoff(options.reconnect ?? {}, options.random),
    dispatch,
    openTransport: () => (options.createTransport ?? createTransport)(options.transport ?? 'auto', transportOptions),
    onlineParams: () => {
      const buddyIds: string[] = [];
      const roomIds: string[] = [];
      for (const key of store.tabs.peek()) {
        const parsed = parseConversationKey(key);
        if (parsed?.type === 'chat') buddyIds.push(parsed.id);
        else if (parsed?.type === 'grpchat') roomIds.push(parsed.id);
      }
      const params: { buddyIds: string[]; roomIds: string[]; strangerIds?: string[] } = { buddyIds, roomIds };
      const strangerIds = options.strangerIds?.();
      if (strangerIds) params.strangerIds = strangerIds;
      return params;
    },
    onPacket: (packet) => dispatch({ type: 'packet', packet }),
    onConnected: () => outbox.flush(),
    onLogin: (info) => {
      tabs?.publishSession(info);
      notificationsTimer.start(NOTIFICATIONS_DELAY_MS);
    },
    prepareLogin: (reply) => {
      // Whatever the lost session's ticket still had queued is gone from push; get it back from history.
      const marks = takeWatermarks(store, reply.user.id, sessionStartedAt);
      sessionStartedAt = reply.serverTime;
      if (!marks.size) return { reply };
      return {
        reply: promoteLost(reply, marks),
        applied: () => void catchUp({ store, api, events, dispatch, pageSize: historyPageSize }, marks, reply),
      };
    },
  });
  if (options.show) session.setShow(options.show);

  const outbox = createOutbox({
    store,
    api,
    host,
    events,
    dispatch,
    me,
    skew: () => session.info?.skew ?? 0,
    onTicketDead: ticketDead,
    onSent: (message) => {
      if (message.type === 'chat') typing.messageSent(message.to);
    },
  });
  const typing = createTypingSender({
    api,
    host,
    throttleMs: options.typingThrottleMs,
    idleMs: options.typingIdleMs,
    canSend: () => store.connection.peek().state === 'connected',
    onError: () => undefined, // a lost typing status is not worth the user's attention
  });
  const loadHistory = createHistoryLoader({ store, api, events, dispatch, pageSize: historyPageSize, onTicketDead: ticketDead });
  const completer = createBuddyCompleter({ api, host, events, dispatch });
  const remote = createRemoteActions({ store, api, events, dispatch, onTicketDead: ticketDead, setShow: (show) => session.setShow(show) });

  const stopSweeper = startTypingSweeper(store, host, dispatch);
  // Followers mirror the leader's connection state: whichever tab's outbox waits, it flushes when that is up.
  const stopFlushing = store.connection.subscribe((status) => {
    if (status.state === 'connected') outbox.flush();
  });
  const stopPage = listenToPage(host, {
    online: () => isLeader() && session.retryNow(),
    offline: () => isLeader() && session.networkLost(),
    visible: () => isLeader() && session.retryNow(),
    pagehide: () => {
      if (isLeader() && session.info) void api.refresh({ beacon: true }).catch(() => undefined);
      void persisted?.flush().catch(() => undefined);
    },
  });

  const runCommand = (command: TabCommand) => {
    if (command === 'online') void client.online().catch(() => undefined);
    else if (command === 'offline') void client.offline();
    else session.ticketDead();
  };

  const ready = boot();

  async function boot(): Promise<void> {
    const uid = options.uid;
    if (!uid) return;
    const domain = pageDomain(host);
    let snapshot: Snapshot | null = null;
    if (options.persist !== false) {
      const persistence = options.persistence ?? createPersistence({ domain });
      persisted = linkPersistence({ store, events, host, persistence, uid, session: () => session.info, outbox: () => outbox.entries() });
      snapshot = await persisted.restore();
      restoredSession = snapshot?.session ?? null;
    }
    const coordinator = options.tabs === false ? null : (options.tabCoordinator ?? (hasBroadcastChannel() ? createTabCoordinator({ domain, uid }) : null));
    if (coordinator && !destroyed) {
      tabs = await joinTabs({
        coordinator,
        store,
        events,
        applyRemote: dispatcher.applyRemote,
        session: () => session.info,
        adoptSession: (info) => session.adopt(info),
        becameLeader: () => {
          // Take over the shared session without a new `online` (buddies see nothing), unless the user is offline.
          const state = store.connection.peek().state;
          if (state !== 'idle' && state !== 'stopped') void session.online(session.info ?? undefined).catch(() => undefined);
        },
        lostLeadership: () => session.suspend(),
        runCommand,
      });
      if (destroyed) tabs.stop();
    }
    // Every tab restored the same outbox; only the leader re-sends it, or each message would go out once per tab.
    if (snapshot && isLeader()) outbox.restore(snapshot.outbox);
  }

  const client: WebIMClient & ClientInternals = {
    store,
    ready,
    applyRemote: dispatcher.applyRemote,
    async online() {
      await ready;
      if (!isLeader()) {
        tabs?.command('online');
        return;
      }
      const restored = restoredSession;
      restoredSession = null;
      const resume = isFresh(restored, options.uid ?? '', host.now()) ? restored : undefined;
      await session.online(resume);
      // A new page that resumed the stored session had no login, where notifications are otherwise fetched: without
      // this, a user browsing the site would never see new ones counted until opening the pane.
      if (resume && session.info) notificationsTimer.start(NOTIFICATIONS_DELAY_MS);
    },
    async offline() {
      await ready;
      if (!isLeader()) {
        tabs?.command('offline');
        return;
      }
      restoredSession = null;
      notificationsTimer.stop();
      tabs?.publishSession(null);
      await session.offline();
    },
    setPresence: (show, status) => remote.setPresence(show, status),
    sendMessage: (o) => outbox.send(o),
    retry: (key, id) => outbox.retry(key, id),
    sendTyping: (to) => typing.keystroke(to),
    join: (id) => remote.join(id),
    leave: (id) => remote.leave(id),
    members: (id) => remote.members(id),
    loadHistory,
    clearHistory: (key) => remote.clearHistory(key),
    notifications: () => remote.notifications(),
    saveSettings: (patch) => remote.saveSettings(patch),
    block: (id) => remote.block(id),
    unblock: (id) => remote.unblock(id),
    completeBuddies: (ids) => completer.request(ids),
    lookupPeople(ids) {
      const me = store.user.peek()?.id;
      const unknown = ids.filter((id) => id && id !== me && !findPerson(store, id));
      if (!unknown.length) return;
      dispatch({ type: 'strangers', people: unknown.map((id) => ({ id, nick: id, presence: 'offline', show: 'unavailable', incomplete: true, visitor: id.startsWith('vid:') })) });
      completer.request(unknown);
    },
    openConversation(key, opts = {}) {
      const parsed = parseConversationKey(key);
      const person = parsed?.type === 'chat' ? findPerson(store, parsed.id) : undefined;
      if (parsed?.type === 'chat' && !person) {
        const id = parsed.id;
        dispatch({ type: 'strangers', people: [{ id, nick: opts.nick || id, presence: 'offline', show: 'unavailable', incomplete: true, visitor: id.startsWith('vid:') }] });
        completer.request([id]);
      } else if (parsed && person?.peek().incomplete) {
        // Known only by id so far (e.g. a chatlink user whose presence came with the login): the window wants a name.
        completer.request([parsed.id]);
      }
      dispatch({ type: 'tab/open', key, activate: opts.activate !== false });
      if (!store.conversations.peek().get(key)?.peek().loaded) void loadHistory(key);
    },
    closeConversation: (key) => dispatch({ type: 'tab/close', key }),
    activate: (key) => dispatch({ type: 'tab/activate', key }),
    markRead: (key) => dispatch({ type: 'read', key }),
    setDraft: (key, text) => dispatch({ type: 'draft', key, text }),
    setPane: (pane) => dispatch({ type: 'pane', pane }),
    setMinimized: (value) => dispatch({ type: 'minimize', value }),
    markNotificationsSeen() {
      let at = store.notificationsSeenAt.peek();
      for (const n of store.notifications.peek()) at = Math.max(at, n.time ?? 0);
      dispatch({ type: 'notifications/seen', at });
    },
    on: (event, listener) => events.on(event, listener),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      session.suspend();
      notificationsTimer.stop();
      stopSweeper();
      stopFlushing();
      stopPage();
      outbox.destroy();
      typing.destroy();
      completer.destroy();
      persisted?.stop();
      tabs?.stop();
      events.clear();
    },
  };
  return client;
}

/** Stored snapshots and the tab group are per site: the page's host stands for the site's IM domain. */
function pageDomain(host: Host): string {
  return host.window?.location?.host || 'default';
}

function hasBroadcastChannel(): boolean {
  return typeof globalThis.BroadcastChannel === 'function';
}
