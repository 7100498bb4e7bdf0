import type { ApiError } from '../api/types';
import { messageConversation } from '../protocol/keys';
import type { Message, Packet } from '../protocol/types';
import { apiError, type Core } from './context';

/** Messages asked for per `sync` page. */
export const SYNC_PAGE_SIZE = 200;
/** While connected, a sync runs this often anyway: the safety net under a push path that fails silently. */
export const DEFAULT_SYNC_INTERVAL_MS = 60_000;
/** Pages one run fetches before it lets the page breathe (the next run goes on from the cursor at once). */
export const MAX_PAGES_PER_RUN = 20;
/** Server ids remembered to drop copies already delivered (push, then sync; two tabs' leaders in a row). */
export const SEEN_IDS_KEPT = 5_000;
/** Longest wait between attempts after failed syncs (1 s, 2 s, 4 s… up to this). */
export const MAX_SYNC_RETRY_MS = 30_000;

/**
 * - `idle`: nothing to do until something asks;
 * - `syncing`: fetching pages;
 * - `again`: fetching, and asked again meanwhile (another run follows at once);
 * - `waiting`: the last run failed; the next one starts after a delay, or at once when something asks;
 * - `unsupported`: the server has no `sync`: the client falls back to history watermarks (`catch-up.ts`).
 */
export type SyncState = 'idle' | 'syncing' | 'again' | 'waiting' | 'unsupported';

/** Why a sync was asked for (kept for the `sync` debugging hook and tests). */
export type SyncReason = 'login' | 'open' | 'link-lost' | 'overflow' | 'interval' | 'retry' | 'more';

export interface SyncDeps {
  /** This tab may sync now: it leads its tab group and its session holds a ticket. */
  allowed(): boolean;
  /** The cursor moved: persist it and tell the other tabs. */
  moved(cursor: string): void;
  /** Default {@link DEFAULT_SYNC_INTERVAL_MS}; 0 turns the safety net off. */
  intervalMs?: number;
  /** Default {@link SYNC_PAGE_SIZE}. */
  pageSize?: number;
  /**
   * Where to start without a cursor of its own: the cursor the server gave at this session's login, when it gave one
   * (a follower that never heard the leader's cursor, a first login). Without it the first sync starts at "now".
   */
  loginCursor?(): string | undefined;
}

/** A failure that says the server has no `sync` call (an older plugin), rather than that this call failed. */
const unsupported = (e: ApiError): boolean =>
  e.kind === 'bad_reply' || (e.kind !== 'invalid_ticket' && [404, 405, 501].includes(e.status ?? 0));

/**
 * The client's delivery guarantee: every message the server accepted reaches the store once, whatever happened to
 * the push path. Each stored message has a server id; `sync?since=<cursor>` answers everything this user may see
 * after the cursor, oldest first, paged. A run is asked for at login, at every push (re)open, when a push link is
 * lost, when the server says it dropped queued packets (`overflow`), and every `intervalMs` as a safety net; asks
 * during a run coalesce into one more run. News found this way goes through the same path as a push (`deliver`),
 * which drops copies whose server id was already delivered, so it counts as news exactly once: unread, alerts,
 * a `message` event in every tab.
 */
export function createSync(core: Core, deps: SyncDeps) {
  const pageSize = deps.pageSize ?? SYNC_PAGE_SIZE;
  const intervalMs = deps.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  let state: SyncState = 'idle';
  let cursor: string | undefined;
  let failures = 0;
  /** Server ids delivered lately, oldest first (a Set keeps insertion order). */
  const seen = new Set<number>();
  const retry = core.timer(() => state === 'waiting' && run());
  const safetyNet = core.timer(() => request('interval'));

  const remember = (id: number) => {
    seen.add(id);
    if (seen.size > SEEN_IDS_KEPT) seen.delete(seen.values().next().value!);
  };

  /**
   * An own message this tab already shows (sent, or still in the outbox, whose answer settles it): a sync copy
   * would only restamp it (the server may have moved its timestamp), putting it among later sends that still
   * show their local time.
   */
  const knownOwn = (m: Message): boolean => {
    const me = core.me();
    if (m.from !== me || !m.clientId) return false;
    const list = core.store.conversations.peek().get(messageConversation(m, me))?.peek().messages;
    return !!list?.some((e) => e.clientId === m.clientId && e.from === me);
  };

  const fresh = (serverId: number | undefined): boolean => !serverId || !seen.has(serverId);

  /**
   * Applies a packet (push or sync) without the messages and invitations already delivered (by server id); an
   * overflow marker asks for a run. A packet that held only copies is not applied at all.
   */
  function deliver(packet: Packet, source: 'push' | 'sync' = 'push'): void {
    const messages = packet.messages.filter((m) => fresh(m.serverId) && !(source === 'sync' && knownOwn(m)));
    const { invitations: all = [], ...rest } = packet;
    const invitations = all.filter((i) => fresh(i.serverId));
    for (const item of [...messages, ...invitations]) if (item.serverId) remember(item.serverId);
    if (messages.length === packet.messages.length && invitations.length === all.length)
      core.dispatch({ type: 'packet', packet });
    else if (
      messages.length ||
      invitations.length ||
      rest.presences.length ||
      rest.statuses.length ||
      rest.channelPosts?.length
    )
      core.dispatch({ type: 'packet', packet: { ...rest, messages, ...(invitations.length && { invitations }) } });
    if (packet.overflow) request('overflow');
  }

  function request(_reason: SyncReason): void {
    if (state === 'unsupported' || !deps.allowed()) return;
    if (state === 'syncing' || state === 'again') state = 'again';
    else void run();
  }

  async function run(): Promise<void> {
    retry.stop();
    safetyNet.stop();
    state = 'syncing';
    let more = false;
    try {
      for (let page = 0; page < MAX_PAGES_PER_RUN; page++) {
        const reply = await core.api.sync({ since: cursor ?? deps.loginCursor?.(), limit: pageSize });
        // Stopped meanwhile (offline, destroyed, leadership lost): what came is still valid, but nothing more.
        if (!deps.allowed()) return void (state = 'idle');
        if (reply.messages.length || reply.invitations?.length)
          deliver(
            { status: 'ok', messages: reply.messages, presences: [], statuses: [], invitations: reply.invitations },
            'sync',
          );
        if (reply.cursor !== cursor) deps.moved((cursor = reply.cursor));
        more = reply.more;
        if (!more) break;
      }
    } catch (error) {
      const e = apiError('sync', error, 'network');
      if (unsupported(e)) return void (state = 'unsupported');
      state = 'waiting';
      // A dead ticket logs in again, and the login asks for a sync.
      if (e.kind === 'invalid_ticket') return core.ticketDead();
      core.emit('error', e);
      retry.start(Math.min(MAX_SYNC_RETRY_MS, 1_000 * 2 ** failures++));
      return;
    }
    failures = 0;
    // `request` may have run meanwhile (the narrowing above does not know).
    const again = (state as SyncState) === 'again' || more;
    state = 'idle';
    if (again) request('more');
    else if (intervalMs > 0) safetyNet.start(intervalMs);
  }

  return {
    get state(): SyncState {
      return state;
    },
    get cursor(): string | undefined {
      return cursor;
    },
    /** True once the server answered `sync` and holds this client's place: no history watermarks needed. */
    get active(): boolean {
      return state !== 'unsupported' && cursor !== undefined;
    },
    /** Takes a cursor from storage or another tab (the newer one: it is the leader's or the last saved). */
    adopt(next: string | undefined): void {
      if (next !== undefined) cursor = next;
    },
    deliver,
    /** Server ids delivered another way (the login reply's invitations): a sync or push copy is not news. */
    delivered(serverIds: Iterable<number | undefined>): void {
      for (const id of serverIds) if (id) remember(id);
    },
    request,
    /** Stops timers (offline, destroy, leadership lost); the cursor stays. */
    stop(): void {
      retry.stop();
      safetyNet.stop();
      if (state === 'waiting') state = 'idle';
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
