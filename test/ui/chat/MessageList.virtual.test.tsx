// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/protocol/types';
import {
  addMessage,
  buddy,
  chatKey,
  createFakeClient,
  ensureConversation,
  message,
  setBuddies,
  setUser,
  type FakeClient,
} from '../../support/fake-client';
import { virtualLayout } from './geometry';
import { nextFrame, renderWindow } from './render';

const KEY = chatKey('alice');
const ROW = 50;
const VIEW = 300;
const log = () => screen.getByRole('log', { name: 'Messages' });
const rowsInDom = () => log().querySelectorAll('.webim-log-row').length;

let layout: ReturnType<typeof virtualLayout>;
beforeEach(() => {
  layout = virtualLayout({ rowHeight: ROW, clientHeight: VIEW });
});
afterEach(() => layout.restore());

/**
 * A conversation with alice holding `n` messages a second apart, from 01:00 yesterday (one day: one separator row
 * first). Yesterday, so a message made now (the helper's default time) is always newer, whatever the time of day.
 */
function withMessages(n: number, over: { expanded?: boolean } = {}): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  setBuddies(client.store, [buddy('alice')]);
  client.store.connection.value = { state: 'connected' };
  const yesterday = new Date();
  yesterday.setDate(yesterday.getDate() - 1);
  const t0 = yesterday.setHours(1, 0, 0, 0);
  const messages: Message[] = Array.from({ length: n }, (_, i) =>
    message('alice', 'me', `m${i}`, { timestamp: t0 + i * 1000, id: `m${i}` }),
  );
  const c = ensureConversation(client.store, KEY);
  c.value = { ...c.value, messages, loaded: true, hasMore: false, ...over };
  return client;
}

const scrollTo = (top: number) => {
  layout.geometry.scrollTop = top;
  fireEvent.scroll(log());
};
const maxScroll = () => log().scrollHeight - VIEW;

describe('virtual message list', () => {
  it('renders only the rows in and near the viewport of a 2,000-message conversation, and the others on scroll', () => {
    const client = withMessages(2_000);
    renderWindow(client, KEY);
    // Opened at the newest: the last message is there, the first is not, and the DOM holds a small window.
    expect(within(log()).getByText('m1999')).toBeTruthy();
    expect(within(log()).queryByText('m0')).toBeNull();
    expect(rowsInDom()).toBeLessThan(40);
    // The log still spans every row: spacers stand in for the rest (at their estimated heights until measured).
    expect(log().scrollHeight).toBeGreaterThan(2_000 * 30);
    expect(layout.geometry.scrollTop).toBe(maxScroll());

    scrollTo(0);
    expect(within(log()).getByText('m0')).toBeTruthy();
    expect(within(log()).queryByText('m1999')).toBeNull();
    expect(rowsInDom()).toBeLessThan(40);
    scrollTo(Math.round(maxScroll() / 2));
    expect(within(log()).queryByText('m0')).toBeNull();
    expect(within(log()).queryByText('m1999')).toBeNull();
    expect(rowsInDom()).toBeGreaterThan(5);
    expect(rowsInDom()).toBeLessThan(40);
    // Still a keyboard-scrollable log.
    expect(log().getAttribute('tabindex')).toBe('0');
  });

  it('keeps unchanged rows mounted when a message arrives (one new row, no re-created ones)', async () => {
    const client = withMessages(50);
    renderWindow(client, KEY);
    const before = within(log()).getByText('m49').closest('.webim-log-row');
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'fresh', { id: 'fresh' })));
    expect(within(log()).getByText('m49').closest('.webim-log-row')).toBe(before);
    expect(within(log()).getByText('fresh')).toBeTruthy();
    // At the bottom, so still at the bottom from the next frame on.
    await nextFrame();
    expect(layout.geometry.scrollTop).toBe(maxScroll());
  });

  it('stays at the bottom when its own scroll event comes after newer rows arrived (their settling still pending)', async () => {
    const client = withMessages(100);
    renderWindow(client, KEY);
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'first burst', { id: 'b1' })));
    await nextFrame();
    expect(layout.geometry.scrollTop).toBe(maxScroll());
    // The next packet renders before the browser dispatches the scroll event of the move just made.
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'second burst', { id: 'b2' })));
    fireEvent.scroll(log());
    await nextFrame();
    expect(layout.geometry.scrollTop).toBe(maxScroll());
    expect(within(log()).getByText('second burst')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
    // A reader who does scroll up meanwhile is left where they went.
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'third burst', { id: 'b3' })));
    scrollTo(10 * ROW);
    await nextFrame();
    // (Re-anchored on rows measured meanwhile, so not exactly where it was set: far from the bottom all the same.)
    expect(layout.geometry.scrollTop).toBeLessThan(20 * ROW);
    expect(screen.getByRole('button', { name: '1 new message ↓' })).toBeTruthy();
  });

  it('counts new messages below a reader who scrolled up, jumps to them on click, and focuses the log', async () => {
    const client = withMessages(100);
    renderWindow(client, KEY);
    scrollTo(20 * ROW);
    const reading = layout.geometry.scrollTop;
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'new 1', { id: 'n1' })));
    expect(screen.getByRole('button', { name: '1 new message ↓' })).toBeTruthy();
    act(() => {
      addMessage(client.store, KEY, message('alice', 'me', 'new 2', { id: 'n2' }));
      addMessage(client.store, KEY, message('alice', 'me', 'new 3', { id: 'n3' }));
    });
    // The reader's position did not move.
    expect(layout.geometry.scrollTop).toBe(reading);
    await userEvent.click(screen.getByRole('button', { name: '3 new messages ↓' }));
    expect(layout.geometry.scrollTop).toBe(maxScroll());
    expect(within(log()).getByText('new 3')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
    expect(document.activeElement).toBe(log());
  });

  it('the jump button goes once the reader scrolls down to the newest themselves', () => {
    const client = withMessages(100);
    renderWindow(client, KEY);
    scrollTo(0);
    act(() => addMessage(client.store, KEY, message('alice', 'me', 'later', { id: 'later' })));
    expect(screen.getByRole('button', { name: '1 new message ↓' })).toBeTruthy();
    scrollTo(maxScroll());
    expect(screen.queryByRole('button', { name: /new message/ })).toBeNull();
  });

  it('lets the store drop older pages again when the reader is at the bottom, and when the window closes', () => {
    const client = withMessages(100, { expanded: true });
    const release = client.releaseHistory;
    const expand = (expanded: boolean) => {
      const c = client.store.conversations.value.get(KEY)!;
      c.value = { ...c.value, expanded: expanded || undefined };
    };
    // Like the real client: the conversation is trimmed back and no longer expanded.
    client.releaseHistory = (key) => {
      release(key);
      expand(false);
    };
    const { unmount } = renderWindow(client, KEY);
    // Opened at the newest messages.
    expect(client.callsOf('releaseHistory')).toEqual([[KEY]]);
    scrollTo(0);
    act(() => expand(true));
    expect(client.callsOf('releaseHistory')).toHaveLength(1);
    scrollTo(maxScroll());
    expect(client.callsOf('releaseHistory')).toHaveLength(2);
    scrollTo(0);
    act(() => expand(true));
    act(() => {
      unmount();
    });
    expect(client.callsOf('releaseHistory')).toHaveLength(3);
  });

  it('keeps the row being read in place when older rows come in above it and rows above are re-measured', () => {
    const client = withMessages(200);
    renderWindow(client, KEY);
    scrollTo(100 * ROW + 20);
    /** The text of the row at the viewport's top, as laid out: top spacer, then rendered rows of ROW px. */
    const topText = () => {
      const spacer = log().querySelector<HTMLElement>('.webim-log-spacer')!;
      const index = Math.floor((layout.geometry.scrollTop - parseFloat(spacer.style.height)) / ROW);
      return log().querySelectorAll('.webim-log-row')[index]!.textContent;
    };
    const reading = topText();
    expect(reading).toMatch(/m\d+/);
    const c = client.store.conversations.value.get(KEY)!;
    const t0 = c.value.messages[0]!.timestamp;
    act(() => {
      const older = Array.from({ length: 30 }, (_, i) =>
        message('alice', 'me', `old${i}`, { timestamp: t0 - 30_000 + i * 1000, id: `old${i}` }),
      );
      c.value = { ...c.value, messages: [...older, ...c.value.messages] };
    });
    expect(topText()).toBe(reading);
    // Rows above re-measured (they render taller now): the same row stays at the top.
    scrollTo(layout.geometry.scrollTop - 3 * ROW);
    const next = topText();
    act(() => {
      c.value = { ...c.value, notices: [{ id: 'x', kind: 'join', who: 'bob', timestamp: t0 - 60_000 }] };
    });
    expect(topText()).toBe(next);
  });
});
