import { conversationKey } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import { person } from '../store/signals';
import { apiError, type Core } from './context';
import type { SendOptions } from './types';

/**
 * Retryable failures in a row one message may have before it is marked `failed` (about 1.5 min of backoff; no
 * attempt is made, and none counted, while the session cannot send).
 */
export const MAX_SEND_ATTEMPTS = 8;

type Queued = { key: ConversationKey; message: Message };

/**
 * Own messages on their way out. Each shows at once as `pending`; sends go out strictly in order, one at a time,
 * whenever the session can send (`canSend`: it holds a ticket; posting does not need the push link). A retryable
 * failure keeps the message at the head: retried when the session can send again (a re-login, the link back), or
 * after 1 s, 2 s, 4 s…, and `failed` after {@link MAX_SEND_ATTEMPTS}. A refusal marks it `failed` at once, with the
 * server's reason (`error`), and the queue moves on; `retry` re-queues; `failAll` ends every wait (the session
 * stopped). Every attempt carries the message's `client_id`, so a retry of a send whose answer was lost is stored
 * once by a server with the extension. A message the server already confirmed another way (its echo, a sync or
 * history merged in: `sent`) is never sent again.
 */
export function createOutbox(core: Core, skew: () => number, sent: (message: Message) => void, canSend: () => boolean) {
  const { store, api, dispatch } = core;
  const queue: Array<{ key: ConversationKey; id: string; tries: number }> = [];
  let busy = false;
  let stopped = false;
  const wait = core.timer(() => flush());
  const find = (key: ConversationKey, id: string) =>
    store.conversations
      .peek()
      .get(key)
      ?.peek()
      .messages.find((m) => m.id === id);
  const settle = (key: ConversationKey, id: string, status: Message['status'], error?: string) =>
    dispatch({
      type: 'message/update',
      key,
      id,
      // The reason goes with `failed` and is cleared when it is tried again.
      patch: status === 'failed' ? { status, error } : find(key, id)?.error ? { status, error: undefined } : { status },
    });
  const enqueue = (key: ConversationKey, id: string) => {
    if (!queue.some((e) => e.key === key && e.id === id)) queue.push({ key, id, tries: 0 });
    flush();
  };

  /** Sends the head of the queue when nothing is on its way; `fresh`: a message just queued, not in the store yet. */
  function flush(fresh?: Message): void {
    const e = queue[0];
    if (busy || stopped || wait.on || !e || !canSend()) return;
    const m = fresh?.id === e.id ? fresh : find(e.key, e.id);
    if (!m || m.status === 'sent') {
      queue.shift();
      return flush();
    }
    busy = true;
    // The API takes the fields it sends from the message itself.
    api.message(m).then(
      () => {
        busy = false;
        if (queue[0] === e) queue.shift();
        settle(e.key, e.id, 'sent');
        sent(m);
        flush();
      },
      (error: unknown) => {
        busy = false;
        const x = apiError('message', error, 'network');
        const dead = x.kind === 'invalid_ticket';
        // A dead ticket is the session's business (it logs in again and the message waits): nothing to report.
        if (!dead) core.emit('error', x);
        if ((x.retryable || dead) && ++e.tries < MAX_SEND_ATTEMPTS) {
          // Try again later; a re-login (after a dead ticket) or the link coming back flushes sooner.
          if (dead) core.ticketDead();
          wait.start(Math.min(30_000, 1_000 * 2 ** (e.tries - 1)));
        } else {
          if (queue[0] === e) queue.shift();
          settle(e.key, e.id, 'failed', x.serverMessage ?? x.message);
        }
        flush();
      },
    );
  }

  return {
    send(o: SendOptions): Message {
      const me = core.me();
      const type = o.type ?? 'chat';
      const key = conversationKey(type, o.to);
      const clientId = [...crypto.getRandomValues(new Uint8Array(8))]
        .map((b) => (b + 256).toString(16).slice(1))
        .join('');
      const to = type === 'chat' ? person(store, o.to)?.peek() : undefined;
      const message: Message = {
        id: `c:${clientId}`,
        clientId,
        type,
        from: me,
        to: o.to,
        nick: store.user.peek()?.nick ?? me,
        body: o.body,
        // Server time as best we know it, and never before what the conversation already shows.
        timestamp: Math.max(
          core.now() + skew(),
          store.conversations.peek().get(key)?.peek().messages.at(-1)?.timestamp ?? 0,
        ),
        status: 'pending',
        style: o.style,
        toNick: to?.nick,
        // The receiver is offline: the server stores it instead of pushing.
        offline: to?.presence === 'offline' || undefined,
      };
      // The POST goes out first, then the store shows the message as pending (and tells the other tabs): the same
      // task either way, but the request is not held back by the store's listeners and the render they schedule.
      queue.push({ key, id: message.id, tries: 0 });
      flush(message);
      dispatch({ type: 'message/add', key, message });
      return message;
    },
    retry(key: ConversationKey, id: string): void {
      if (find(key, id)?.status !== 'failed') return;
      settle(key, id, 'pending');
      enqueue(key, id);
    },
    /** Queues restored messages (oldest first); a failed one stays failed until the user retries it. */
    restore(entries: readonly Queued[]): void {
      for (const { key, message } of entries) {
        const known = find(key, message.id);
        if (message.status !== 'pending' || (known && known.status !== 'pending')) continue;
        if (!known) dispatch({ type: 'message/add', key, message });
        enqueue(key, message.id);
      }
    },
    /**
     * A packet came in. When the head of the queue waits out a failure and the packet confirmed it (its echo: the
     * server stored it, only the answer was lost), the next message goes at once instead of after the delay.
     */
    heard(): void {
      const e = queue[0];
      if (!wait.on || !e || find(e.key, e.id)?.status !== 'sent') return;
      wait.stop();
      flush();
    },
    /** Sends what can be sent now (the link came up): no waiting for a retry delay. */
    flush(): void {
      wait.stop();
      flush();
    },
    /** Every queued message becomes `failed` with `reason` (the session stopped: no event would end the wait). */
    failAll(reason: string): void {
      wait.stop();
      for (const { key, id } of queue.splice(0))
        if (find(key, id)?.status === 'pending') settle(key, id, 'failed', reason);
    },
    /** Sends nothing more (destroy); the queue is kept for the last snapshot. */
    stop(): void {
      stopped = true;
    },
    /** What is queued, oldest first (for snapshots). */
    entries: (): Queued[] =>
      queue.flatMap(({ key, id }) => {
        const message = find(key, id);
        return message && message.status !== 'sent' ? [{ key, message }] : [];
      }),
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
