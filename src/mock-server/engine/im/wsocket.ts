import type { Cancel, PushSocket, SocketSession } from '../types';
import type { ImModel } from './model';
import { OK_PACKET, STOPPED_PACKET, type Ticket } from './tickets';

const OK = JSON.stringify(OK_PACKET);
const SUBSCRIBE = /^subscribe\s+(\S+)\s+(\S+)$/;

/**
 * One `/v5/wsocket` connection. The client sends `subscribe <domain> <ticket>`; the server acks with
 * `{"status":"ok"}`, then pushes one packet per frame and a keep-alive `{"status":"ok"}` every `keepalive` ms.
 * `ping` is answered `{"status":"ok"}`. Close codes: 4400 malformed subscribe / wrong domain / no subscribe in
 * time, 4404 unknown ticket (after a `stopped` frame), 4409 replaced by a newer connection (sent by the hub).
 */
export function openSocketSession(im: ImModel, wire: PushSocket): SocketSession {
  let ticket: Ticket | null = null;
  // What the network does to this socket's frames once it belongs to a user (`/mock/fault`).
  const socket = im.faults.wrap(wire, () => ticket?.userId);
  let closed = false;
  let stopKeepalive: Cancel = () => {};
  const cancelTimeout = im.timers.once(() => {
    if (!ticket) close(4400, 'subscribe timeout');
  }, im.opts.subscribeTimeout);

  const cleanup = (): void => {
    cancelTimeout();
    stopKeepalive();
    if (ticket) im.hub.detachSocket(ticket, socket);
  };

  function close(code: number, reason: string): void {
    if (closed) return;
    closed = true;
    cleanup();
    socket.close(code, reason);
  }

  function subscribe(domain: string, id: string): void {
    if (domain !== im.opts.domain) return close(4400, 'bad domain');
    const found = im.hub.get(id);
    if (!found) {
      socket.send(JSON.stringify(STOPPED_PACKET));
      return close(4404, 'invalid ticket');
    }
    ticket = found;
    cancelTimeout();
    im.hub.attachSocket(found, socket);
    stopKeepalive = im.timers.every(() => {
      const conn = found.conn;
      // Once the hub has let go of this socket (replaced, dropped, ended) it gets no more keep-alives.
      if (conn.kind === 'ws' && conn.socket === socket) socket.send(OK);
      else stopKeepalive();
    }, im.opts.keepalive);
  }

  return {
    onText(text: string): void {
      if (closed) return;
      const frame = text.trim();
      if (frame === 'ping') {
        socket.send(OK);
        if (ticket) im.hub.touch(ticket);
        return;
      }
      const m = SUBSCRIBE.exec(frame);
      if (ticket) {
        // Re-sending the same subscribe is harmless; switching tickets on one socket is not supported.
        if (m && m[2] === ticket.id && m[1] === im.opts.domain) socket.send(OK);
        else if (m) close(4400, 'already subscribed');
        return;
      }
      if (!m) return close(4400, 'bad request');
      subscribe(m[1], m[2]);
    },
    onClose(): void {
      if (closed) return;
      closed = true;
      cleanup();
    },
  };
}
