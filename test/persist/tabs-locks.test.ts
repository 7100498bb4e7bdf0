import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTabCoordinator, lockName } from '../../src/persist';
import type { TabCoordinator } from '../../src/persist/types';
import { FakeLockBroker } from './support/fake-locks';
import { drain, until } from './support/fixtures';

let domainSeq = 0;
const running: TabCoordinator[] = [];

afterEach(() => {
  for (const tab of running.splice(0)) tab.stop();
});

/** A browser whose tabs all see the same lock broker; each test uses its own domain so channels never mix. */
function browser() {
  const broker = new FakeLockBroker();
  const domain = `locks-${++domainSeq}.example`;
  const open = (id: string, extra: { window?: EventTarget } = {}) => {
    const tab = createTabCoordinator({
      domain,
      uid: 'alice',
      id,
      env: { locks: broker.managerFor(id), window: extra.window ?? null },
    });
    running.push(tab);
    return tab;
  };
  return { broker, domain, open, lock: lockName(domain, 'alice') };
}

const leaders = (tabs: TabCoordinator[]) => tabs.filter((t) => t.isLeader.value).map((t) => t.id);

describe('TabCoordinator with Web Locks', () => {
  it('the first tab leads, the second follows, and both know at once', async () => {
    const { open, broker, lock } = browser();
    const first = open('t1');
    await first.start();
    expect(first.isLeader.value).toBe(true);
    const second = open('t2');
    await second.start();
    expect(second.isLeader.value).toBe(false);
    expect(broker.holders(lock)).toEqual(['t1']);
    await until(() => broker.waiting(lock).length === 1, 'the follower to queue');
    expect(broker.waiting(lock)).toEqual(['t2']);
  });

  it('stop() releases leadership and the queued tab takes over', async () => {
    const { open, broker, lock } = browser();
    const first = open('t1');
    const second = open('t2');
    await first.start();
    await second.start();
    first.stop();
    expect(first.isLeader.value).toBe(false);
    await until(() => second.isLeader.value, 'the second tab to lead');
    expect(broker.holders(lock)).toEqual(['t2']);
  });

  it('a leader that closes or crashes without stop() hands over too', async () => {
    const { open, broker } = browser();
    const tabs = [open('t1'), open('t2'), open('t3')];
    for (const tab of tabs) await tab.start();
    await until(() => broker.waiting().length === 2, 'followers to queue');
    broker.crash('t1');
    await until(() => tabs[1]!.isLeader.value, 'the next queued tab to lead');
    expect(leaders(tabs.slice(1))).toEqual(['t2']);
    broker.crash('t2');
    await until(() => tabs[2]!.isLeader.value, 'the last tab to lead');
  });

  it('a stopped follower leaves the queue and never leads', async () => {
    const { open, broker, lock } = browser();
    const first = open('t1');
    const second = open('t2');
    const third = open('t3');
    for (const tab of [first, second, third]) await tab.start();
    await until(() => broker.waiting(lock).length === 2, 'followers to queue');
    second.stop();
    await until(() => broker.waiting(lock).length === 1, 'the stopped follower to leave the queue');
    first.stop();
    await until(() => third.isLeader.value, 'the third tab to lead');
    expect(second.isLeader.value).toBe(false);
    expect(broker.holders(lock)).toEqual(['t3']);
  });

  it('pagehide hands leadership over; coming back from the bfcache rejoins as a follower', async () => {
    const { open } = browser();
    const page = new EventTarget();
    const first = open('t1', { window: page });
    const second = open('t2');
    await first.start();
    await second.start();
    page.dispatchEvent(new Event('pagehide'));
    await until(() => second.isLeader.value, 'the second tab to lead');
    expect(first.isLeader.value).toBe(false);

    const shown = Object.assign(new Event('pageshow'), { persisted: true });
    page.dispatchEvent(shown);
    await drain();
    expect(first.isLeader.value).toBe(false);
    second.stop();
    await until(() => first.isLeader.value, 'the restored tab to lead');
  });

  it('stop() before the lock answers never leaves a leader behind', async () => {
    const { open, broker, lock } = browser();
    const tab = open('t1');
    const started = tab.start();
    tab.stop();
    await started;
    await drain();
    expect(tab.isLeader.value).toBe(false);
    expect(broker.holders(lock)).toEqual([]);
  });

  it('falls back to the BroadcastChannel election when Web Locks refuse (sandboxed frame)', async () => {
    const refusing = {
      request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
      query: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
    } as unknown as LockManager;
    const tab = createTabCoordinator({
      domain: `refused-${++domainSeq}.example`,
      uid: 'alice',
      env: { locks: refusing, window: null },
    });
    running.push(tab);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const started = tab.start();
      await vi.advanceTimersByTimeAsync(1000); // discovery (500 ms) and claim (250 ms) with nobody answering
      await started;
      expect(tab.isLeader.value).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('FakeLockBroker', () => {
  it('honours ifAvailable, FIFO queuing, release on settle and abort', async () => {
    const broker = new FakeLockBroker();
    const a = broker.managerFor('a');
    const b = broker.managerFor('b');
    let releaseA!: () => void;
    const order: string[] = [];
    const heldByA = a.request('x', () => new Promise<void>((resolve) => (releaseA = resolve)));
    await drain(1);
    expect(await b.request('x', { ifAvailable: true }, (lock) => lock)).toBeNull();
    const abort = new AbortController();
    const aborted = b.request('x', { signal: abort.signal }, () => order.push('aborted one ran'));
    const queued = b.request('x', () => order.push('b'));
    abort.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    releaseA();
    await heldByA;
    await queued;
    expect(order).toEqual(['b']);
    expect(broker.holders('x')).toEqual([]);
  });
});
