import { createApi } from '../api/client';
import { createArchive, type MessageArchive } from '../persist/archive';
import { createPersistence } from '../persist/persistence';
import { makeSnapshot } from '../persist/snapshot';
import { applySnapshot, applyState, captureState } from '../persist/state';
import { forgetPreviousUser } from '../persist/previous-user';
import { createTabCoordinator } from '../persist/tabs/coordinator';
import type { Persistence, SessionInfo, Snapshot, TabCoordinator, TabMessage } from '../persist/types';
import { ProtocolError } from '../protocol/errors';
import { parseConversationKey } from '../protocol/keys';
import type { ConversationKey } from '../protocol/types';
import type { Action } from '../store/actions';
import { reduce } from '../store/reduce';
import { person, stranger } from '../store/signals';
import { createStore } from '../store/store';
import { createBackoff } from '../transport/backoff';
import { selectTransport } from '../transport/select';
import { fail, noop, type Core, type Timer } from './context';
import { createDelivery } from './delivery';
import { createInbound } from './inbound';
import { createOutbox } from './outbox';
import { createDiscussions } from './discussions';
import { createRemote } from './remote';
import { createSession } from './session';
import { createEmitter } from '../util/emitter';
import { watchSubscriptions } from './subscriptions';
import type { ClientEventMap, ClientOptions, WebIMClient } from './types';

/** Notifications are fetched this long after a login, off the login's critical path. */
export const NOTIFICATIONS_DELAY_MS = 1_500;
/**
 * A stored session this young is inside the message server's grace period (~8 s after its last subscriber left):
 * re-subscribing with its ticket brings the user back without buddies seeing an offline/online flicker.
 */
export const SESSION_FRESH_MS = 6_000;
export const DEFAULT_HISTORY_PAGE_SIZE = 30;
/** Actions that describe this tab alone, never published to the others: a draft, a sweep, this reader's trim. */
const LOCAL_ACTIONS = new Set<Action['type']>(['draft', 'typing/sweep', 'history/trim']);

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
 * `dispatch(action)` → `reduce` → events; see `docs/client.md`.
 */
export function createClient(options: ClientOptions = {}): WebIMClient & ClientInternals {
  const env = options.env ?? {};
  const page = globalThis as { window?: Window; document?: Document; navigator?: Navigator };
  const win = 'window' in env ? env.window : page.window;
  const doc = 'document' in env ? env.document : (win?.document ?? page.document);
  const nav = 'navigator' in env ? env.navigator : (win?.navigator ?? page.navigator);
  const visible = () => doc?.visibilityState !== 'hidden';
  const isOnline = () => nav?.onLine !== false;
  const store = createStore();
  const events = createEmitter<ClientEventMap>();
  const timers: Timer[] = [];
  const cleanups: Array<() => void> = [];
  const pageSize = options.historyPageSize ?? DEFAULT_HISTORY_PAGE_SIZE;
  let tabs: TabCoordinator | null = null;
  /** The leader has heard another tab: until then nobody listens to what it would publish. */
  let heard = false;
  let restored: SessionInfo | null = null;
  let destroyed = false;

  const leader = () => !tabs || tabs.isLeader.peek();
  const publish = (message: TabMessage) => tabs?.publish(message);
  const run = (action: Action, remote: boolean) => {
    const me = action.type === 'online' ? action.me : core.me();
    const isSeen = (key: ConversationKey) => visible() && store.activeTab.peek() === key && !store.minimized.peek();
    const invitationsBefore = store.invitations.peek();
    const postsBefore = store.channelPosts.peek();
    // Events come from what the store did: a replay or a copy of a known message raises nothing.
    for (const { key, message, was } of reduce(store, action, { me, now: core.now(), isSeen })) {
      if (!was) core.emit('message', { key, message, incoming: message.from !== me });
      else if (was.status !== message.status) core.emit('message:status', { key, message });
    }
    if (action.type === 'packet') {
      for (const p of action.packet.presences) core.emit('presence', p);
      for (const s of action.packet.statuses) core.emit('status', s);
      // Only what the store took as news (a replay or another tab's copy raises nothing), oldest first.
      for (const i of [...store.invitations.peek()].reverse())
        if (!invitationsBefore.includes(i)) core.emit('invitation', i);
      for (const p of [...store.channelPosts.peek()].reverse())
        if (!postsBefore.includes(p)) core.emit('channel-post', p);
    }
    core.emit('action', { action, remote });
  };
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
          if (destroyed) return;
          t.on = true;
          id = (env.setTimeout ?? setTimeout)(() => {
            t.on = false;
            fn();
          }, ms);
        },
      };
      timers.push(t);
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
    ticketDead: () => (leader() ? session.ticketDead() : publish({ kind: 'command', command: 'reconnect' })),
  };
  const { api, dispatch, now } = core;

  // Read after a login, then now and then (a forum's notifications have no push); a disconnected page skips a turn.
  const refreshEvery = options.notificationsRefreshMs ?? 300_000;
  const notifications = core.timer(() => {
    const { state } = store.connection.peek();
    if (state === 'connected' || state === 'connecting') remote.methods.notifications().catch(noop);
    if (refreshEvery > 0) notifications.start(refreshEvery);
  });
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
      if (heard) publish({ kind: 'session', session: info });
      notifications.start(NOTIFICATIONS_DELAY_MS);
    },
  });
  if (options.show) session.show = options.show;

  /** The local history tier (set at boot when persistence is on). */
  let archive: MessageArchive | null = null;
  const remote = createRemote(core, session, pageSize, options, (key, oldest, limit) =>
    archive && options.uid ? archive.older(options.uid, key, oldest, limit) : Promise.resolve([]),
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
      if (heard) publish({ kind: 'cursor', cursor });
      persistence?.save(snapshot);
    },
    pageSize,
    syncIntervalMs: options.syncIntervalMs,
  });

  // Typing indicators go when the earliest runs out; no timer runs while nobody is typing.
  const sweep = core.timer(() => dispatch({ type: 'typing/sweep' }));
  cleanups.push(
    store.typing.subscribe((typing) => {
      const until = Math.min(...[...typing.values()].flat().map((e) => e.until));
      if (until < Infinity) sweep.start(Math.max(0, until - now()));
      else sweep.stop();
    }),
    delivery.dispose,
  );

  // Page events; one abort removes them all.
  const page$ = new AbortController();
  const listen = (target: EventTarget | undefined, type: string, fn: () => unknown) =>
    target?.addEventListener(type, fn, { signal: page$.signal });
  listen(win, 'online', () => leader() && session.retryNow());
  listen(win, 'offline', () => leader() && session.lost());
  listen(doc, 'visibilitychange', () => visible() && leader() && session.retryNow());
  listen(win, 'pagehide', () => {
    // The server keeps the session for its grace period: the next page resumes it (only the leader holds it).
    if (leader() && session.info) api.refresh({ beacon: true }).catch(noop);
    flush();
  });

  const on: WebIMClient['on'] = events.on;

  let persistence: Persistence | undefined;
  /** Set by the pagehide flush until the task ends: the page may be gone before a debounced write. */
  let leaving = false;
  const snapshot = (): Snapshot => {
    const info = session.info;
    return makeSnapshot(store, {
      uid: options.uid!,
      // While the link is up the session is alive now; otherwise as alive as it last was.
      session: info && { ...info, aliveAt: store.connection.peek().state === 'connected' ? now() : info.aliveAt },
      outbox: outbox.entries(),
      cursor: delivery.sync.cursor,
      now: now(),
    });
  };
  const flush = () => {
    if (!persistence || forgotten) return;
    if (!leaving) {
      leaving = true;
      // A page kept in the back/forward cache runs this when shown again: debounced writes from then on.
      (env.setTimeout ?? setTimeout)(() => (leaving = false), 0);
    }
    persistence.save(snapshot);
    persistence.flush().catch(noop);
    archive?.flush().catch(noop);
  };

  const runCommand = (command: 'online' | 'offline' | 'reconnect') =>
    command === 'online'
      ? client.online().catch(noop)
      : command === 'offline'
        ? client.offline()
        : session.ticketDead();

  /** One push connection per browser: see `docs/tabs.md`. */
  async function joinTabs(coordinator: TabCoordinator): Promise<void> {
    await coordinator.start();
    tabs = coordinator;
    const { isLeader, id } = coordinator;
    store.leader.value = isLeader.peek();
    // Every tab publishes the syncing actions it applies itself (never LOCAL_ACTIONS; the connection
    // only from the leader, which followers mirror).
    on('action', ({ action: a, remote }) => {
      if (!remote && !LOCAL_ACTIONS.has(a.type) && (leader() ? heard : a.type !== 'connection'))
        publish({ kind: 'action', action: a });
    });
    cleanups.push(
      coordinator.subscribe((m) => {
        heard = true;
        if (m.kind === 'action') {
          // A connection state that is not the leader's (a tab that just lost leadership) is not ours to mirror.
          if (m.action.type !== 'connection' || !leader()) applyRemote(m.action);
        } else if (m.kind === 'state-request') {
          if (leader())
            publish({
              kind: 'state',
              to: m.from,
              state: captureState(store),
              session: session.info,
              connection: store.connection.peek(),
            });
        } else if (m.kind === 'state') {
          if (m.to !== id || leader()) return;
          applyState(store, m.state, { keepDrafts: true });
          session.adopt(m.session);
          applyRemote({ type: 'connection', status: m.connection });
        } else if (m.kind === 'session') {
          if (!leader()) session.adopt(m.session);
        } else if (m.kind === 'cursor') {
          if (!leader()) delivery.sync.adopt(m.cursor);
        } else if (m.command === 'forget') void forgetUser();
        else if (leader()) runCommand(m.command);
      }),
      isLeader.subscribe((lead) => {
        if (lead === store.leader.peek()) return;
        store.leader.value = lead;
        const state = store.connection.peek().state;
        // Take over the shared session without a new `online` (buddies see nothing), unless the user is offline.
        if (!lead) session.suspend();
        else if (state !== 'idle' && state !== 'stopped') session.online(session.info ?? undefined).catch(noop);
      }),
      () => coordinator.stop(),
    );
    if (!leader()) publish({ kind: 'state-request', from: id });
  }

  /**
   * Forgets the user in this tab: empties the store (conversations, drafts, roster, unsent messages with it, which
   * the outbox then skips) and deletes the stored snapshot and this tab's pagehide copy. Saving resumes with the
   * next `online`.
   */
  let forgotten = false;
  const forgetUser = async () => {
    forgotten = true;
    restored = null;
    applyState(store, captureState(createStore()));
    if (options.uid) await Promise.all([persistence?.clear(options.uid), archive?.clear(options.uid)]);
  };

  /** Stored or cross-tab data that failed its checks was dropped: reported like a malformed packet. */
  const reportTampered = (error: unknown) => error instanceof ProtocolError && core.emit('error', error);

  const ready = (async () => {
    const uid = options.uid;
    // Stored snapshots and the tab group are per site: the page's host stands for the site's IM domain.
    const domain = win?.location?.host || 'default';
    const newPersistence = () => options.persistence ?? createPersistence({ domain, onError: reportTampered });
    if (options.persist !== false)
      archive = options.archive === false ? null : (options.archive ?? createArchive({ domain }));
    if (options.forgetOtherUsers && options.persist !== false) {
      const p = (persistence = newPersistence());
      // The previous user's snapshot and their archived messages.
      const both = { clear: (who: string) => Promise.all([p.clear(who), archive?.clear(who)]).then(noop) };
      await forgetPreviousUser(domain, uid, both).catch(noop);
    }
    if (!uid) return;
    let stored: Snapshot | null = null;
    if (options.persist !== false) {
      const p = (persistence ??= newPersistence());
      const a = archive;
      const conversations = () => [...store.conversations.peek().values()].map((c) => c.peek());
      // Every change (here or from another tab) schedules a write of the latest state; while the page is being
      // hidden (the composer saving its draft in a later pagehide listener) it is written at once.
      on('action', ({ action }) => {
        if (action.type === 'online') forgotten = false;
        if (action.type === 'history/clear') void a?.clear(uid, action.key);
        if (action.type === 'typing/sweep' || forgotten) return;
        a?.save(uid, conversations);
        leaving ? flush() : p.save(snapshot);
      });
      stored = await p.load(uid).catch(() => null);
      if (stored) applySnapshot(store, stored);
      // Restored lists are as the last page left them, and so is the archive: nothing to write until they change.
      for (const c of stored?.state.conversations ?? [])
        a?.remember(store.conversations.peek().get(c.key)!.peek().messages);
      restored = stored?.session ?? null;
      delivery.sync.adopt(stored?.cursor);
    }
    const coordinator =
      options.tabs === false
        ? null
        : (options.tabCoordinator ??
          (typeof BroadcastChannel === 'function'
            ? createTabCoordinator({ domain, uid, onError: reportTampered })
            : null));
    if (coordinator && !destroyed) await joinTabs(coordinator);
    if (destroyed) cleanups.splice(0).forEach((f) => f());
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
      if (!leader()) return void publish({ kind: 'command', command: 'online' });
      const r = restored;
      restored = null;
      const resume = r && r.me === options.uid && Math.abs(now() - r.aliveAt) <= SESSION_FRESH_MS ? r : undefined;
      await session.online(resume);
      // A page that resumed the stored session had no login, where notifications are otherwise fetched.
      if (resume && session.info) notifications.start(NOTIFICATIONS_DELAY_MS);
    },
    async offline({ forget = false } = {}) {
      await ready;
      try {
        if (!leader()) publish({ kind: 'command', command: 'offline' });
        else {
          restored = null;
          notifications.stop();
          if (heard) publish({ kind: 'session', session: null });
          await session.offline();
        }
      } finally {
        // Forgotten even when the server could not be told: the data must not outlive the sign-out.
        if (forget) {
          publish({ kind: 'command', command: 'forget' });
          await forgetUser();
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
    destroy() {
      if (destroyed) return;
      destroyed = true;
      session.suspend();
      outbox.stop();
      inbound.stop();
      for (const t of timers) t.stop();
      for (const f of cleanups.splice(0)) f();
      page$.abort();
      events.clear();
    },
  };
  return client;
}
