import type { Timers } from '../timers';
import type { PushSocket } from '../types';

/** How a user's WebSocket frames misbehave for a while: `delay` holds them (a stalled link), `drop` loses them. */
export type LinkFault = 'delay' | 'drop';

interface ActiveLinkFault {
  mode: LinkFault;
  /** Frames held back (`delay`), sent in order when the fault ends. */
  held: Array<() => void>;
  cancel: () => void;
}

/**
 * Faults the chaos suite injects into the message server (`/mock/fault`), as a network would cause them:
 * - a user's push frames stalled (held, then delivered late) or silently dropped (a half-open socket that still
 *   looks open to both ends), for a while — pings go unanswered the same way;
 * - answers to a user's next `POST message` calls lost: the message is stored and pushed, the browser hears nothing.
 */
export class Faults {
  private readonly links = new Map<string, ActiveLinkFault>();
  private readonly lostAnswers = new Map<string, number>();

  constructor(private readonly timers: Timers) {}

  /** From now for `ms`, frames to `user`'s sockets are held (`delay`) or lost (`drop`). */
  link(user: string, mode: LinkFault, ms: number): void {
    this.endLink(user);
    const fault: ActiveLinkFault = { mode, held: [], cancel: () => {} };
    this.links.set(user, fault);
    fault.cancel = this.timers.once(() => this.endLink(user), ms);
  }

  /** The next `count` answers to `user`'s `POST message` are lost. */
  loseAnswers(user: string, count: number): void {
    this.lostAnswers.set(user, count);
  }

  /** Whether this answer to `user` is one to lose (counts it). */
  answerLost(user: string): boolean {
    const left = this.lostAnswers.get(user) ?? 0;
    if (left <= 0) return false;
    this.lostAnswers.set(user, left - 1);
    return true;
  }

  /** `socket` as the network delivers it to `user()` (undefined until the socket subscribed). */
  wrap(socket: PushSocket, user: () => string | undefined): PushSocket {
    return {
      send: (text) => {
        const id = user();
        const fault = id === undefined ? undefined : this.links.get(id);
        if (!fault) return socket.send(text);
        // The sender cannot tell: its write "succeeded".
        if (fault.mode === 'delay') fault.held.push(() => socket.send(text));
        return true;
      },
      close: (code, reason) => socket.close(code, reason),
    };
  }

  reset(): void {
    for (const user of [...this.links.keys()]) this.endLink(user, false);
    this.lostAnswers.clear();
  }

  private endLink(user: string, deliver = true): void {
    const fault = this.links.get(user);
    if (!fault) return;
    this.links.delete(user);
    fault.cancel();
    if (deliver) for (const send of fault.held) send();
  }
}
