import { conversationKey } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import { person } from '../store/signals';
import { apiError, type Core } from './context';
import type { SendOptions } from './types';

/** Retryable failures one message may have before it is marked `failed`. */
export const MAX_SEND_ATTEMPTS = 5;

type Queued = { key: ConversationKey; message: Message };

/**
 * Own messages on their way out. Each shows at once as `pending`; sends go out strictly in order, one at a time,
 * only while `connected` (a reconnect flushes the queue in order). A retryable failure keeps the message at the
 * head: retried after the next reconnect, or after 1 s, 2 s, 4 s… while the link stays up, and `failed` after
 * {@link MAX_SEND_ATTEMPTS}. A refusal marks it `failed` at once and the queue moves on; `retry` re-queues. A message
 * the server already confirmed another way (its echo or history merged in: `sent`) is never sent again.
 */
export function createOutbox(core: Core, skew: () => number, sent: (message: Message) => void) {
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
  const settle = (key: ConversationKey, id: string, status: Message['status']) =>
    dispatch({ type: 'message/update', key, id, patch: { status } });
  const enqueue = (key: ConversationKey, id: string) => {
    if (!queue.some((e) => e.key === key && e.id === id)) queue.push({ key, id, tries: 0 });
    flush();
  };

  function flush(): void {
    const e = queue[0];
    if (busy || stopped || wait.on || !e || store.connection.peek().state !== 'connected') return;
    const m = find(e.key, e.id);
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
          // If the link stays up (a POST-only blip), try again later; a reconnect flushes sooner.
          if (dead) core.ticketDead();
          else wait.start(Math.min(30_000, 1_000 * 2 ** (e.tries - 1)));
        } else {
          if (queue[0] === e) queue.shift();
          settle(e.key, e.id, 'failed');
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
      dispatch({ type: 'message/add', key, message });
      enqueue(key, message.id);
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
    /** Sends what can be sent now (the link came up): no waiting for a retry delay. */
    flush(): void {
      wait.stop();
      flush();
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
