import type { ClientEvent, ClientEventMap } from './types';

/** The client's typed event hub: `on` for sites, `emit` for the client's parts. */
export interface ClientEvents {
  on<E extends ClientEvent>(event: E, listener: (value: ClientEventMap[E]) => void): () => void;
  emit<E extends ClientEvent>(event: E, value: ClientEventMap[E]): void;
  /** Drops every listener (destroy). */
  clear(): void;
}

export function createClientEvents(): ClientEvents {
  const listeners = new Map<ClientEvent, Set<(value: never) => void>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (value: never) => void);
      return () => {
        set.delete(listener as (value: never) => void);
      };
    },
    emit(event, value) {
      const set = listeners.get(event);
      if (!set) return;
      for (const listener of [...set]) {
        try {
          (listener as (v: typeof value) => void)(value);
        } catch (error) {
          // A site's faulty listener must not break the client's state machine; it still surfaces, outside our stack.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
