import { messageConversation } from '../protocol/keys';
import type { ConversationKey, Message } from '../protocol/types';
import type { Action, ReduceContext } from '../store/actions';
import { findMessageIndex } from '../store/message-list';
import { reduce } from '../store/reduce';
import type { Store } from '../store/types';
import type { ClientEvents } from './events';
import type { Host } from './host';

/** The one path by which the store changes. */
export interface Dispatcher {
  /** Applies a local action and announces it (`action` event with `remote: false`). */
  dispatch(action: Action): void;
  /** Applies an action another tab already applied (`remote: true`; the tab layer does not re-send it). */
  applyRemote(action: Action): void;
  /** The reduce context as of now. */
  context(): ReduceContext;
}

export interface DispatcherDeps {
  store: Store;
  events: ClientEvents;
  host: Host;
  /** The logged-in user's id ('' before the first login). */
  me(): string;
  typingTtlMs?: number;
}

/**
 * `dispatch(action)` → `reduce(store, action, ctx)` → events. Message events come from what the store actually
 * did, so a replayed packet or a copy merged into a known message raises nothing: `message` only for messages
 * that are new to the store, `message:status` when an own message's status changed.
 */
export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { store, events, host } = deps;

  const context = (me = deps.me()): ReduceContext => {
    const ctx: ReduceContext = {
      me,
      now: host.now(),
      // Seen = the user is looking at it: visible page, that tab's window open, bar not minimised.
      isSeen: (key) => host.isVisible() && store.activeTab.peek() === key && !store.minimized.peek(),
    };
    if (deps.typingTtlMs !== undefined) ctx.typingTtlMs = deps.typingTtlMs;
    return ctx;
  };

  const find = (key: ConversationKey, m: Message, me: string): Message | undefined => {
    const messages = store.conversations.peek().get(key)?.peek().messages;
    if (!messages) return undefined;
    const i = findMessageIndex(messages, m, me);
    return i >= 0 ? messages[i] : undefined;
  };

  const run = (action: Action, remote: boolean) => {
    const me = action.type === 'online' ? action.me : deps.me();
    const ctx = context(me);
    const arriving = arrivingMessages(action);
    const before = arriving.map(({ key, message }) => {
      const k = key ?? messageConversation(message, me);
      return { key: k, prior: find(k, message, me) };
    });
    const updated = action.type === 'message/update' ? findById(store, action.key, action.id) : undefined;

    reduce(store, action, ctx);

    const announced = new Set<string>();
    arriving.forEach(({ message }, i) => {
      const { key, prior } = before[i]!;
      const now = find(key, message, me);
      if (!now || announced.has(now.id)) return;
      announced.add(now.id);
      if (!prior) events.emit('message', { key, message: now, incoming: now.from !== me });
      else if (prior.status !== now.status) events.emit('message:status', { key, message: now });
    });
    if (action.type === 'message/update' && updated) {
      const now = findById(store, action.key, action.id);
      if (now && now.status !== updated.status) events.emit('message:status', { key: action.key, message: now });
    }
    if (action.type === 'packet') {
      for (const p of action.packet.presences) events.emit('presence', p);
      for (const s of action.packet.statuses) events.emit('status', s);
    }
    events.emit('action', { action, remote });
  };

  return {
    dispatch: (action) => run(action, false),
    applyRemote: (action) => run(action, true),
    context: () => context(),
  };
}

/** Messages an action brings that may be new to the store (history is not news and raises no events). */
function arrivingMessages(action: Action): Array<{ key?: ConversationKey; message: Message }> {
  switch (action.type) {
    case 'packet':
      return action.packet.messages.map((message) => ({ message }));
    case 'online':
      return action.reply.newMessages.map((message) => ({ message }));
    case 'message/add':
      return [{ key: action.key, message: action.message }];
    default:
      return [];
  }
}

function findById(store: Store, key: ConversationKey, id: string): Message | undefined {
  return store.conversations.peek().get(key)?.peek().messages.find((m) => m.id === id || (m.clientId !== undefined && `c:${m.clientId}` === id));
}
