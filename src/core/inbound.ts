import type { Packet } from '../protocol/types';

/** Messages applied in one step: one step costs a few milliseconds however big the packet. */
export const PACKET_CHUNK = 250;
/** Steps run back to back within one task while they take less than this (ms); then the task yields. */
export const STEP_BUDGET_MS = 8;
/** Packets applied at once on arrival share one budget per this window (about a frame). */
const FRAME_MS = 16;

export interface InboundOptions {
  /** Applies one packet (or a chunk of one) to the store. */
  apply(packet: Packet): void;
  /** Runs `fn` in a later task (not throttled like timers in a background tab when possible). */
  later?: (fn: () => void) => void;
  /** A monotonic clock in ms (`performance.now`). */
  clock?: () => number;
}

/** A task as soon as possible: a message channel (never clamped nor throttled), else a zero timeout. */
function defaultLater(): (fn: () => void) => void {
  if (typeof MessageChannel !== 'function') return (fn) => setTimeout(fn, 0);
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // Node's ports keep the process alive unless told otherwise.
  (channel.port1 as { unref?: () => void }).unref?.();
  return (fn) => {
    waiting.push(fn);
    channel.port2.postMessage(null);
  };
}

/**
 * Incoming packets, applied in bounded steps so that a flood never blocks the main thread: a packet arriving
 * while nothing waits, with time left in this frame's budget, is applied at once (its first {@link PACKET_CHUNK}
 * messages, with its presences and typing statuses); the rest of it, and whatever arrives meanwhile, waits in order
 * and is applied in later tasks, as many steps per task as fit in {@link STEP_BUDGET_MS}. `flush()` applies everything now (before an action that must
 * come after them, like a new login).
 */
export function createInbound({ apply, later = defaultLater(), clock = () => performance.now() }: InboundOptions) {
  const queue: Packet[] = [];
  let scheduled = false;
  let stopped = false;
  /** Time spent applying packets at once on arrival within the current frame window. */
  let windowStart = -Infinity;
  let spent = 0;

  /** Applies the head of the queue: the whole packet, or its next chunk of messages. */
  const step = () => {
    const head = queue[0]!;
    if (head.messages.length <= PACKET_CHUNK) {
      queue.shift();
      return apply(head);
    }
    queue[0] = { ...head, messages: head.messages.slice(PACKET_CHUNK), presences: [], statuses: [] };
    apply({ ...head, messages: head.messages.slice(0, PACKET_CHUNK) });
  };

  const run = () => {
    scheduled = false;
    if (stopped) return;
    const start = clock();
    try {
      while (queue.length && clock() - start < STEP_BUDGET_MS) step();
    } finally {
      // A packet that failed to apply is gone (shifted first); the rest still goes.
      schedule();
    }
  };
  const schedule = () => {
    if (queue.length && !scheduled && !stopped) {
      scheduled = true;
      later(run);
    }
  };

  return {
    push(packet: Packet): void {
      queue.push(packet);
      const now = clock();
      if (now - windowStart > FRAME_MS) {
        windowStart = now;
        spent = 0;
      }
      // Nothing waiting and time left in this frame: at once (the common case: one packet per task).
      if (queue.length === 1 && !scheduled && spent < STEP_BUDGET_MS) {
        try {
          step();
        } finally {
          spent += clock() - now;
        }
      }
      schedule();
    },
    /** Applies every waiting packet now. */
    flush(): void {
      while (queue.length) step();
    },
    /** Packets (or parts) waiting. */
    get pending(): number {
      return queue.length;
    },
    stop(): void {
      stopped = true;
      queue.length = 0;
    },
  };
}
