import { messageConversation } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import type { ReduceContext } from './actions';
import { ensureConversation } from './conversations';
import { mergeMessageInto, patchMessageIn, type MergeOutcome, type MessageSource } from './message-list';
import { ensureStranger } from './roster';
import { openTab } from './tabs';
import { clearTyping } from './typing';
import type { Store } from './types';
import { bumpUnread } from './unread';

export interface ApplyMessagesOptions {
  /** `server` copies carry authoritative timestamps and are `sent`. */
  source: MessageSource;
  /** The conversation, when the caller knows it; otherwise derived from each message. */
  key?: ConversationKey;
  /** Live traffic (push, login's offline messages) as opposed to history: new ones are news to the user. */
  live: boolean;
}

/**
 * Merges messages into their conversations: one working copy and one signal write per conversation, however
 * many messages arrive together. New live messages from others (not copies of known ones) then: clear their
 * sender's typing indicator, create a stranger entry for a non-buddy sender, count as unread unless seen or
 * from a blocked room, and, with the `msg_auto_pop` setting on, open a tab for their conversation (without
 * activating it). Returns one outcome per input message, in order.
 */
export function applyMessages(store: Store, messages: readonly Message[], ctx: ReduceContext, options: ApplyMessagesOptions): MergeOutcome[] {
  const { source, key, live } = options;
  const groups = new Map<ConversationKey, number[]>();
  messages.forEach((m, i) => {
    const k = key ?? messageConversation(m, ctx.me);
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  });
  const outcomes: MergeOutcome[] = new Array(messages.length);
  for (const [k, indexes] of groups) {
    const entity = ensureConversation(store, k);
    const c = entity.peek();
    const list = c.messages.slice();
    const claimed = new Set<string>();
    let changed = false;
    for (const i of indexes) {
      const outcome = mergeMessageInto(list, messages[i]!, ctx.me, source, claimed);
      outcomes[i] = outcome;
      changed ||= outcome.changed;
    }
    if (changed) entity.value = { ...c, messages: list };
    for (const i of indexes) {
      const outcome = outcomes[i]!;
      if (live && outcome.inserted && outcome.message.from !== ctx.me) noteIncoming(store, k, outcome.message, ctx);
    }
  }
  return outcomes;
}

/** One live message; see {@link applyMessages}. */
export function applyMessage(store: Store, message: Message, ctx: ReduceContext, source: MessageSource, key?: ConversationKey): MergeOutcome {
  const options: ApplyMessagesOptions = { source, live: true };
  if (key) options.key = key;
  return applyMessages(store, [message], ctx, options)[0]!;
}

function noteIncoming(store: Store, key: ConversationKey, m: Message, ctx: ReduceContext): void {
  clearTyping(store, key, m.from);
  if (m.type === 'chat') ensureStranger(store, m.from, m.nick, 'online');
  if (m.type === 'grpchat' && store.rooms.peek().get(m.to)?.peek().blocked) return;
  bumpUnread(store, key, ctx);
  if (store.settings.peek().msg_auto_pop && !store.tabs.peek().includes(key)) openTab(store, key, false);
}

/** `message/update`: settles or corrects one message by id; a no-op when it is not there. */
export function updateMessage(
  store: Store,
  key: ConversationKey,
  id: string,
  patch: Partial<Pick<Message, 'status' | 'timestamp' | 'offline'>>,
): void {
  const entity = store.conversations.peek().get(key);
  if (!entity) return;
  const c = entity.peek();
  const list = c.messages.slice();
  if (patchMessageIn(list, id, patch)) entity.value = { ...c, messages: list };
}
