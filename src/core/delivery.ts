import type { OnlineReply, Packet } from '../protocol/types';
import { catchUp, promoteLost, takeWatermarks } from './catch-up';
import type { Core } from './context';
import type { createOutbox } from './outbox';
import { createSync } from './sync';

type Outbox = ReturnType<typeof createOutbox>;

export interface DeliveryDeps {
  outbox: Outbox;
  /** This tab leads its tab group (holds the push link) and its session holds a ticket. */
  leading(): boolean;
  /** The session holds a ticket this tab may POST with (leader or follower). */
  hasTicket(): boolean;
  /** The cursor moved: tell the other tabs and schedule a snapshot. */
  cursorMoved(cursor: string): void;
  /** History page size (legacy catch-up). */
  pageSize: number;
  /** Safety-net sync interval (see `createSync`). */
  syncIntervalMs?: number;
  /** The `sync` cursor the server gave at this session's login, if any (see `SyncDeps.loginCursor`). */
  loginCursor?(): string | undefined;
}

/**
 * Where the client's delivery guarantees meet (see `docs/client.md`, "Delivery"): incoming messages go through the
 * sync module (server ids, `sync` since a cursor; history watermarks on servers without it), outgoing ones through
 * the outbox, and both follow the connection state — above the transport, so every carrier (WebSocket, JSONP,
 * MQTT) gets the same: a sync after every (re)open and whenever a link is lost, sends whenever a ticket is held,
 * and no message left pending once the session has stopped. Everything it starts is in one disposables list.
 */
export function createDelivery(core: Core, deps: DeliveryDeps) {
  const { store, dispatch } = core;
  const { outbox } = deps;
  const sync = createSync(core, {
    allowed: deps.leading,
    moved: deps.cursorMoved,
    intervalMs: deps.syncIntervalMs,
    loginCursor: deps.loginCursor,
  });
  /** Server time of the current session's login: what a dead ticket may have lost is newer (legacy catch-up). */
  let sessionStart: number | null = null;
  const disposables: Array<() => void> = [];

  disposables.push(
    store.connection.subscribe((status) => {
      if (status.state === 'connected') {
        // A (re)opened link: whatever the last one missed is on the server.
        sync.request('open');
        outbox.flush();
      } else if (status.state === 'stopped' || status.state === 'idle') {
        sync.stop();
        // No event would end these waits: say so on each message.
        outbox.failAll(status.state === 'stopped' ? (status.reason ?? 'not connected') : 'offline');
      } else if (deps.hasTicket()) outbox.flush();
    }),
  );

  return {
    sync,
    /** A packet from the push link. */
    received(packet: Packet): void {
      sync.deliver(packet);
      outbox.heard();
    },
    /** The push link went down by itself: fetch at once what it may have swallowed. */
    linkLost(): void {
      sync.request('link-lost');
    },
    /**
     * A login reply: applied to the store; then a sync since the cursor (everything stored while away). On a server
     * without `sync` (or before the first cursor), history newer than each conversation's watermark is news instead.
     */
    login(reply: OnlineReply, me: string): void {
      // Invitations that waited among the offline messages: the sync after the login may bring them again.
      sync.delivered((reply.invitations ?? []).map((invitation) => invitation.serverId));
      if (sync.active) {
        sessionStart = reply.serverTime;
        dispatch({ type: 'online', reply, me });
      } else {
        const marks = takeWatermarks(core, sessionStart);
        sessionStart = reply.serverTime;
        dispatch({ type: 'online', reply: promoteLost(reply, marks), me });
        catchUp(core, marks, reply, deps.pageSize);
      }
      sync.request('login');
      // A new ticket: what waited for it goes now, in order.
      outbox.flush();
    },
    dispose(): void {
      sync.stop();
      for (const dispose of disposables.splice(0)) dispose();
    },
  };
}

export type Delivery = ReturnType<typeof createDelivery>;
