import type { Listener } from './types';

/** A minimal typed event emitter: the transports' `on` plus a private `emit`. */
export interface Emitter<M> {
  on<E extends keyof M>(event: E, listener: Listener<M[E]>): () => void;
  emit<E extends keyof M>(event: E, value: M[E]): void;
}

export function createEmitter<M>(): Emitter<M> {
  const listeners = new Map<keyof M, Set<Listener<never>>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as Listener<never>);
      return () => {
        set.delete(listener as Listener<never>);
      };
    },
    emit(event, value) {
      const set = listeners.get(event);
      if (!set) return;
      // Copy: a listener may unsubscribe (or subscribe) while we iterate.
      for (const listener of [...set]) {
        try {
          (listener as Listener<typeof value>)(value);
        } catch (error) {
          // One faulty listener must neither silence the others nor break the transport's state machine;
          // rethrow outside our stack so it still surfaces as an uncaught error.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
  };
}
