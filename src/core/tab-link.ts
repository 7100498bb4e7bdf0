import { applyState, captureState } from '../persist/state';
import type { TabCoordinator, TabMessage } from '../persist/types';
import type { Action } from '../store/actions';
import type { ConnectionState } from '../store/types';
import type { Disposables } from '../util/disposables';
import { noop, type Core } from './context';
import type { Session } from './session';
import type { Sync } from './sync';
import type { WebIMClient } from './types';

/**
 * This tab's part in its tab group: `alone` until it joins one (or with none to join: it holds the push link), then
 * what the election made it — the `leader` holds the push link, a `follower` mirrors the leader.
 */
export type TabRole = 'alone' | 'leader' | 'follower';

/**
 * What a change of role asks of this tab's session (see {@link handover}): `none`, `release` the push link,
 * `take-over` the push link, or `lead` with nothing to hold.
 */
export type Handover = 'none' | 'release' | 'take-over' | 'lead';

/**
 * Who holds the push link after the election spoke (pure). `leading` is what the tab acted as so far
 * (`store.leader`), `role` what it is now, `connection` the state of the shared session:
 * - no change → `none`;
 * - leader no more → `release`: the link stops, the session stays (a follower POSTs with the shared ticket);
 * - leader now, the user online in any state (connecting, connected, reconnecting, offline, unreachable) →
 *   `take-over`: re-subscribe with the shared session, no new `online` (buddies see nothing);
 * - leader now, the user signed out (`idle`) or refused (`stopped`) → `lead`: nothing to hold until `online()`.
 */
export function handover(leading: boolean, role: TabRole, connection: ConnectionState): Handover {
  const lead = role !== 'follower';
  if (lead === leading) return 'none';
  if (!lead) return 'release';
  return connection === 'idle' || connection === 'stopped' ? 'lead' : 'take-over';
}

/** Actions that describe this tab alone, never published to the others: a draft, a sweep, this reader's trim. */
const LOCAL_ACTIONS = new Set<Action['type']>(['draft', 'typing/sweep', 'history/trim']);

/** What the tab link mirrors and hands over. */
export interface TabLinkContext {
  core: Core;
  session: Session;
  sync: Pick<Sync, 'adopt' | 'cursor'>;
  on: WebIMClient['on'];
  disposables: Disposables;
  /** Applies an action another tab already applied (announced with `remote: true`, not re-published). */
  applyRemote(action: Action): void;
  /** Does, as the leader, what a follower asked for. */
  command(command: 'online' | 'offline' | 'reconnect'): void;
  /** The user logged out in another tab: forget them here too. */
  forget(): void;
}

/**
 * One push connection per browser (see `docs/tabs.md`): links the client to the other tabs of its domain and user.
 * Every tab publishes the actions it applies and mirrors the others'; the leader answers a new tab with its state and
 * shares its session and sync cursor; a follower's commands go to the leader; a change of leader hands the push link
 * over ({@link handover}).
 */
export function createTabLink(context: TabLinkContext) {
  const { core, session, applyRemote } = context;
  const { store } = core;
  let tabs: TabCoordinator | null = null;
  /** The leader has heard another tab: until then nobody listens to what it would publish. */
  let heard = false;

  const role = (): TabRole => (!tabs ? 'alone' : tabs.isLeader.peek() ? 'leader' : 'follower');
  const leader = () => role() !== 'follower';
  const publish = (message: TabMessage) => tabs?.publish(message);

  return {
    role,
    /** This tab holds the push link (`alone` or `leader`). */
    leader,
    publish,
    /** Publishes what only a listening tab needs (a session, a cursor): nothing until another tab was heard. */
    announce(message: TabMessage): void {
      if (heard) publish(message);
    },
    /** Joins the tab group; everything it starts goes into the client's disposables. */
    async join(coordinator: TabCoordinator): Promise<void> {
      await coordinator.start();
      tabs = coordinator;
      const { isLeader, id } = coordinator;
      store.leader.value = isLeader.peek();
      // Every tab publishes the syncing actions it applies itself (never LOCAL_ACTIONS; the connection
      // only from the leader, which followers mirror).
      context.on('action', ({ action: a, remote }) => {
        if (!remote && !LOCAL_ACTIONS.has(a.type) && (leader() ? heard : a.type !== 'connection'))
          publish({ kind: 'action', action: a });
      });
      const unsubscribe = coordinator.subscribe((m) => {
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
              cursor: context.sync.cursor,
            });
        } else if (m.kind === 'state') {
          if (m.to !== id || leader()) return;
          applyState(store, m.state, { keepDrafts: true });
          session.adopt(m.session);
          context.sync.adopt(m.cursor);
          applyRemote({ type: 'connection', status: m.connection });
        } else if (m.kind === 'session') {
          if (!leader()) session.adopt(m.session);
        } else if (m.kind === 'cursor') {
          if (!leader()) context.sync.adopt(m.cursor);
        } else if (m.command === 'forget') context.forget();
        else if (leader()) context.command(m.command);
      });
      const unwatch = isLeader.subscribe((lead) => {
        const step = handover(store.leader.peek(), lead ? 'leader' : 'follower', store.connection.peek().state);
        if (step === 'none') return;
        store.leader.value = lead;
        // Take over the shared session without a new `online` (buddies see nothing), unless the user is offline.
        if (step === 'release') session.suspend();
        else if (step === 'take-over') session.online(session.info ?? undefined).catch(noop);
      });
      if (!leader()) publish({ kind: 'state-request', from: id });
      // One undo, in this order: no handover runs while the coordinator resigns. (Run at once if the client was
      // destroyed while joining.)
      context.disposables.add(() => {
        unsubscribe();
        unwatch();
        coordinator.stop();
      });
    },
  };
}

export type TabLink = ReturnType<typeof createTabLink>;
