/** A typed event hub: `on` for listeners, `emit` for the owner, `clear` to drop every listener (destroy). */
export interface Emitter<M> {
  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof M>(event: E, listener: (value: M[E]) => void): () => void;
  emit<E extends keyof M>(event: E, value: M[E]): void;
  clear(): void;
}

type AnyListener<M> = (value: M[keyof M]) => void;

/**
 * The SDK's one event emitter (dependency-free: share it instead of writing another). A listener that throws
 * neither silences the others nor breaks its owner: `onListenerError` gets the error (the tab coordinator reports
 * it), else it is rethrown outside our stack (a site's faulty `client.on` listener still surfaces).
 */
export function createEmitter<M>(onListenerError?: (error: unknown) => void): Emitter<M> {
  // A Map, not an object: an event name such as `constructor` must not find something inherited.
  const listeners = new Map<keyof M, Set<AnyListener<M>>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener as AnyListener<M>));
      return () => set.delete(listener as AnyListener<M>);
    },
    emit(event, value) {
      // A copy: a listener may add or remove listeners while we iterate.
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(value);
        } catch (error) {
          if (onListenerError) onListenerError(error);
          else
            queueMicrotask(() => {
              throw error;
            });
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
