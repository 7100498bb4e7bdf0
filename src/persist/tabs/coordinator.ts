import { signal } from '@preact/signals';
import type { TabCoordinator, TabMessage } from '../types';
import { createBroadcastElection } from './broadcast-election';
import { openTabChannel } from './channel';
import { createSoloElection, type Election, type ElectionTimers } from './election';
import { channelName, lockName } from './envelope';
import { createLockElection } from './lock-election';

/** Browser facilities the coordinator uses; each defaults to the page's own. */
export interface TabEnv extends Partial<ElectionTimers> {
  /** Web Locks; pass `null` to elect over BroadcastChannel alone. Default `navigator.locks`. */
  locks?: LockManager | null;
  /** Pass `null` for a tab that coordinates with nobody (it leads alone). Default the global one. */
  BroadcastChannel?: typeof BroadcastChannel | null;
  /** Where `pagehide`/`pageshow` are heard. Default `globalThis` when it is an event target (a page). */
  window?: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null;
}

export interface TabCoordinatorOptions {
  domain: string;
  uid: string;
  env?: TabEnv;
  /** BroadcastChannel election: the leader's heartbeat period. Default 500 ms. */
  heartbeatMs?: number;
  /** BroadcastChannel election: silence after which another tab takes over. Default 1500 ms. */
  timeoutMs?: number;
  /** This tab's id (tests); default random. Ties between claimants go to the smaller id. */
  id?: string;
  /** Diagnostics: a listener threw, a message could not be posted. */
  onError?: (error: unknown) => void;
}

/**
 * Joins the tab group of one site domain and user: elects the leader (Web Locks where present, else a
 * BroadcastChannel election) and carries `TabMessage`s between the group's tabs. Tabs of other users or domains
 * never hear each other. Leaves the group politely on `pagehide` (and rejoins if the page comes back from the
 * back/forward cache). The protocol is described in `docs/tabs.md`.
 */
export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const env = options.env ?? {};
  const id = options.id ?? randomId();
  const isLeader = signal(false);
  const onError = (error: unknown) => {
    try {
      options.onError?.(error);
    } catch {
      // diagnostics must not break coordination
    }
  };
  const timers: ElectionTimers = {
    setTimeout: env.setTimeout ?? ((fn, ms) => setTimeout(fn, ms)),
    clearTimeout: env.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
  };
  const Channel = 'BroadcastChannel' in env ? (env.BroadcastChannel ?? undefined) : globalBroadcastChannel();
  const locks = 'locks' in env ? env.locks : pageLocks();
  const page = 'window' in env ? env.window : pageEventTarget();
  const heartbeatMs = options.heartbeatMs ?? 500;

  const channel = openTabChannel(Channel, channelName(options.domain, options.uid), id, onError);
  const listeners = new Set<(message: TabMessage) => void>();
  channel.listen((envelope) => {
    if (envelope.kind !== 'message') return;
    const message = envelope.message;
    if (message.kind === 'state' && message.to !== id) return; // an answer to another tab's request
    for (const listener of [...listeners]) {
      try {
        listener(message);
      } catch (error) {
        onError(error);
      }
    }
  });

  const setLeader = (value: boolean) => {
    if (isLeader.peek() !== value) isLeader.value = value;
  };
  const broadcastElection = () =>
    createBroadcastElection({
      id,
      channel,
      setLeader,
      timers,
      heartbeatMs,
      timeoutMs: options.timeoutMs ?? 1500,
      claimMs: Math.max(1, Math.round(heartbeatMs / 2)),
      discoverMs: heartbeatMs,
    });

  let election: Election | null = null;
  let joining: Promise<void> | null = null;
  let stopped = false;
  /** Bumped by every leave, so a join still waiting for its answer knows it was called off. */
  let generation = 0;

  /** Web Locks if they work here, else BroadcastChannel, else alone. */
  const join = async (): Promise<void> => {
    const mine = ++generation;
    const attempts: Array<() => Election> = [];
    if (locks) attempts.push(() => createLockElection(locks, lockName(options.domain, options.uid), setLeader));
    if (channel.connected) attempts.push(broadcastElection);
    attempts.push(() => createSoloElection(setLeader));
    for (const make of attempts) {
      const candidate = make();
      election = candidate;
      const works = await candidate.start();
      if (mine !== generation) {
        candidate.stop();
        return;
      }
      if (works) return;
    }
  };

  const leave = () => {
    generation++;
    election?.stop();
    election = null;
    joining = null;
  };

  const onPageHide = () => leave();
  const onPageShow = (event: Event) => {
    // Back from the back/forward cache: rejoin (a fresh page gets a fresh coordinator instead).
    if (!stopped && (event as PageTransitionEvent).persisted && !joining) joining = join().catch(onError);
  };

  return {
    id,
    isLeader,
    start() {
      if (stopped) return Promise.resolve();
      if (!joining) {
        page?.addEventListener('pagehide', onPageHide);
        page?.addEventListener('pageshow', onPageShow);
        joining = join().catch(onError);
      }
      return joining;
    },
    publish(message) {
      if (!stopped) channel.post({ kind: 'message', message });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    stop() {
      if (stopped) return;
      stopped = true;
      leave();
      page?.removeEventListener('pagehide', onPageHide);
      page?.removeEventListener('pageshow', onPageShow);
      listeners.clear();
      channel.close();
    },
  };
}

function randomId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

function globalBroadcastChannel(): typeof BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'function' ? BroadcastChannel : undefined;
}

function pageLocks(): LockManager | null {
  try {
    const nav = (globalThis as { navigator?: Navigator }).navigator;
    return nav?.locks ?? null;
  } catch {
    return null;
  }
}

function pageEventTarget(): Pick<EventTarget, 'addEventListener' | 'removeEventListener'> | null {
  const g = globalThis as Partial<EventTarget>;
  return typeof g.addEventListener === 'function' && typeof g.removeEventListener === 'function'
    ? (g as EventTarget)
    : null;
}
