// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/protocol/types';
import { type FakeApi, ME, serverMessage } from '../../core/fakes';
import { createArchivedClient } from '../../core/archive-support';
import { buddy, chatKey, setBuddies, setUser, type FakeClient } from '../../support/fake-client';
import { virtualLayout } from './geometry';
import { renderWindow } from './render';

const BOB = chatKey('bob');
const ROW = 50;
const PAGE = 20;
const log = () => screen.getByRole('log', { name: 'Messages' });

let layout: ReturnType<typeof virtualLayout>;
beforeEach(() => {
  layout = virtualLayout({ rowHeight: ROW, clientHeight: 300 });
});
afterEach(() => layout.restore());

/** The server's history with bob: 200 messages a second apart, within one day. */
const t0 = new Date().setHours(1, 0, 0, 0);
const server: Message[] = Array.from({ length: 200 }, (_, i) => serverMessage('bob', ME, `m${i}`, t0 + i * 1000));

/** A page of this browser: a client on the fake API that answers `histories` from `server`, with its archive. */
function page(idb: IDBFactory) {
  const { client, store, api, archive } = createArchivedClient(server, idb, PAGE);
  setUser(store, { id: ME, nick: 'Alice' });
  setBuddies(store, [buddy('bob')]);
  return { client, store, api, archive };
}

/** `before` of each `histories` request so far (undefined: the newest page). */
const requests = (api: FakeApi) => api.histories.mock.calls.map(([p]) => p.before);
const at = (i: number) => server[i]!.timestamp;
/** Scrolls near the top once the list is idle (the previous page done): the list asks for the next page. */
async function scrollUp() {
  await waitFor(() => expect(log().getAttribute('aria-busy')).toBe('false'));
  fireEvent.scroll(log(), { target: { scrollTop: (layout.geometry.scrollTop = 10) } });
}

/**
 * The key of the second row in the viewport (the first may be a day separator, which repeats above older rows), as
 * laid out: top spacer, then rendered rows of ROW px.
 */
function topRow(): string {
  const spacer = log().querySelector<HTMLElement>('.webim-log-spacer')!;
  const index = Math.floor((layout.geometry.scrollTop + ROW - parseFloat(spacer.style.height)) / ROW);
  return log().querySelectorAll<HTMLElement>('.webim-log-row')[index]!.dataset.rowKey!;
}

describe('paging older history from the archive', () => {
  it('scrolling up reads older pages from IndexedDB without a request while it has them, then asks the server', async () => {
    const idb = new IDBFactory();
    // An earlier page read the newest 100 messages (five pages from the server); the archive kept them.
    const before = page(idb);
    await before.client.ready;
    before.client.openConversation(BOB);
    // (The first call shares the request the opening made.)
    for (let i = 0; i < 5; i++) await before.client.loadHistory(BOB);
    expect(before.store.conversations.value.get(BOB)!.value.messages).toHaveLength(100);
    await before.archive.flush();
    before.client.destroy();

    // The next page opens the chat: its newest page comes from the server (nothing is stored beyond the cap yet).
    const { client, store, api } = page(idb);
    await client.ready;
    client.openConversation(BOB);
    await waitFor(() => expect(store.conversations.value.get(BOB)!.value.loaded).toBe(true));
    expect(requests(api)).toEqual([undefined]);
    renderWindow(client as unknown as FakeClient, BOB);
    expect(within(log()).getByText('m199')).toBeTruthy();

    // Three pages up: each comes from the archive, no request, and the row being read stays where it was.
    for (const oldest of [160, 140, 120]) {
      await scrollUp();
      const [reading, height] = [topRow(), log().scrollHeight];
      await waitFor(() => expect(store.conversations.value.get(BOB)!.value.messages[0]!.body).toBe(`m${oldest}`));
      // The page's rows are in above (the log grew by them) and the row being read has not moved.
      await waitFor(() => expect(log().scrollHeight).toBeGreaterThan(height));
      expect(topRow()).toBe(reading);
      expect(layout.geometry.scrollTop).toBeGreaterThan(10);
      expect(requests(api)).toEqual([undefined]);
    }
    await scrollUp();
    await waitFor(() => expect(store.conversations.value.get(BOB)!.value.messages[0]!.body).toBe('m100'));
    expect(requests(api)).toEqual([undefined]);

    // m100 was the first the earlier page had: what is older only the server knows.
    await scrollUp();
    const [reading, height] = [topRow(), log().scrollHeight];
    await waitFor(() => expect(store.conversations.value.get(BOB)!.value.messages[0]!.body).toBe('m80'));
    expect(requests(api)).toEqual([undefined, at(100)]);
    await waitFor(() => expect(log().scrollHeight).toBeGreaterThan(height));
    expect(topRow()).toBe(reading);
    client.destroy();
  });
});
