import type { WebIMApi } from '../api/types';
import { createOneShot, type Host, type OneShot } from './host';

export const DEFAULT_TYPING_THROTTLE_MS = 3_000;
export const DEFAULT_TYPING_IDLE_MS = 5_000;

export interface TypingSenderDeps {
  api: WebIMApi;
  host: Host;
  throttleMs?: number;
  idleMs?: number;
  /** Statuses are only worth sending while the push link is up. */
  canSend(): boolean;
  onError(error: unknown): void;
}

/**
 * Outgoing typing statuses: at most one `typing` per throttle window per receiver, `clear` after the idle time
 * without keystrokes, and `clear` right after a message went to a receiver we had told we were typing.
 */
export interface TypingSender {
  keystroke(to: string): void;
  messageSent(to: string): void;
  destroy(): void;
}

export function createTypingSender(deps: TypingSenderDeps): TypingSender {
  const throttleMs = deps.throttleMs ?? DEFAULT_TYPING_THROTTLE_MS;
  const idleMs = deps.idleMs ?? DEFAULT_TYPING_IDLE_MS;
  const peers = new Map<string, { sentAt: number; idle: OneShot }>();

  const post = (to: string, show: 'typing' | 'clear') => {
    deps.api.status({ to, show }).catch(deps.onError);
  };

  const clear = (to: string) => {
    const peer = peers.get(to);
    if (!peer) return;
    peer.idle.stop();
    peers.delete(to);
    post(to, 'clear');
  };

  return {
    keystroke(to) {
      if (!deps.canSend()) return;
      const now = deps.host.now();
      let peer = peers.get(to);
      if (!peer) {
        peer = { sentAt: -Infinity, idle: createOneShot(deps.host, () => clear(to)) };
        peers.set(to, peer);
      }
      if (now - peer.sentAt >= throttleMs) {
        peer.sentAt = now;
        post(to, 'typing');
      }
      peer.idle.start(idleMs);
    },
    messageSent(to) {
      clear(to);
    },
    destroy() {
      for (const peer of peers.values()) peer.idle.stop();
      peers.clear();
    },
  };
}
