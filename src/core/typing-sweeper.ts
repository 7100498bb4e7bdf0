import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import { createOneShot, type Host } from './host';

/**
 * Dispatches `typing/sweep` when the earliest typing indicator runs out, and only then: no timer runs while
 * nobody is typing. Returns a stop function.
 */
export function startTypingSweeper(store: Store, host: Host, dispatch: (action: Action) => void): () => void {
  const timer = createOneShot(host, () => dispatch({ type: 'typing/sweep' }));
  const unsubscribe = store.typing.subscribe((typing) => {
    let earliest = Infinity;
    for (const entries of typing.values()) for (const e of entries) earliest = Math.min(earliest, e.until);
    if (earliest === Infinity) timer.stop();
    else timer.start(Math.max(0, earliest - host.now()));
  });
  return () => {
    unsubscribe();
    timer.stop();
  };
}
