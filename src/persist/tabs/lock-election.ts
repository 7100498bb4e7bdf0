import type { Election } from './election';

/**
 * Leader election with the Web Locks API: the leader is the tab holding exclusive lock `name`. The browser releases
 * a lock when its tab closes or crashes and grants it to the next queued request at once, so handover needs no
 * timeouts. `start` first asks with `ifAvailable` (an immediate answer: a lone tab leads without waiting), then,
 * if another tab holds the lock, queues a normal request that is granted when that tab goes.
 */
export function createLockElection(locks: LockManager, name: string, setLeader: (leader: boolean) => void): Election {
  let running = false;
  let release: (() => void) | null = null;
  let queued: AbortController | null = null;

  /** The lock callback: holding the returned promise holds the lock; it settles on `stop()`. */
  const hold = (lock: Lock | null): Promise<void> | undefined => {
    if (!lock || !running) return undefined;
    setLeader(true);
    return new Promise<void>((resolve) => {
      release = resolve;
    });
  };

  const queue = () => {
    const abort = new AbortController();
    queued = abort;
    locks.request(name, { mode: 'exclusive', signal: abort.signal }, hold).catch(() => {
      // AbortError after stop(); anything else leaves this tab a follower, which is safe (never two leaders).
    });
  };

  return {
    start() {
      if (running) return Promise.resolve(true);
      running = true;
      return new Promise<boolean>((resolve) => {
        let answered = false;
        const answer = (works: boolean) => {
          answered = true;
          resolve(works);
        };
        let request: Promise<unknown>;
        try {
          request = locks.request(name, { mode: 'exclusive', ifAvailable: true }, (lock) => {
            answer(true);
            if (lock) return hold(lock);
            if (running) queue();
            return undefined;
          });
        } catch {
          running = false;
          answer(false);
          return;
        }
        // A refusal (SecurityError in an opaque-origin frame, …) before the callback ran: Web Locks don't work here.
        request.catch(() => {
          if (answered) return;
          running = false;
          answer(false);
        });
      });
    },
    stop() {
      running = false;
      queued?.abort();
      queued = null;
      release?.();
      release = null;
      setLeader(false);
    },
  };
}
