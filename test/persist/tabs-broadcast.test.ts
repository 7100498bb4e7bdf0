import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabCoordinator } from '../../src/persist';
import type { TabCoordinator } from '../../src/persist/types';
import { drain } from './support/fixtures';

/**
 * The BroadcastChannel-only election (no Web Locks), on Node's real BroadcastChannel. Timers are fake; channel
 * deliveries are real macrotasks, so time is advanced in small steps with the event loop drained in between.
 */

/** Node's BroadcastChannel, with a switch that cuts a tab off (a crash or a frozen tab): nothing in, nothing out. */
class CuttableChannel extends BroadcastChannel {
  static byTab = new Map<string, CuttableChannel>();
  cut = false;
  override postMessage(message: unknown): void {
    if (!this.cut) super.postMessage(message);
  }
  override set onmessage(listener: ((event: MessageEvent) => void) | null) {
    super.onmessage = listener ? (event: MessageEvent) => (this.cut ? undefined : listener(event)) : null;
  }
  override get onmessage() {
    return super.onmessage;
  }
}

let domainSeq = 0;
let domain = '';
const running: TabCoordinator[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  domain = `bc-${++domainSeq}.example`;
});

afterEach(() => {
  for (const tab of running.splice(0)) tab.stop();
  vi.useRealTimers();
});

function open(id: string, window: EventTarget | null = null): TabCoordinator & { channel: () => CuttableChannel } {
  const Channel = class extends CuttableChannel {
    constructor(name: string) {
      super(name);
      CuttableChannel.byTab.set(`${domain}/${id}`, this);
    }
  };
  const tab = createTabCoordinator({
    domain,
    uid: 'alice',
    id,
    env: { locks: null, BroadcastChannel: Channel, window },
  });
  running.push(tab);
  return Object.assign(tab, { channel: () => CuttableChannel.byTab.get(`${domain}/${id}`)! });
}

/** Advances fake time by `ms` in 25 ms steps, letting channel messages arrive between steps. */
async function elapse(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 25) {
    await vi.advanceTimersByTimeAsync(25);
    await drain(3);
  }
}

const leaders = (tabs: TabCoordinator[]) => tabs.filter((t) => t.isLeader.value).map((t) => t.id);

describe('TabCoordinator without Web Locks (BroadcastChannel election)', () => {
  it('elects exactly one leader among three tabs started together, and it stays', async () => {
    const tabs = [open('b'), open('c'), open('a')];
    const started = Promise.all(tabs.map((t) => t.start()));
    await elapse(1000);
    await started;
    expect(leaders(tabs)).toEqual(['a']); // simultaneous claims: the smallest id wins
    await elapse(5000);
    expect(leaders(tabs)).toEqual(['a']);
  });

  it('a tab joining later follows the existing leader, even with a smaller id', async () => {
    const first = open('m');
    const started = first.start();
    await elapse(1000);
    await started;
    expect(first.isLeader.value).toBe(true);
    const late = open('a');
    const joined = late.start();
    await elapse(100); // the leader answers the query at once
    await joined;
    expect(late.isLeader.value).toBe(false);
    await elapse(3000);
    expect(leaders([first, late])).toEqual(['m']);
  });

  it('a leader that crashes without bye is replaced after the timeout', async () => {
    const tabs = [open('a'), open('b'), open('c')];
    const started = Promise.all(tabs.map((t) => t.start()));
    await elapse(1000);
    await started;
    expect(leaders(tabs)).toEqual(['a']);

    tabs[0]!.channel().cut = true; // crashed: silent from now on
    const survivors = tabs.slice(1);
    await elapse(1000);
    expect(leaders(survivors)).toEqual([]); // still within the 1500 ms timeout: nobody jumps in early
    await elapse(1000);
    expect(leaders(survivors)).toHaveLength(1);
    await elapse(3000);
    expect(leaders(survivors)).toHaveLength(1);
  });

  it('a leader that says bye (stop, pagehide) is replaced at once, well before the timeout', async () => {
    const page = new EventTarget();
    const tabs = [open('a', page), open('b'), open('c')];
    const started = Promise.all(tabs.map((t) => t.start()));
    await elapse(1000);
    await started;
    expect(leaders(tabs)).toEqual(['a']);

    page.dispatchEvent(new Event('pagehide'));
    expect(tabs[0]!.isLeader.value).toBe(false);
    await elapse(300); // one claim window; the timeout is 1500 ms
    expect(leaders(tabs)).toEqual(['b']);

    tabs[1]!.stop();
    await elapse(300);
    expect(leaders(tabs)).toEqual(['c']);
  });

  it('a frozen leader that wakes up steps down to the leader elected meanwhile (newer term)', async () => {
    const tabs = [open('a'), open('b')];
    const started = Promise.all(tabs.map((t) => t.start()));
    await elapse(1000);
    await started;
    expect(leaders(tabs)).toEqual(['a']);

    tabs[0]!.channel().cut = true;
    await elapse(2500);
    expect(tabs[1]!.isLeader.value).toBe(true);
    tabs[0]!.channel().cut = false; // both believe they lead until they hear each other
    await elapse(1000);
    expect(leaders(tabs)).toEqual(['b']);
    await elapse(3000);
    expect(leaders(tabs)).toEqual(['b']);
  });

  it('a lone tab leads; stop() leaves it a follower and silent', async () => {
    const tab = open('solo');
    const started = tab.start();
    await elapse(1000);
    await started;
    expect(tab.isLeader.value).toBe(true);
    tab.stop();
    expect(tab.isLeader.value).toBe(false);
    await elapse(3000);
    expect(tab.isLeader.value).toBe(false);
  });
});
