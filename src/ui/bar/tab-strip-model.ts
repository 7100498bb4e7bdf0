import { parseConversationKey } from '../../protocol/keys';
import type { Buddy, ConversationKey } from '../../protocol/types';
import type { Store } from '../../store/types';
import { presenceKind } from '../common/PresenceDot';
import type { Translate } from '../i18n';

/**
 * The tab strip's view model: which tabs fit, which are scrolled out and how many of those have unread messages,
 * where a keyboard move or a close sends focus, and every label. Pure arithmetic and words, testable without a DOM;
 * `TabStrip` measures the width and binds the result.
 */

/** Tab widths (px) on wide screens and phones (avatar only), and of each prev/next control: bar.css agrees. */
export const TAB_WIDTH = 150;
export const TAB_WIDTH_NARROW = 52;
export const NAV_WIDTH = 40;

export interface TabWindowInput {
  tabs: readonly ConversationKey[];
  unread: ReadonlyMap<ConversationKey, number>;
  /** The strip's measured width (px); 0 before it is measured, when every tab shows. */
  width: number;
  narrow: boolean;
  /** The first visible tab the user scrolled to (clamped here, so it may be out of range). */
  wantedFirst: number;
}

export interface TabWindow {
  /** More tabs than fit: the prev/next controls show. */
  overflow: boolean;
  /** How many tabs fit. */
  capacity: number;
  /** Index of the first visible tab. */
  first: number;
  visible: ConversationKey[];
  /** Hidden tabs with unread messages, before and after the visible ones. */
  unreadBefore: number;
  unreadAfter: number;
  prevDisabled: boolean;
  nextDisabled: boolean;
}

/** The first index that keeps `capacity` tabs of `count` on screen. */
export const clampFirst = (first: number, capacity: number, count: number): number =>
  Math.max(0, Math.min(first, count - capacity));

export function tabWindow({ tabs, unread, width, narrow, wantedFirst }: TabWindowInput): TabWindow {
  const count = tabs.length;
  const tab = narrow ? TAB_WIDTH_NARROW : TAB_WIDTH;
  const overflow = width > 0 && count * tab > width;
  const capacity = overflow ? Math.max(1, Math.floor((width - 2 * NAV_WIDTH) / tab)) : count;
  const first = clampFirst(wantedFirst, capacity, count);
  let unreadBefore = 0;
  let unreadAfter = 0;
  if (overflow)
    tabs.forEach((key, i) => {
      if (!unread.get(key)) return;
      if (i < first) unreadBefore++;
      else if (i >= first + capacity) unreadAfter++;
    });
  return {
    overflow,
    capacity,
    first,
    visible: tabs.slice(first, first + capacity),
    unreadBefore,
    unreadAfter,
    prevDisabled: first === 0,
    nextDisabled: first + capacity >= count,
  };
}

/** The first visible index after scrolling as little as possible to show tab `index`. */
export function revealFirst(index: number, wantedFirst: number, capacity: number, count: number): number {
  const first = clampFirst(wantedFirst, capacity, count);
  return index < first ? index : index >= first + capacity ? index - capacity + 1 : first;
}

/** The visible tab that takes Tab focus (roving tabindex): the one the keyboard is on, else the open one. */
export const rovingTab = (
  visible: readonly ConversationKey[],
  focused: ConversationKey | undefined,
  active: ConversationKey | null | undefined,
): ConversationKey | undefined =>
  [focused, active, visible[0]].find((k): k is ConversationKey => !!k && visible.includes(k));

/** Where focus goes when tab `key` closes: its right neighbour, else its left one, else nowhere (undefined). */
export function neighbourOf(tabs: readonly ConversationKey[], key: ConversationKey): ConversationKey | undefined {
  const i = tabs.indexOf(key);
  return tabs[i + 1] ?? tabs[i - 1];
}

/** Where Left/Right/Home/End go from tab `index` (wrapping), or undefined for other keys. */
export function keyTarget(key: string, index: number, count: number): number | undefined {
  const to = (
    { ArrowRight: index + 1, ArrowLeft: index + count - 1, Home: 0, End: count - 1 } as Record<string, number>
  )[key];
  return to === undefined ? undefined : to % count;
}

/** The prev/next control's name: "Previous chats", or "…, 2 with unread messages" when hidden ones have news. */
export const scrollLabel = (step: -1 | 1, hiddenUnread: number, t: Translate): string =>
  t('tabs.' + (step < 0 ? 'prev' : 'next') + (hiddenUnread ? 'Unread' : ''), { count: hiddenUnread });

export interface TabInfo {
  name: string;
  broadcast?: true;
  /** The buddy, stranger or room (for the avatar). */
  who?: { avatar?: string; defaultAvatar?: string };
  /** A person's presence kind (1:1 tabs only). */
  kind?: string;
  /** "Bob Away" and "Close chat with Bob". */
  presenceLabel?: string;
  closeLabel: string;
}

/**
 * What a tab shows about its conversation: the buddy's or stranger's, or the room's (reading those signals, so the
 * tab re-renders when they change), named by nick, else by id.
 */
export function describeTab(store: Store, key: ConversationKey, t: Translate): TabInfo {
  const { type, id } = parseConversationKey(key)!;
  if (type === 'broadcast') {
    const name = t('chat.broadcast');
    return { name, broadcast: true, closeLabel: t('tabs.close', { name }) };
  }
  const who = (
    type === 'grpchat' ? store.rooms.value.get(id) : store.buddies.value.get(id) || store.strangers.value.get(id)
  )?.value;
  const name = who?.nick || id;
  const kind = type === 'chat' && who ? presenceKind((who as Buddy).presence, (who as Buddy).show) : undefined;
  return {
    name,
    who,
    kind,
    presenceLabel: kind && t('presence.' + kind),
    closeLabel: t('tabs.close', { name }),
  };
}
