import type { TabChannel } from './channel';
import type { Election, ElectionTimers } from './election';
import type { Envelope } from './envelope';

export interface BroadcastElectionOptions {
  id: string;
  channel: TabChannel;
  setLeader(leader: boolean): void;
  timers: ElectionTimers;
  /** The leader's heartbeat period. */
  heartbeatMs: number;
  /** Silence after which followers claim. */
  timeoutMs: number;
  /** How long a claimant waits for a better claim or a live leader before leading. */
  claimMs: number;
  /** How long a joining tab waits for a leader to answer its `query`. */
  discoverMs: number;
}

type Phase = 'stopped' | 'discovering' | 'follower' | 'candidate' | 'leader';

/** Whether (termA, idA) beats (termB, idB): the newer term, then the smaller tab id. */
function beats(termA: number, idA: string, termB: number, idB: string): boolean {
  return termA > termB || (termA === termB && idA < idB);
}

/**
 * Leader election over BroadcastChannel alone, for browsers without Web Locks.
 *
 * A joining tab sends `query`; a live leader answers with a `heartbeat` at once, so it follows within
 * `discoverMs`. Without an answer it sends `claim` (term = newest term seen + 1) and leads after `claimMs` unless
 * it hears a live leader or a better claim. The leader sends `heartbeat` every `heartbeatMs`; followers claim after
 * `timeoutMs` of silence, or at once when the leader says `bye`. Two leaders (simultaneous claims, a frozen tab
 * waking up) resolve on the next heartbeat: the newer term, then the smaller id, keeps leading.
 */
export function createBroadcastElection(options: BroadcastElectionOptions): Election {
  const { id, channel, timers } = options;
  let phase: Phase = 'stopped';
  /** Newest term of a leader this tab has heard (or been). */
  let term = 0;
  /** The term this tab proposes while a candidate. */
  let proposed = 0;
  let leaderId: string | null = null;
  let timer: unknown;
  let unlisten: (() => void) | null = null;
  let settleStart: ((works: boolean) => void) | null = null;

  const schedule = (ms: number, fn: () => void) => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  };

  const known = () => {
    settleStart?.(true);
    settleStart = null;
  };

  const follow = (leader: string | null) => {
    const wasLeader = phase === 'leader';
    phase = 'follower';
    leaderId = leader;
    if (wasLeader) options.setLeader(false);
    schedule(options.timeoutMs, claim);
    if (leader !== null) known();
  };

  const claim = () => {
    phase = 'candidate';
    leaderId = null;
    proposed = term + 1;
    channel.post({ kind: 'claim', term: proposed });
    schedule(options.claimMs, lead);
  };

  const lead = () => {
    phase = 'leader';
    term = proposed;
    leaderId = id;
    options.setLeader(true);
    known();
    beat();
  };

  const beat = () => {
    channel.post({ kind: 'heartbeat', term });
    schedule(options.heartbeatMs, beat);
  };

  const onEnvelope = (e: Envelope) => {
    if (phase === 'stopped') return;
    switch (e.kind) {
      case 'heartbeat':
        if (phase === 'leader') {
          if (beats(e.term, e.from, term, id)) {
            term = e.term;
            follow(e.from);
          } else {
            beat(); // tell the other leader (and everyone) who leads
          }
        } else if (e.term >= term) {
          term = e.term;
          follow(e.from);
        }
        return;
      case 'query':
        if (phase === 'leader') beat();
        return;
      case 'claim':
        if (phase === 'leader') beat();
        else if (phase === 'candidate' && beats(e.term, e.from, proposed, id)) follow(null);
        return;
      case 'bye':
        if (phase === 'follower' && leaderId === e.from) claim();
        return;
      case 'message':
        return;
    }
  };

  return {
    start() {
      if (phase !== 'stopped') return Promise.resolve(true);
      if (!channel.connected) return Promise.resolve(false);
      unlisten = channel.listen(onEnvelope);
      phase = 'discovering';
      const result = new Promise<boolean>((resolve) => {
        settleStart = resolve;
      });
      channel.post({ kind: 'query' });
      schedule(options.discoverMs, claim);
      return result;
    },
    stop() {
      if (phase === 'stopped') return;
      if (phase === 'leader') channel.post({ kind: 'bye' });
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
      unlisten?.();
      unlisten = null;
      const wasLeader = phase === 'leader';
      phase = 'stopped';
      leaderId = null;
      if (wasLeader) options.setLeader(false);
      known();
    },
  };
}
