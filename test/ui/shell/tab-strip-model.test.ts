import { describe, expect, it } from 'vitest';
import type { ConversationKey } from '../../../src/protocol/types';
import {
  keyTarget,
  NAV_WIDTH,
  neighbourOf,
  revealFirst,
  rovingTab,
  scrollLabel,
  TAB_WIDTH,
  TAB_WIDTH_NARROW,
  tabWindow,
} from '../../../src/ui/bar/tab-strip-model';
import { createTranslator } from '../../../src/ui/i18n';
import '../../../src/ui/strings/shell';

/** The tab strip's arithmetic and words, without a DOM. */
const keys = (n: number) => Array.from({ length: n }, (_, i) => `chat:u${i}` as ConversationKey);
const en = createTranslator('en');

describe('tabWindow', () => {
  it('shows every tab while unmeasured or when they fit', () => {
    for (const width of [0, 5 * TAB_WIDTH])
      expect(tabWindow({ tabs: keys(5), unread: new Map(), width, narrow: false, wantedFirst: 3 })).toEqual({
        overflow: false,
        capacity: 5,
        first: 0,
        visible: keys(5),
        unreadBefore: 0,
        unreadAfter: 0,
        prevDisabled: true,
        nextDisabled: true,
      });
  });

  it.each([
    // width, narrow, wantedFirst → capacity, first
    [3 * TAB_WIDTH + 2 * NAV_WIDTH, false, 0, 3, 0],
    [3 * TAB_WIDTH + 2 * NAV_WIDTH, false, 9, 3, 7], // clamped to the last full window
    [3 * TAB_WIDTH + 2 * NAV_WIDTH - 1, false, 2, 2, 2],
    [10, false, 4, 1, 4], // never fewer than one tab
    [4 * TAB_WIDTH_NARROW + 2 * NAV_WIDTH, true, -3, 4, 0],
  ])('width %i (narrow %s) from %i: %i tabs from %i', (width, narrow, wantedFirst, capacity, first) => {
    const view = tabWindow({ tabs: keys(10), unread: new Map(), width, narrow, wantedFirst });
    expect(view).toMatchObject({ overflow: true, capacity, first, prevDisabled: first === 0 });
    expect(view.visible).toEqual(keys(10).slice(first, first + capacity));
    expect(view.nextDisabled).toBe(first + capacity >= 10);
  });

  it('counts hidden tabs with unread messages on each side', () => {
    const tabs = keys(10);
    const unread = new Map([tabs[0], tabs[1], tabs[4], tabs[8], tabs[9]].map((k) => [k!, 2]));
    const view = tabWindow({ tabs, unread, width: 3 * TAB_WIDTH + 2 * NAV_WIDTH, narrow: false, wantedFirst: 3 });
    expect(view).toMatchObject({ first: 3, unreadBefore: 2, unreadAfter: 2 });
  });
});

describe('moving and closing', () => {
  it('reveals a tab by scrolling as little as possible', () => {
    // 10 tabs, 3 visible from 4 (4, 5, 6).
    expect([0, 4, 6, 7, 9].map((i) => revealFirst(i, 4, 3, 10))).toEqual([0, 4, 4, 5, 7]);
  });

  it('arrow keys wrap; other keys go nowhere', () => {
    expect(['ArrowRight', 'ArrowLeft', 'Home', 'End', 'a'].map((k) => keyTarget(k, 4, 5))).toEqual([
      0,
      3,
      0,
      4,
      undefined,
    ]);
  });

  it('focus after a close goes right, else left, else nowhere', () => {
    const tabs = keys(3);
    expect([neighbourOf(tabs, tabs[0]!), neighbourOf(tabs, tabs[2]!), neighbourOf(tabs.slice(0, 1), tabs[0]!)]).toEqual(
      [tabs[1], tabs[1], undefined],
    );
  });

  it('the roving tab is the focused one, else the open one, if visible; else the first visible', () => {
    const visible = keys(3);
    expect(rovingTab(visible, visible[2], visible[1])).toBe(visible[2]);
    expect(rovingTab(visible, 'chat:gone' as ConversationKey, visible[1])).toBe(visible[1]);
    expect(rovingTab(visible, undefined, null)).toBe(visible[0]);
  });

  it('names the scroll controls with the hidden unread count', () => {
    expect([scrollLabel(-1, 0, en), scrollLabel(1, 2, en)]).toEqual([
      'Previous chats',
      'More chats, 2 with unread messages',
    ]);
  });
});
