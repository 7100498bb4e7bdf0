import { applyState, captureState } from '../persist/state';
import type { SessionInfo, TabCoordinator, TabMessage } from '../persist/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';

export type TabCommand = Extract<TabMessage, { kind: 'command' }>['command'];

export interface TabSyncDeps {
  coordinator: TabCoordinator;
  store: Store;
  events: ClientEvents;
  applyRemote(action: Action): void;
  /** The session this tab holds or shares. */
  session(): SessionInfo | null;
  /** A follower takes the leader's session (it POSTs with the shared ticket). */
  adoptSession(session: SessionInfo | null): void;
  /** This tab just became the leader (after the boot): take over the push connection. */
  becameLeader(): void;
  /** This tab stopped being the leader: let go of the push connection. */
  lostLeadership(): void;
  /** The leader runs what a follower asked for. */
  runCommand(command: TabCommand): void;
}

/**
 * One push connection per browser. Every tab publishes the syncing actions it applies itself (`draft` and the
 * local `typing/sweep` never; `connection` only from the leader, so followers mirror its state) and applies
 * other tabs' actions with `applyRemote` (never re-published). The leader answers `state-request` with the full
 * state and session and announces each new session; a follower asks for the state when it starts, and forwards
 * `online`/`offline`/`reconnect` to the leader.
 */
export interface TabSync {
  readonly leader: boolean;
  publishSession(session: SessionInfo | null): void;
  command(command: TabCommand): void;
  stop(): void;
}

const LOCAL_ONLY = new Set<Action['type']>(['draft', 'typing/sweep']);

export async function joinTabs(deps: TabSyncDeps): Promise<TabSync> {
  const { coordinator, store } = deps;
  await coordinator.start();
  const isLeader = () => coordinator.isLeader.peek();
  store.leader.value = isLeader();

  const stopPublishing = deps.events.on('action', ({ action, remote }) => {
    if (remote || LOCAL_ONLY.has(action.type)) return;
    if (action.type === 'connection' && !isLeader()) return;
    coordinator.publish({ kind: 'action', action });
  });

  const stopListening = coordinator.subscribe((message) => {
    switch (message.kind) {
      case 'action':
        // A connection state that is not the leader's (a tab that just lost leadership) is not ours to mirror.
        if (message.action.type === 'connection' && isLeader()) return;
        deps.applyRemote(message.action);
        return;
      case 'state-request':
        if (!isLeader()) return;
        coordinator.publish({
          kind: 'state',
          to: message.from,
          state: captureState(store),
          session: deps.session(),
          connection: store.connection.peek(),
        });
        return;
      case 'state':
        if (message.to !== coordinator.id || isLeader()) return;
        applyState(store, message.state, { keepDrafts: true });
        deps.adoptSession(message.session);
        deps.applyRemote({ type: 'connection', status: message.connection });
        return;
      case 'session':
        if (!isLeader()) deps.adoptSession(message.session);
        return;
      case 'command':
        if (isLeader()) deps.runCommand(message.command);
        return;
    }
  });

  // Leadership changes after the boot: the first result was handled above.
  let wasLeader = isLeader();
  const stopWatching = coordinator.isLeader.subscribe((leader) => {
    if (leader === wasLeader) return;
    wasLeader = leader;
    store.leader.value = leader;
    if (leader) deps.becameLeader();
    else deps.lostLeadership();
  });

  if (!isLeader()) coordinator.publish({ kind: 'state-request', from: coordinator.id });

  return {
    get leader() {
      return isLeader();
    },
    publishSession(session) {
      if (isLeader()) coordinator.publish({ kind: 'session', session });
    },
    command(command) {
      coordinator.publish({ kind: 'command', command });
    },
    stop() {
      stopPublishing();
      stopListening();
      stopWatching();
      coordinator.stop();
    },
  };
}
