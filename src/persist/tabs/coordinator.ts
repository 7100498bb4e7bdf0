import { signal } from '@preact/signals';
import { ProtocolError } from '../../protocol/errors';
import { MESSAGES, readKind, type Shape } from '../schema';
import type { TabCoordinator, TabMessage } from '../types';
import { createEmitter } from '../../util/emitter';
import { attempt, pageGlobal, reporter, userKey } from '../util';

/** Browser facilities the coordinator uses; each defaults to the page's own. */
export interface TabEnv {
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
  /** Diagnostics: a listener threw, a message could not be posted, a malformed message was dropped (`ProtocolError`). */
  onError?: (error: unknown) => void;
}

/** The BroadcastChannel of one domain and user. */
export const channelName = (domain: string, uid: string): string => 'webim:' + userKey(domain, uid);

/** The Web Lock whose holder is the leader of one domain and user. */
export const lockName = (domain: string, uid: string): string => 'webim-leader:' + userKey(domain, uid);

/**
 * What travels on the channel, by kind: `message` carries a `TabMessage` for subscribers; the rest is the
 * BroadcastChannel election's own traffic (see `docs/tabs.md`). Every envelope carries our tag (other scripts'
 * traffic on a same-named channel is ignored) and its sender's id.
 */
const TERM = { term: 'c' };
const ENVELOPES: Record<string, Shape> = {
  message: { message: (v) => readKind(v, MESSAGES) },
  heartbeat: TERM,
  claim: TERM,
  query: {},
  bye: {},
};
const TAG = 'webim-tabs/1';

/**
 * Where this tab is in the BroadcastChannel election: `off` when it does not elect over the channel (Web Locks, alone,
 * or left); `following` a leader (or asking who leads), claiming when it goes silent; `claiming`, leading unless a
 * better claim or a live leader is heard; `leading`, beating its heart.
 */
export type ElectionPhase = 'off' | 'following' | 'claiming' | 'leading';
type Envelope = { from: string; kind: string; term: number; message: TabMessage };

/**
 * Joins the tab group of one site domain and user: elects the leader (Web Locks where present, else a
 * BroadcastChannel election, else this tab alone) and carries `TabMessage`s between the group's tabs. Tabs of
 * other users or domains never hear each other. Leaves the group politely on `pagehide` (and rejoins if the page
 * comes back from the back/forward cache). The protocol is described in `docs/tabs.md`.
 */
export function createTabCoordinator(options: TabCoordinatorOptions): TabCoordinator {
  const {
    domain,
    uid,
    env = {},
    heartbeatMs = 500,
    timeoutMs = 1500,
    id = Math.random().toString(36).slice(2),
  } = options;
  const isLeader = signal(false);
  const locks = pageGlobal(env, 'locks', () => navigator.locks);
  const page = pageGlobal(env, 'window', () => ('addEventListener' in globalThis ? globalThis : null));
  const report = reporter(options.onError);
  // A listener that throws is reported like any other failure here, and the others still hear the message.
  const messages = createEmitter<{ message: TabMessage }>(report);
  /** `run()`; what it throws is reported, never thrown. */
  const safely = <T>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      report(error);
    }
  };
  let channel: BroadcastChannel | null | undefined = safely(() => {
    const Channel = pageGlobal(env, 'BroadcastChannel', () => BroadcastChannel);
    return Channel && new Channel(channelName(domain, uid));
  });
  /** Sends to the other tabs (never to this one); a payload that cannot be cloned is reported, not thrown. */
  const post = (body: object) => safely(() => channel?.postMessage({ ...body, tag: TAG, from: id }));

  // --- membership: every leave bumps `generation`, so an answer for an earlier join is ignored ---
  let generation = 0;
  let joining: Promise<void> | null = null;
  let stopped = false;
  let release: (() => void) | undefined;
  let queued: AbortController | undefined;

  // --- the BroadcastChannel election ---
  let phase: ElectionPhase = 'off';
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Newest term of a leader this tab has heard (or been); the term it proposes while claiming. */
  let term = 0;
  let proposed = 0;
  let leaderId: string | null = null;
  /** Resolves the join once this tab knows whether it leads. */
  let settle: (() => void) | undefined;

  /** Enters a phase; its timer does the phase's next step (claim, lead, beat) unless something else happens first. */
  const later = (ms: number, next: Exclude<ElectionPhase, 'off'>) => {
    clearTimeout(timer);
    phase = next;
    timer = setTimeout(next === 'following' ? claim : next === 'claiming' ? lead : beat, ms);
  };
  /** Whether (termA, idA) beats (termB, idB): the newer term, then the smaller tab id. */
  const beats = (termA: number, idA: string, termB: number, idB: string) =>
    termA > termB || (termA === termB && idA < idB);
  const follow = (leader: string | null) => {
    leaderId = leader;
    isLeader.value = false;
    later(timeoutMs, 'following');
    if (leader) settle!();
  };
  const claim = () => {
    leaderId = null;
    post({ kind: 'claim', term: (proposed = term + 1) });
    later(Math.max(1, Math.round(heartbeatMs / 2)), 'claiming');
  };
  const lead = () => {
    term = proposed;
    isLeader.value = true;
    settle!();
    beat();
  };
  const beat = () => {
    post({ kind: 'heartbeat', term });
    later(heartbeatMs, 'leading');
  };
  const elect = ({ kind, term: t, from }: Envelope) => {
    const leading = phase === 'leading';
    if (kind === 'heartbeat') {
      // A leader yields to a better one (a frozen tab waking up meets the leader elected meanwhile); followers
      // ignore heartbeats of an older term.
      if (leading ? beats(t, from, term, id) : t >= term) {
        term = t;
        follow(from);
      } else if (leading) beat(); // tell the other leader (and everyone) who leads
    } else if (kind === 'bye') {
      if (from === leaderId) claim();
    } else if (leading)
      beat(); // answer `query` and `claim` at once
    else if (kind === 'claim' && phase === 'claiming' && beats(t, from, proposed, id)) follow(null);
  };

  if (channel)
    channel.onmessage = ({ data }: MessageEvent) => {
      const envelope = attempt(() => readKind<Envelope>(data, ENVELOPES, { tag: TAG, from: 'i' }));
      // Dropped, never applied: reported, as a malformed packet would be (any same-origin script can post here).
      if (!envelope)
        return report(new ProtocolError('bad_tab_message', 'malformed message from another tab', 'tabs', data));
      if (envelope.from === id) return;
      const { message } = envelope;
      if (!message) {
        if (phase !== 'off') elect(envelope);
      } else if (message.kind !== 'state' || message.to === id) {
        // A `state` answers one tab's request: only that tab gets it.
        messages.emit('message', message);
      }
    };

  /**
   * Web Locks if they work here: the leader holds the lock, and the browser grants it to the next queued tab the
   * moment the leader closes, crashes or lets go. Asks with `ifAvailable` first (an immediate answer), then queues.
   * Resolves false when Web Locks refuse (an opaque-origin frame), so the caller falls back.
   */
  const viaLocks = (mine: number) =>
    new Promise<boolean>((resolve) => {
      const name = lockName(domain, uid);
      // Holding the returned promise holds the lock, until `release` (leave).
      const hold = (lock: Lock | null) =>
        lock && mine === generation
          ? new Promise<void>((resolve) => {
              release = resolve;
              isLeader.value = true;
            })
          : undefined;
      locks!
        .request(name, { ifAvailable: true }, (lock) => {
          resolve(true);
          if (lock || mine !== generation) return hold(lock);
          queued = new AbortController();
          // Rejects with AbortError after leave; anything else leaves this tab a follower (never two leaders).
          locks!.request(name, { signal: queued.signal }, hold).catch(() => undefined);
        })
        .catch(() => resolve(false));
    });

  /** The BroadcastChannel election: ask who leads; claim after `heartbeatMs` without an answer. */
  const viaChannel = () =>
    new Promise<void>((resolve) => {
      settle = resolve;
      post({ kind: 'query' });
      later(heartbeatMs, 'following');
    });

  const join = async () => {
    const mine = ++generation;
    if (locks && (await viaLocks(mine).catch(() => false))) return;
    if (mine !== generation) return;
    if (channel) return viaChannel();
    isLeader.value = true; // nobody to coordinate with: the only tab there is leads
  };

  const leave = () => {
    generation++;
    joining = null;
    release?.();
    queued?.abort();
    if (phase === 'leading') post({ kind: 'bye' });
    phase = 'off';
    clearTimeout(timer);
    settle?.();
    isLeader.value = false;
  };
  const rejoin = () => (joining ??= stopped ? null : join().catch(report)) ?? Promise.resolve();
  // Back from the back/forward cache: rejoin (a fresh page gets a fresh coordinator instead).
  const onPageShow = (event: Event) => (event as PageTransitionEvent).persisted && rejoin();
  /** Resigns on `pagehide` (after the listeners registered before `start`, such as the core's own). */
  const listen = (method: 'addEventListener' | 'removeEventListener') => {
    page?.[method]('pagehide', leave);
    page?.[method]('pageshow', onPageShow);
  };

  return {
    id,
    isLeader,
    start() {
      if (!stopped) listen('addEventListener');
      return rejoin();
    },
    publish(message) {
      post({ kind: 'message', message });
    },
    subscribe(listener) {
      return messages.on('message', listener);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      leave();
      listen('removeEventListener');
      messages.clear();
      channel?.close();
      channel = null;
    },
  };
}
