import { ApiError, type SendParams, type WebIMApi } from '../api/types';
import { messageConversation } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import type { Action } from '../store/actions';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';
import { createOneShot, type Host } from './host';
import { createClientId } from './ids';
import type { SendOptions } from './types';

/** Retryable failures one message may have before it is marked `failed`. */
export const MAX_SEND_ATTEMPTS = 5;

export interface OutboxDeps {
  store: Store;
  api: WebIMApi;
  host: Host;
  events: ClientEvents;
  dispatch(action: Action): void;
  /** The logged-in user and the server clock skew (server − local). */
  me(): string;
  skew(): number;
  /** The API said the ticket is dead: the session logs in again, the message waits. */
  onTicketDead(): void;
  /** A message to `to` was accepted (the typing indicator is cleared there). */
  onSent(message: Message): void;
  /** Client id generator (tests). */
  createClientId?: () => string;
}

/**
 * Own messages on their way out. Each is shown at once as `pending`; sends go out strictly in order, one at a
 * time, and only while the push link is `connected` (a reconnect flushes the queue in order). A retryable failure
 * keeps the message at the head of the queue: it is retried after the next reconnect, or after a growing delay
 * if the link stays up, and marked `failed` after {@link MAX_SEND_ATTEMPTS}. Any other failure marks it `failed`
 * at once and the queue moves on. A message the server already confirmed by another way (its echo or history
 * merged into it: status `sent`) is dropped from the queue without being sent again.
 */
export interface Outbox {
  send(options: SendOptions): Message;
  /** Re-queues a `failed` message. */
  retry(key: ConversationKey, id: string): void;
  /** Queues restored pending messages (oldest first), putting them back into the store if missing. */
  restore(entries: ReadonlyArray<{ key: ConversationKey; message: Message }>): void;
  /** Sends what can be sent now (call when the link comes up). */
  flush(): void;
  /** What is queued, oldest first (for snapshots). */
  entries(): Array<{ key: ConversationKey; message: Message }>;
  destroy(): void;
}

interface Entry {
  key: ConversationKey;
  id: string;
  attempts: number;
}

export function createOutbox(deps: OutboxDeps): Outbox {
  const { store, api, host } = deps;
  const queue: Entry[] = [];
  let busy = false;
  let destroyed = false;
  const backoffTimer = createOneShot(host, () => flush());
  const newClientId = deps.createClientId ?? createClientId;

  const current = (e: Entry): Message | undefined =>
    store.conversations.peek().get(e.key)?.peek().messages.find((m) => m.id === e.id);

  const connected = () => store.connection.peek().state === 'connected';

  function flush(): void {
    if (busy || destroyed || backoffTimer.pending || !connected()) return;
    const entry = queue[0];
    if (!entry) return;
    const message = current(entry);
    if (!message || message.status === 'sent') {
      queue.shift();
      flush();
      return;
    }
    busy = true;
    api.message(toParams(message)).then(
      () => {
        busy = false;
        if (queue[0] === entry) queue.shift();
        deps.dispatch({ type: 'message/update', key: entry.key, id: entry.id, patch: { status: 'sent' } });
        deps.onSent(message);
        flush();
      },
      (error: unknown) => {
        busy = false;
        failed(entry, error);
        flush();
      },
    );
  }

  function failed(entry: Entry, error: unknown): void {
    const e = error instanceof ApiError ? error : new ApiError('network', 'message', String(error), undefined, undefined, error);
    // A dead ticket is the session's business (it logs in again and the message waits): nothing to report.
    if (e.kind !== 'invalid_ticket') deps.events.emit('error', e);
    entry.attempts++;
    const keep = (e.retryable || e.kind === 'invalid_ticket') && entry.attempts < MAX_SEND_ATTEMPTS;
    if (keep) {
      if (e.kind === 'invalid_ticket') deps.onTicketDead();
      // If the link stays up (a POST-only blip), try again later; a reconnect flushes sooner.
      else backoffTimer.start(Math.min(30_000, 1_000 * 2 ** (entry.attempts - 1)));
      return;
    }
    if (queue[0] === entry) queue.shift();
    deps.dispatch({ type: 'message/update', key: entry.key, id: entry.id, patch: { status: 'failed' } });
  }

  function toParams(m: Message): SendParams {
    const params: SendParams = { type: m.type, to: m.to, body: m.body, timestamp: m.timestamp, nick: m.nick };
    if (m.clientId !== undefined) params.clientId = m.clientId;
    if (m.style !== undefined) params.style = m.style;
    if (m.offline) params.offline = true;
    if (m.toNick !== undefined) params.toNick = m.toNick;
    return params;
  }

  function enqueue(key: ConversationKey, id: string): void {
    if (!queue.some((e) => e.key === key && e.id === id)) queue.push({ key, id, attempts: 0 });
  }

  return {
    send(options) {
      const me = deps.me();
      const type = options.type ?? 'chat';
      const clientId = newClientId();
      const draft: Pick<Message, 'type' | 'from' | 'to'> = { type, from: me, to: options.to };
      const key = messageConversation(draft, me);
      const last = store.conversations.peek().get(key)?.peek().messages.at(-1);
      const message: Message = {
        id: `c:${clientId}`,
        clientId,
        type,
        from: me,
        to: options.to,
        nick: store.user.peek()?.nick ?? me,
        body: options.body,
        // Server time as best we know it, and never before what the conversation already shows.
        timestamp: Math.max(host.now() + deps.skew(), last?.timestamp ?? 0),
        status: 'pending',
      };
      if (options.style !== undefined) message.style = options.style;
      const receiver = type === 'chat' ? (store.buddies.peek().get(options.to) ?? store.strangers.peek().get(options.to))?.peek() : undefined;
      if (receiver) {
        message.toNick = receiver.nick;
        if (receiver.presence === 'offline') message.offline = true;
      }
      deps.dispatch({ type: 'message/add', key, message });
      enqueue(key, message.id);
      flush();
      return message;
    },
    retry(key, id) {
      const message = store.conversations.peek().get(key)?.peek().messages.find((m) => m.id === id);
      if (!message || message.status !== 'failed') return;
      deps.dispatch({ type: 'message/update', key, id, patch: { status: 'pending' } });
      enqueue(key, id);
      flush();
    },
    restore(entries) {
      for (const { key, message } of entries) {
        // A failed message stays failed until the user retries it; only pending ones resume on their own.
        if (message.status !== 'pending') continue;
        const known = store.conversations.peek().get(key)?.peek().messages.find((m) => m.id === message.id);
        if (known && known.status !== 'pending') continue;
        if (!known) deps.dispatch({ type: 'message/add', key, message });
        enqueue(key, message.id);
      }
      flush();
    },
    flush() {
      backoffTimer.stop();
      flush();
    },
    entries() {
      const list: Array<{ key: ConversationKey; message: Message }> = [];
      for (const e of queue) {
        const message = current(e);
        if (message && message.status !== 'sent') list.push({ key: e.key, message });
      }
      return list;
    },
    destroy() {
      destroyed = true;
      backoffTimer.stop();
    },
  };
}
