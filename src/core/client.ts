import { createApi } from '../api/client';
import { createTabCoordinator } from '../persist/tabs/coordinator';
import { ProtocolError } from '../protocol/errors';
import { parseConversationKey } from '../protocol/keys';
import type { Action } from '../store/actions';
import { person, stranger } from '../store/signals';
import { createStore } from '../store/store';
import { createBackoff } from '../transport/backoff';
import { selectTransport } from '../transport/select';
import { createDisposables } from '../util/disposables';
import { createEmitter } from '../util/emitter';
import { noop, type Core, type Timer } from './context';
import { createApplyAction } from './apply-action';
import { createDelivery } from './delivery';
import { createDiscussions } from './discussions';
import { createInbound } from './inbound';
import { createOutbox } from './outbox';
import { isVisible, startPageEvents } from './page-events';
import { createPersistenceLink } from './persistence-link';
import { createNotificationRefresh, startStrangersRefresh, startTypingSweep } from './refresh';
import { createRemote } from './remote';
import { createSession } from './session';
import { watchSubscriptions } from './subscriptions';
import { createTabLink } from './tab-link';
import type { ClientEventMap, ClientOptions, WebIMClient } from './types';

export { NOTIFICATIONS_DELAY_MS } from './refresh';
/**
 * A stored session this young is inside the message server's grace period (~8 s after its last subscriber left):
 * re-subscribing with its ticket brings the user back without buddies seeing an offline/online flicker.
 */
export const SESSION_FRESH_MS = 6_000;
export const DEFAULT_HISTORY_PAGE_SIZE = 30;

/** What the client offers its own layers beyond the public interface. */
export interface ClientInternals {
  /** Applies an action another tab already applied (announced with `remote: true`, not re-published). */
  applyRemote(action: Action): void;
  /** Settles once the boot (restore from storage, joining the tab group) is done. */
  readonly ready: Promise<void>;
}

/**
 * The headless SDK: a store, and the session, outbox, history, typing and tab machinery that keep it current.
 * Nothing touches the network until `online()` (restoring from IndexedDB is local). Every change goes
 * `dispatch(action)` → `reduce` → events (`apply-action.ts`); see `docs/client.md`. The parts are composed here:
 * the session and delivery, the tab link (`tab-link.ts`), the persistence link (`persistence-link.ts`), the page's
 * events (`page-events.ts`) and the timed refreshes (`refresh.ts`); everything they start goes into one disposables
 * list, which `destroy()` undoes.
 */
export function createClient(options: ClientOptions = {}): WebIMClient & ClientInternals {
  const env = options.env ?? {};
  const page = globalThis as { window?: Window; document?: Document; navigator?: Navigator };
  const win = 'window' in env ? env.window : page.window;
  const doc = 'document' in env ? env.document : (win?.document ?? page.document);
  const nav = 'navigator' in env ? env.navigator : (win?.navigator ?? page.navigator);
  const isOnline = () => nav?.onLine !== false;
  // Stored snapshots and the tab group are per site: the page's host stands for the site's IM domain.
  const domain = win?.location?.host || 'default';
  const store = createStore();
  /** Everything the client starts (timers, listeners, subscriptions, the tab group), undone by `destroy()`. */
  const disposables = createDisposables();
  const events = createEmitter<ClientEventMap>();
  disposables.add(events.clear);
  const pageSize = options.historyPageSize ?? DEFAULT_HISTORY_PAGE_SIZE;

  const leader = () => tabLink.leader();
  const applyRemote = (action: Action) => run(action, true);
  // Pushed packets go through a queue that applies a flood in bounded steps (see `inbound.ts`).
  const inbound = createInbound({ apply: (packet) => run({ type: 'packet', packet }, false) });

  const core: Core = {
    store,
    api: options.api ?? createApi(options),
    now: () => env.now?.() ?? Date.now(),
    timer(fn) {
      let id: unknown;
      const t: Timer = {
        on: false,
        stop() {
          if (t.on) (env.clearTimeout ?? clearTimeout)(id as number);
          t.on = false;
        },
        start(ms) {
          t.stop();
          if (disposables.disposed) return;
          t.on = true;
          id = (env.setTimeout ?? setTimeout)(() => {
            t.on = false;
            fn();
          }, ms);
        },
      };
      disposables.add(t.stop);
      return t;
    },
    emit: events.emit,
    dispatch(action) {
      if (action.type === 'packet') return inbound.push(action.packet);
      // A login or logout comes after every packet received before it.
      if (action.type === 'online' || action.type === 'offline') inbound.flush();
      run(action, false);
    },
    me: () => session.info?.me ?? store.user.peek()?.id ?? options.uid ?? '',
    ticketDead: () => (leader() ? session.ticketDead() : tabLink.publish({ kind: 'command', command: 'reconnect' })),
  };
  /** Every action, local or another tab's, goes through here: the store, then the events. */
  const run = createApplyAction(core, () => isVisible(doc));
  const { api, dispatch, now } = core;

  const notifications = createNotificationRefresh(
    core,
    () => remote.methods.notifications(),
    options.notificationsRefreshMs,
  );
  const session = createSession(core, {
    backoff: createBackoff(options.reconnect ?? {}, options.random),
    isOnline,
    transport: () =>
      (options.createTransport ?? selectTransport)(options.transport ?? 'auto', {
        env,
        watchdogMs: options.watchdogMs,
        pingIntervalMs: options.pingIntervalMs,
        pollTimeoutMs: options.pollTimeoutMs,
        probeIntervalMs: options.probeIntervalMs,
        watchSubscriptions: watchSubscriptions(core),
        // An abandoned poll's late answer: its messages were taken off the server's queue for us.
        onLatePacket: (packet) => delivery.received({ ...packet, presences: [], statuses: [] }),
      }),
    params() {
      const buddyIds: string[] = [];
      const roomIds: string[] = [];
      for (const key of store.tabs.peek()) {
        const p = parseConversationKey(key);
        if (p?.type === 'chat') buddyIds.push(p.id);
        if (p?.type === 'grpchat') roomIds.push(p.id);
      }
      return { buddyIds, roomIds, strangerIds: options.strangerIds?.() };
    },
    apply: (reply) => delivery.login(reply, reply.user.id),
    received: (packet) => delivery.received(packet),
    linkLost: () => delivery.linkLost(),
    loggedIn(info) {
      tabLink.announce({ kind: 'session', session: info });
      notifications.soon();
    },
  });
  if (options.show) session.show = options.show;

  const remote = createRemote(core, session, pageSize, options, (key, oldest, limit) =>
    persistenceLink.older(key, oldest, limit),
  );
  /** The session holds a ticket to POST with and is not stopped, offline by choice or without network. */
  const canSend = () => session.ticketUsable && !['idle', 'stopped', 'offline'].includes(store.connection.peek().state);
  const outbox = createOutbox(
    core,
    () => session.info?.skew ?? 0,
    (m) => m.type === 'chat' && remote.typed(m.to),
    canSend,
  );
  const delivery = createDelivery(core, {
    outbox,
    leading: () => leader() && session.wanted && !!session.info,
    hasTicket: canSend,
    cursorMoved(cursor) {
      // The other tabs take the cursor as "everything before it is here": the messages it covers that still wait in
      // the inbound queue are applied (and so published) first. A tab closed in between would otherwise take them along.
      inbound.flush();
      tabLink.announce({ kind: 'cursor', cursor });
      persistenceLink.save();
    },
    pageSize,
    syncIntervalMs: options.syncIntervalMs,
    loginCursor: () => session.info?.cursor,
  });

  const on: WebIMClient['on'] = events.on;
  /** Stored or cross-tab data that failed its checks was dropped: reported like a malformed packet. */
  const reportTampered = (error: unknown) => error instanceof ProtocolError && core.emit('error', error);
  const persistenceLink = createPersistenceLink({
    core,
    options,
    domain,
    session,
    outbox,
    sync: delivery.sync,
    on,
    reportTampered,
  });
  const tabLink = createTabLink({
    core,
    session,
    sync: delivery.sync,
    on,
    disposables,
    applyRemote,
    command: (command) =>
      command === 'online'
        ? client.online().catch(noop)
        : command === 'offline'
          ? client.offline()
          : session.ticketDead(),
    forget: () => void persistenceLink.forget(),
  });

  // Undone newest first: the tab group (added once joined), the push link, the outbox, the inbound queue, delivery,
  // the typing sweep, the page's listeners; timers as they were made (none restarts once disposed); events last.
  disposables.add(startPageEvents({ win, doc, api, session, leader, flush: persistenceLink.flush }));
  disposables.add(startTypingSweep(core));
  disposables.add(
    startStrangersRefresh(
      core,
      { leading: leader, refresh: (ids) => client.refreshPeople(ids) },
      options.strangersRefreshMs,
    ),
  );
  disposables.add(delivery.dispose);
  disposables.add(inbound.stop);
  disposables.add(outbox.stop);
  disposables.add(session.suspend);

  const ready = (async () => {
    const uid = options.uid;
    if (options.forgetOtherUsers && options.persist !== false) await persistenceLink.forgetOthers();
    if (!uid) return;
    const stored = options.persist !== false ? await persistenceLink.restore(uid) : null;
    const coordinator =
      options.tabs === false
        ? null
        : (options.tabCoordinator ??
          (typeof BroadcastChannel === 'function'
            ? createTabCoordinator({ domain, uid, onError: reportTampered })
            : null));
    // Joined after a destroy, the group is left at once (a late undo runs at once).
    if (coordinator && !disposables.disposed) await tabLink.join(coordinator);
    // Every tab restored the same outbox; only the leader re-sends it, or each message would go out once per tab.
    if (stored && leader()) outbox.restore(stored.outbox);
  })();

  const client: WebIMClient & ClientInternals = {
    store,
    ready,
    applyRemote,
    on,
    async online() {
      await ready;
      if (!leader()) return void tabLink.publish({ kind: 'command', command: 'online' });
      const r = persistenceLink.takeSession();
      const resume = r && r.me === options.uid && Math.abs(now() - r.aliveAt) <= SESSION_FRESH_MS ? r : undefined;
      await session.online(resume);
      // A page that resumed the stored session had no login, where notifications are otherwise fetched.
      if (resume && session.info) notifications.soon();
    },
    async offline({ forget = false } = {}) {
      await ready;
      try {
        if (!leader()) tabLink.publish({ kind: 'command', command: 'offline' });
        else {
          persistenceLink.takeSession(); // dropped: a later `online` logs in
          notifications.stop();
          tabLink.announce({ kind: 'session', session: null });
          await session.offline();
        }
      } finally {
        // Forgotten even when the server could not be told: the data must not outlive the sign-out.
        if (forget) {
          tabLink.publish({ kind: 'command', command: 'forget' });
          await persistenceLink.forget();
        }
      }
    },
    logout: () => client.offline({ forget: true }),
    ...remote.methods,
    ...createDiscussions(core, (key) => client.openConversation(key)),
    sendMessage: outbox.send,
    retry: outbox.retry,
    lookupPeople(ids) {
      const unknown = ids.filter((id) => id && id !== store.user.peek()?.id && !person(store, id));
      if (!unknown.length) return;
      dispatch({ type: 'strangers', people: unknown.map((id) => stranger(id, false)) });
      remote.complete(unknown);
    },
    refreshPeople(ids) {
      const { buddies, strangers } = store;
      remote.complete(
        ids.filter((id) => strangers.peek().has(id) && !buddies.peek().has(id)),
        true,
      );
    },
    openConversation(key, { activate = true, nick } = {}) {
      const p = parseConversationKey(key);
      const who = p?.type === 'chat' ? person(store, p.id) : undefined;
      if (p?.type === 'chat' && !who) dispatch({ type: 'strangers', people: [stranger(p.id, false, nick)] });
      // Known only by id so far (e.g. a chatlink user whose presence came with the login): the window wants a name.
      if (p?.type === 'chat' && (!who || who.peek().incomplete)) remote.complete([p.id]);
      dispatch({ type: 'tab/open', key, activate });
      if (!store.conversations.peek().get(key)?.peek().loaded) void remote.methods.loadHistory(key);
    },
    closeConversation: (key) => dispatch({ type: 'tab/close', key }),
    activate: (key) => dispatch({ type: 'tab/activate', key }),
    markRead: (key) => dispatch({ type: 'read', key }),
    releaseHistory: (key) => dispatch({ type: 'history/trim', key }),
    setDraft: (key, text) => dispatch({ type: 'draft', key, text }),
    setPane: (pane) => dispatch({ type: 'pane', pane }),
    setMinimized: (value) => dispatch({ type: 'minimize', value }),
    markNotificationsSeen: () =>
      dispatch({
        type: 'notifications/seen',
        at: Math.max(
          store.notificationsSeenAt.peek(),
          ...store.notifications.peek().map((n) => n.time ?? 0),
          ...store.channelPosts.peek().map((p) => p.timestamp),
        ),
      }),
    destroy: disposables.dispose,
  };
  return client;
}
