import type { ConversationKey } from '../../protocol/types';

/** Width of a chat tab at font scale 1, in px; bar.css sizes tabs with the same numbers (`--webim-tab-width`). */
export const TAB_WIDTH = 150;
/** Tabs on phones show only the avatar. */
export const TAB_WIDTH_NARROW = 52;
/** Width of each prev/next control. */
export const TAB_NAV_WIDTH = 40;

export interface TabCapacity {
  /** How many tabs are shown at once. */
  capacity: number;
  /** Some tabs are hidden: prev/next controls are shown (they take 2 × nav width). */
  overflow: boolean;
}

/** How many fixed-width tabs fit in `width`; an unmeasured strip (width 0) shows every tab. */
export function tabCapacity(width: number, tabWidth: number, navWidth: number, total: number): TabCapacity {
  if (width <= 0 || total * tabWidth <= width) return { capacity: total, overflow: false };
  return { capacity: Math.max(1, Math.floor((width - 2 * navWidth) / tabWidth)), overflow: true };
}

/** Keeps the first visible index inside the list. */
export function clampFirst(first: number, total: number, capacity: number): number {
  return Math.max(0, Math.min(first, total - capacity));
}

/** The first visible index that shows `index` while moving as little as possible. */
export function revealIndex(first: number, index: number, capacity: number): number {
  if (index < first) return index;
  if (index >= first + capacity) return index - capacity + 1;
  return first;
}

/** How many hidden tabs before and after the visible window have unread messages. */
export function hiddenUnread(
  tabs: readonly ConversationKey[],
  first: number,
  capacity: number,
  unread: ReadonlyMap<ConversationKey, number>,
): { before: number; after: number } {
  let before = 0;
  let after = 0;
  tabs.forEach((key, i) => {
    if ((unread.get(key) ?? 0) <= 0) return;
    if (i < first) before++;
    else if (i >= first + capacity) after++;
  });
  return { before, after };
}
