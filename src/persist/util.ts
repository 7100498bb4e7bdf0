/** Small helpers shared by persistence and tabs. */

/** `run()`'s result, or null when it throws. */
export function attempt<T>(run: () => T): T | null {
  try {
    return run();
  } catch {
    return null;
  }
}

/**
 * The page's facility `name`, unless `env` names it (tests, other realms; `null` or `undefined` there means none).
 * Null where it is missing or touching it throws (sandboxed frames, storage disabled).
 */
export const pageGlobal = <T>(env: object, name: string, find: () => T): T | null =>
  (name in env ? (env as Record<string, T>)[name] : attempt(find)) ?? null;

/** A diagnostics hook that can't break its caller. */
export const reporter =
  (onError?: (error: unknown) => void) =>
  (error: unknown): void =>
    void attempt(() => onError?.(error));

/** Domain and uid for a storage key or channel name, each encoded, so `a:b`+`c` and `a`+`b:c` cannot collide. */
export const userKey = (domain: string, uid: string): string =>
  `${encodeURIComponent(domain)}:${encodeURIComponent(uid)}`;
