import type { WirePacket } from '../../../protocol/types';
import type { Timers } from '../timers';
import type { Cancel, PushSocket } from '../types';

export type Transport = 'websocket' | 'jsonp';

/**
 * How a ticket is reached right now:
 * - `ws`: a subscribed WebSocket;
 * - `poll`: an outstanding JSONP long-poll;
 * - `gap`: between two polls (or freshly created); counts as connected until `lastAnsweredAt + pollGap`;
 * - `none`: nothing; the grace timer is running.
 */
type Conn =
  | { kind: 'ws'; socket: PushSocket }
  | { kind: 'poll'; answer: (packet: WirePacket) => void; cancelHold: Cancel }
  | { kind: 'gap'; cancelGap: Cancel }
  | { kind: 'none' };

export class Ticket {
  conn: Conn = { kind: 'none' };
  /** Last transport seen; null until the first poll or subscribe. */
  transport: Transport | null = null;
  readonly queue: WirePacket[] = [];
  lastAnsweredAt: number;
  graceCancel: Cancel | null = null;
  /** Set by `refresh`: the page is going, so losing the connection skips JSONP's between-polls allowance. */
  leaving = false;
  ended = false;

  constructor(
    readonly id: string,
    readonly userId: string,
    createdAt: number,
  ) {
    this.lastAnsweredAt = createdAt;
  }
}

export interface HubOptions {
  grace: number;
  hold: number;
  pollGap: number;
  queueLimit: number;
}

export const OK_PACKET: WirePacket = { status: 'ok' };
export const STOPPED_PACKET: WirePacket = { status: 'stopped' };

/** Everything queued as one packet: JSONP answers carry all of it at once. */
export function mergePackets(packets: readonly WirePacket[]): WirePacket {
  const out: WirePacket = { status: 'ok' };
  for (const p of packets) {
    if (p.messages?.length) (out.messages ??= []).push(...p.messages);
    if (p.presences?.length) (out.presences ??= []).push(...p.presences);
    if (p.statuses?.length) (out.statuses ??= []).push(...p.statuses);
    if (p.overflow) out.overflow = true;
  }
  return out;
}

/**
 * Push subscribers of the message server: one ticket per tab (or per browser when its tabs share one). A ticket
 * keeps a bounded queue while nothing is attached, lets the newest connection take over, and expires after the
 * grace period without a connection, so page reloads cause no offline/online flicker.
 */
export class TicketHub {
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly opts: HubOptions,
    private readonly onExpire: (ticket: Ticket) => void,
  ) {}

  create(id: string, userId: string): Ticket {
    const ticket = new Ticket(id, userId, this.now());
    this.tickets.set(id, ticket);
    // A fresh ticket gets the same window a JSONP client has between polls to make its first connection.
    this.toGap(ticket);
    return ticket;
  }

  get(id: string): Ticket | undefined {
    return this.tickets.get(id);
  }

  all(): Ticket[] {
    return [...this.tickets.values()];
  }

  /** Connected now, or a JSONP ticket between polls. */
  isSubscribed(ticket: Ticket): boolean {
    const kind = ticket.conn.kind;
    return kind === 'ws' || kind === 'poll' || (kind === 'gap' && ticket.transport === 'jsonp');
  }

  /**
   * Delivers at once when something is attached, else queues. Past the limit the oldest packets are dropped and
   * the oldest one kept says so (`overflow: true`), so the client fetches what it missed (`sync`) instead of
   * losing it silently.
   */
  push(ticket: Ticket, packet: WirePacket): void {
    if (ticket.ended) return;
    const conn = ticket.conn;
    if (conn.kind === 'ws' && conn.socket.send(JSON.stringify(packet))) return;
    ticket.queue.push(packet);
    if (ticket.queue.length > this.opts.queueLimit) {
      ticket.queue.splice(0, ticket.queue.length - this.opts.queueLimit);
      ticket.queue[0] = { ...ticket.queue[0], overflow: true };
    }
    if (conn.kind === 'poll') this.answerPoll(ticket, conn);
    else if (conn.kind === 'ws') this.toNone(ticket); // the socket could not take it: treat it as gone
  }

  /** A WebSocket subscribed: it replaces whatever was attached, gets the ack, then the queue one packet per frame. */
  attachSocket(ticket: Ticket, socket: PushSocket): void {
    this.release(ticket, 'replaced');
    this.touch(ticket);
    ticket.conn = { kind: 'ws', socket };
    ticket.transport = 'websocket';
    socket.send(JSON.stringify(OK_PACKET));
    while (ticket.queue.length > 0 && ticket.conn.kind === 'ws' && ticket.conn.socket === socket) {
      const packet = ticket.queue[0];
      if (!socket.send(JSON.stringify(packet))) {
        this.toNone(ticket);
        return;
      }
      ticket.queue.shift();
    }
  }

  /** The WebSocket went away; only matters if it is still the ticket's connection. */
  detachSocket(ticket: Ticket, socket: PushSocket): void {
    if (ticket.conn.kind === 'ws' && ticket.conn.socket === socket) this.toNone(ticket);
  }

  /**
   * A long-poll arrived: it takes over (an older poll is answered empty, a WebSocket closed with 4409), and is
   * answered at once when packets are queued, else after `hold`. Returns a function to call if the client aborts.
   */
  poll(ticket: Ticket, answer: (packet: WirePacket) => void): Cancel {
    this.release(ticket, 'replaced');
    this.touch(ticket);
    ticket.transport = 'jsonp';
    const conn: Extract<Conn, { kind: 'poll' }> = { kind: 'poll', answer, cancelHold: () => {} };
    ticket.conn = conn;
    if (ticket.queue.length > 0) {
      this.answerPoll(ticket, conn);
    } else {
      conn.cancelHold = this.timers.once(() => {
        if (ticket.conn === conn) this.answerPoll(ticket, conn);
      }, this.opts.hold);
    }
    return () => {
      if (ticket.conn !== conn) return;
      conn.cancelHold();
      this.toGap(ticket);
    };
  }

  /** Activity on the ticket (poll, subscribe, ping): it is alive, so no grace period runs. */
  touch(ticket: Ticket): void {
    ticket.leaving = false;
    ticket.graceCancel?.();
    ticket.graceCancel = null;
  }

  /** A stalled poll the server will not answer still shows the client is alive. */
  stalledPoll(ticket: Ticket): void {
    this.release(ticket, 'replaced');
    this.touch(ticket);
    ticket.transport = 'jsonp';
    ticket.lastAnsweredAt = this.now();
    this.toGap(ticket);
  }

  /**
   * The page is being left (`refresh`): a JSONP ticket between polls counts as disconnected now, and whatever is
   * still attached goes straight to the grace period when it goes. A live connection is never cut short: with
   * tabs sharing a ticket, the tab that leaves is not necessarily the one holding the connection.
   */
  leaving(ticket: Ticket): void {
    ticket.leaving = true;
    if (ticket.conn.kind === 'gap') this.toNone(ticket);
  }

  /** Closes the push connection without ending the ticket (`/mock/drop`). */
  drop(ticket: Ticket): void {
    const conn = ticket.conn;
    if (conn.kind === 'ws') {
      this.toNone(ticket);
      conn.socket.close(1012, 'service restart');
    } else if (conn.kind === 'poll') {
      this.answerPoll(ticket, conn);
    }
  }

  /** Ends the ticket: attached clients hear `stopped`; nothing more is delivered. */
  end(ticket: Ticket): void {
    if (ticket.ended) return;
    ticket.ended = true;
    this.tickets.delete(ticket.id);
    this.touch(ticket);
    const conn = ticket.conn;
    ticket.conn = { kind: 'none' };
    ticket.queue.length = 0;
    if (conn.kind === 'ws') {
      conn.socket.send(JSON.stringify(STOPPED_PACKET));
      conn.socket.close(4404, 'stopped');
    } else if (conn.kind === 'poll') {
      conn.cancelHold();
      conn.answer(STOPPED_PACKET);
    } else if (conn.kind === 'gap') {
      conn.cancelGap();
    }
  }

  /** Detaches whatever is attached so a newer connection can take over. */
  private release(ticket: Ticket, reason: 'replaced'): void {
    const conn = ticket.conn;
    if (conn.kind === 'ws') {
      ticket.conn = { kind: 'none' };
      conn.socket.close(4409, reason);
    } else if (conn.kind === 'poll') {
      conn.cancelHold();
      ticket.conn = { kind: 'none' };
      conn.answer(OK_PACKET);
    } else if (conn.kind === 'gap') {
      conn.cancelGap();
      ticket.conn = { kind: 'none' };
    }
  }

  private answerPoll(ticket: Ticket, conn: Extract<Conn, { kind: 'poll' }>): void {
    conn.cancelHold();
    const packet = mergePackets(ticket.queue.splice(0));
    ticket.lastAnsweredAt = this.now();
    this.toGap(ticket);
    conn.answer(packet);
  }

  private toGap(ticket: Ticket): void {
    const left = ticket.lastAnsweredAt + this.opts.pollGap - this.now();
    if (left <= 0 || ticket.leaving) {
      this.toNone(ticket);
      return;
    }
    const conn: Extract<Conn, { kind: 'gap' }> = { kind: 'gap', cancelGap: () => {} };
    ticket.conn = conn;
    conn.cancelGap = this.timers.once(() => {
      if (ticket.conn === conn) this.toNone(ticket);
    }, left);
  }

  private toNone(ticket: Ticket): void {
    const conn = ticket.conn;
    if (conn.kind === 'gap') conn.cancelGap();
    ticket.conn = { kind: 'none' };
    this.startGrace(ticket);
  }

  private startGrace(ticket: Ticket): void {
    if (ticket.graceCancel || ticket.ended) return;
    ticket.graceCancel = this.timers.once(() => {
      ticket.graceCancel = null;
      this.end(ticket);
      this.onExpire(ticket);
    }, this.opts.grace);
  }
}
