/** One way of electing the tab that leads (holds the push connection). */
export interface Election {
  /**
   * Joins. Resolves once this tab knows whether it leads (it may change later); resolves `false` when this method
   * cannot work here (e.g. Web Locks refused in a sandboxed frame) so the caller can fall back to another.
   */
  start(): Promise<boolean>;
  /** Leaves at once, handing leadership over (lock released / `bye` sent). Idempotent. */
  stop(): void;
}

/** Timer functions the elections use (injectable for tests; default: the page's). */
export interface ElectionTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Leadership without a group: the only tab there is leads (no BroadcastChannel and no Web Locks). */
export function createSoloElection(setLeader: (leader: boolean) => void): Election {
  return {
    start() {
      setLeader(true);
      return Promise.resolve(true);
    },
    stop() {
      setLeader(false);
    },
  };
}
