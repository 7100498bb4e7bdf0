import { batch, type Signal } from '@preact/signals';
import type {
  Buddy,
  ConversationKey,
  Message,
  OnlineReply,
  PresenceUpdate,
  Show,
  TypingStatus,
} from '../protocol/types';
import type { Action, ReduceContext } from './actions';
import { addChannelPosts, addInvitations, applyOnlineExtras, followChannel, removeInvitation } from './channels';
import {
  addTab,
  applyMessages,
  mergeHistory,
  stopTyping,
  trimConversation,
  updateMessage,
  type MessageChange,
} from './messages';
import { conversation, patchConversation, person, put, setIn, stranger, upsert } from './signals';
import type { Notice, Store } from './types';

/** At most this many notices are kept per conversation (they are chatter, not history). */
const MAX_NOTICES = 50;

/**
 * Applies one action to the store: the only way state changes. Pure apart from writing the store's signals (no
 * I/O, no timers; time is `ctx.now`), and batched, so subscribers see one consistent change. Returns the live
 * messages that entered or changed (what the client announces as events; history is never news).
 */
export function reduce(s: Store, a: Action, ctx: ReduceContext): MessageChange[] {
  const out: MessageChange[] = [];
  batch(() => {
    switch (a.type) {
      case 'online':
        return applyOnline(s, a.reply, { ...ctx, me: a.me }, out);
      case 'packet':
        // Presences, then typing, then messages: a message arriving with its sender's `typing` still clears it.
        for (const p of a.packet.presences) applyPresence(s, p, ctx);
        for (const t of a.packet.statuses) applyTyping(s, t, ctx);
        addInvitations(s, a.packet.invitations, ctx.me);
        // One's own post is no news (a broker's channel topic carries it to its author too).
        addChannelPosts(
          s,
          a.packet.channelPosts?.filter((post) => post.from !== ctx.me),
        );
        return applyMessages(s, a.packet.messages, ctx, 'push', out);
      case 'offline':
        return applyOffline(s);
      case 'connection':
        return put(s.connection, a.status);
      case 'message/add':
        // A local copy: a known server copy keeps its timestamp and `sent`.
        return applyMessages(s, [a.message], ctx, 'local', out, a.key);
      case 'message/update':
        return updateMessage(s, a.key, a.id, a.patch, ctx.me, out);
      case 'history':
        return mergeHistory(s, a.key, a.messages, a.hasMore, ctx, a.older);
      case 'history/trim':
        return trimConversation(s, a.key, ctx.me);
      case 'history/loading':
        return patchConversation(s, a.key, { loading: a.loading, error: a.error });
      case 'history/clear':
        // The user cleared it on the server: nothing older remains.
        patchConversation(s, a.key, { messages: [], notices: [], hasMore: false, loaded: true });
        return setIn(s.unread, a.key);
      case 'tab/open':
        addTab(s, a.key);
        return a.activate && activate(s, a.key);
      case 'tab/close':
        if (s.tabs.peek().includes(a.key)) s.tabs.value = s.tabs.peek().filter((k) => k !== a.key);
        if (s.activeTab.peek() === a.key) s.activeTab.value = null;
        return;
      case 'tab/activate':
        return activate(s, a.key);
      case 'read':
        return setIn(s.unread, a.key);
      case 'draft':
        return setIn(s.drafts, a.key, a.text || undefined);
      case 'pane':
        s.pane.value = a.pane;
        return;
      case 'minimize':
        s.minimized.value = a.value;
        return;
      case 'settings':
        return put(s.settings, { ...s.settings.peek(), ...a.patch });
      case 'self':
        return setSelf(s, a.show, a.status);
      case 'buddies':
        return upsert(s.buddies, a.buddies, s.strangers.peek());
      case 'strangers':
        // Strangers never shadow buddies.
        return upsert(
          s.strangers,
          a.people.filter((p) => !s.buddies.peek().has(p.id)),
        );
      case 'room':
        // Being in the room answers any invitation to it.
        removeInvitation(s, a.room.id);
        return upsert(s.rooms, [a.room]);
      case 'invitation/remove':
        return removeInvitation(s, a.roomId);
      case 'channel':
        return followChannel(s, a.channel, a.followed, a.pending);
      case 'room/remove':
        // The conversation stays, like any history.
        setIn(s.rooms, a.id);
        return setIn(s.members, a.id);
      case 'members': {
        setIn(s.members, a.roomId, a.members);
        const room = s.rooms.peek().get(a.roomId);
        const r = room?.peek();
        return (
          r &&
          put(room!, {
            ...r,
            count: a.members.filter((m) => m.presence === 'online').length,
            allCount: Math.max(r.allCount, a.members.length),
          })
        );
      }
      case 'notifications':
        s.notifications.value = a.list;
        return;
      case 'notifications/seen':
        if (a.at > s.notificationsSeenAt.peek()) s.notificationsSeenAt.value = a.at;
        return;
      case 'typing/sweep':
        return sweepTyping(s, ctx.now);
    }
  });
  return out;
}

/** Opens this conversation's window (null collapses all) and reads it; an open window always has a tab. */
function activate(s: Store, key: ConversationKey | null): void {
  if (key) {
    addTab(s, key);
    setIn(s.unread, key);
  }
  s.activeTab.value = key;
}

/** A show seen by others: `invisible` and `unavailable` mean offline. */
const isOnline = (show?: Show): boolean => show !== 'invisible' && show !== 'unavailable';

/** Online with a show (an `online` without one keeps the known show, or `available`), or offline. */
function setPresence(p: Signal<Buddy>, online: boolean, show?: Show, status?: string, nick?: string): void {
  const b = p.peek();
  const next: Buddy = {
    ...b,
    presence: online ? 'online' : 'offline',
    show: !online ? 'unavailable' : show && isOnline(show) ? show : b.presence === 'online' ? b.show : 'available',
  };
  if (status !== undefined) next.status = status;
  if (nick) next.nick = nick;
  put(p, next);
}

function setSelf(s: Store, show: Show, status?: string): void {
  const u = s.user.peek();
  if (u) put(s.user, { ...u, show, status: status ?? u.status });
}

/**
 * The login reply, merged into what the store shows (a re-login after a dead ticket keeps tabs, drafts, unread and
 * history). Offline messages are news (applied before the histories, which also list them); presences rule for
 * everyone known, and people they report online whom nobody knows yet (chatlink users) become strangers.
 */
function applyOnline(s: Store, r: OnlineReply, ctx: ReduceContext, out: MessageChange[]): void {
  put(s.user, r.user);
  applyOnlineExtras(s, r, ctx.me);
  if (r.settings) put(s.settings, { ...s.settings.peek(), ...r.settings });
  upsert(s.buddies, r.buddies, s.strangers.peek());
  upsert(s.rooms, r.rooms);
  applyMessages(s, r.newMessages, ctx, 'push', out);
  for (const [key, list] of Object.entries(r.histories) as Array<[ConversationKey, Message[]]>)
    mergeHistory(s, key, list, hasMore(s, key, list), ctx);
  const reported = new Set(r.buddies.map((b) => b.id));
  for (const roster of [s.buddies, s.strangers]) {
    for (const [id, p] of roster.peek()) {
      // Own keys only: a buddy called `constructor` is not online by `Object.prototype.constructor`.
      const show = Object.hasOwn(r.presences, id) ? r.presences[id] : undefined;
      if (show) setPresence(p, isOnline(show), show);
      else if (!reported.has(id)) setPresence(p, false);
    }
  }
  upsert(
    s.strangers,
    Object.keys(r.presences)
      .filter((id) => id !== r.user.id && isOnline(r.presences[id]) && !person(s, id))
      .map((id) => stranger(id, true)),
  );
  clearTyping(s);
}

/**
 * A login's history slice has unknown length: more may exist unless it is empty, or it reaches no further back
 * than a conversation already loaded to its start.
 */
function hasMore(s: Store, key: ConversationKey, list: readonly Message[]): boolean {
  const c = s.conversations.peek().get(key)?.peek();
  return (
    !!list.length && (!c?.loaded || c.hasMore || !c.messages.length || list[0].timestamp < c.messages[0].timestamp)
  );
}

/** The user logged out: conversations stay; nobody's presence (nor typing) can be known any more. */
function applyOffline(s: Store): void {
  for (const roster of [s.buddies, s.strangers]) for (const p of roster.peek().values()) setPresence(p, false);
  setSelf(s, 'unavailable');
  clearTyping(s);
}

const clearTyping = (s: Store) => s.typing.peek().size && (s.typing.value = new Map());

/** `[notice kind, online count change, member count change]` of a room presence that is news. */
const ROOM_PRESENCE: Partial<Record<PresenceUpdate['type'], [Notice['kind'], number, number]>> = {
  grponline: ['online', 1, 0],
  grpoffline: ['offline', -1, 0],
  join: ['join', 1, 1],
  leave: ['leave', -1, -1],
};

/**
 * A buddy's or stranger's presence writes that person's signal alone (a replay is a no-op by construction); people
 * we do not know are not added. Our own `show` from another browser updates the user.
 */
function applyPresence(s: Store, p: PresenceUpdate, ctx: ReduceContext): void {
  const room = ROOM_PRESENCE[p.type];
  if (room) return applyRoomPresence(s, p, ctx, ...room);
  if (p.from === ctx.me) return void (p.type === 'show' && p.show && setSelf(s, p.show, p.status));
  const who = person(s, p.from);
  if (who) setPresence(who, p.type !== 'offline' && isOnline(p.show), p.show, p.status, p.nick);
}

/**
 * Room presences are deltas, so a replay must be recognised: with the member list loaded it is a no-op by state
 * (an online member cannot come online again); without it, the last notice about the same person having the same
 * kind marks it. Counts follow; a notice goes to the room's conversation when it exists. Own ones are ignored (the
 * login's counts include us).
 */
function applyRoomPresence(
  s: Store,
  p: PresenceUpdate,
  ctx: ReduceContext,
  kind: Notice['kind'],
  dCount: number,
  dAll: number,
): void {
  const id = p.to;
  if (!id || p.from === ctx.me) return;
  const key: ConversationKey = `grpchat:${id}`;
  const c = s.conversations.peek().get(key);
  const members = s.members.peek().get(id);
  if (members) {
    const next = members.slice();
    const i = next.findIndex((m) => m.id === p.from);
    const m = next[i];
    if (kind === 'leave') {
      if (!m) return;
      next.splice(i, 1);
      dCount = m.presence === 'online' ? -1 : 0;
    } else if (kind === 'offline') {
      if (m?.presence !== 'online') return;
      next[i] = { ...m, presence: 'offline', show: 'unavailable' };
    } else {
      if (m?.presence === 'online') return;
      const on = {
        id: p.from,
        nick: p.nick || m?.nick || p.from,
        presence: 'online' as const,
        show: p.show && isOnline(p.show) ? p.show : 'available',
      };
      // The list may hold online members only (v5), so a stranger to it coming online is no new member.
      if (m) {
        next[i] = on;
        dAll = 0;
      } else next.push(on);
    }
    setIn(s.members, id, next);
  } else {
    const notices = c?.peek().notices ?? [];
    let last = notices.length;
    while (last-- && notices[last].who !== p.from);
    if (notices[last]?.kind === kind) return;
  }
  const room = s.rooms.peek().get(id);
  const r = room?.peek();
  if (r) put(room!, { ...r, count: Math.max(0, r.count + dCount), allCount: Math.max(0, r.allCount + dAll) });
  if (!c) return;
  const notices = [
    ...c.peek().notices,
    { id: `n:${kind}:${p.from}:${ctx.now}`, kind, who: p.from, nick: p.nick, timestamp: ctx.now },
  ];
  c.value = { ...c.peek(), notices: notices.slice(-MAX_NOTICES) };
}

/**
 * A `typing` status shows (or refreshes) an indicator until `now + ttl`; `clear` removes it; own ones are ignored.
 * Statuses are addressed like chat messages; one addressed to a known room shows in that room.
 */
function applyTyping(s: Store, t: TypingStatus, ctx: ReduceContext): void {
  if (t.from === ctx.me) return;
  const key: ConversationKey = t.to !== ctx.me && s.rooms.peek().has(t.to) ? `grpchat:${t.to}` : `chat:${t.from}`;
  if (t.show === 'clear') return stopTyping(s, key, t.from);
  const others = (s.typing.peek().get(key) ?? []).filter((e) => e.from !== t.from);
  setIn(s.typing, key, [
    ...others,
    { from: t.from, nick: t.nick, text: t.text, until: ctx.now + (ctx.typingTtlMs ?? 10_000) },
  ]);
}

/** `typing/sweep`: drops indicators whose time is up; writes nothing when none expired. */
function sweepTyping(s: Store, now: number): void {
  const next = new Map(s.typing.peek());
  let changed = false;
  for (const [key, list] of next) {
    const alive = list.filter((e) => e.until > now);
    if (alive.length === list.length) continue;
    changed = true;
    if (alive.length) next.set(key, alive);
    else next.delete(key);
  }
  if (changed) s.typing.value = next;
}
