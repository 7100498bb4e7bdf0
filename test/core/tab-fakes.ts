import { signal } from '@preact/signals';
import { readTabMessage } from '../../src/persist/schema';
import type { Persistence, Snapshot, TabCoordinator, TabMessage } from '../../src/persist/types';

/** Tabs of one browser: coordinators that deliver each other's messages asynchronously, like BroadcastChannel. */
export function createTabBus() {
  const members = new Set<FakeCoordinator>();
  const log: Array<{ from: string; message: TabMessage }> = [];

  interface FakeCoordinator extends TabCoordinator {
    setLeader(leader: boolean): void;
    deliver(message: TabMessage): void;
  }

  function coordinator(id: string, leader: boolean): FakeCoordinator {
    const isLeader = signal(leader);
    const subscribers = new Set<(m: TabMessage) => void>();
    const self: FakeCoordinator = {
      id,
      isLeader,
      async start() {
        members.add(self);
      },
      publish(message) {
        log.push({ from: id, message: structuredClone(message) });
        for (const other of members) {
          if (other === self) continue;
          // Like the real coordinator: a `state` reaches only the tab it is addressed to.
          if (message.kind === 'state' && message.to !== other.id) continue;
          // Checked like the real coordinator checks what arrives: a field its schema drops is dropped here too.
          const copy = readTabMessage(structuredClone(message));
          if (!copy) throw new TypeError(`a tab message its own schema refuses: ${JSON.stringify(message)}`);
          queueMicrotask(() => other.deliver(copy));
        }
      },
      subscribe(listener) {
        subscribers.add(listener);
        return () => subscribers.delete(listener);
      },
      stop() {
        members.delete(self);
        isLeader.value = false;
      },
      setLeader(value) {
        isLeader.value = value;
      },
      deliver(message) {
        if (!members.has(self)) return;
        for (const s of [...subscribers]) s(message);
      },
    };
    return self;
  }

  return { coordinator, log, members };
}

/** Snapshot storage in memory, with the calls visible to the test. */
export function createMemoryPersistence(initial: Snapshot | null = null) {
  let stored = initial;
  let scheduled: (() => Snapshot) | null = null;
  const persistence: Persistence & { stored(): Snapshot | null; saves: number } = {
    durable: false,
    saves: 0,
    async load(uid) {
      return stored && stored.uid === uid ? structuredClone(stored) : null;
    },
    save(factory) {
      persistence.saves++;
      scheduled = factory;
    },
    async flush() {
      if (scheduled) stored = structuredClone(scheduled());
      scheduled = null;
    },
    async clear() {
      stored = null;
    },
    stored: () => stored,
  };
  return persistence;
}
