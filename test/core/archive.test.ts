import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { conversationKey } from '../../src/protocol/keys';
import type { Message } from '../../src/protocol/types';
import { MESSAGE_CAP } from '../../src/store/messages';
import { ME, serverMessage } from './fakes';
import { createArchivedClient } from './archive-support';

const BOB = conversationKey('chat', 'bob');
const PAGE = 100;
const server: Message[] = Array.from({ length: 600 }, (_, i) =>
  serverMessage('bob', ME, `m${i}`, 1_000_000 + i * 1000),
);

function setup() {
  const { client, store, api, archive } = createArchivedClient(server, new IDBFactory(), PAGE);
  const messages = () => store.conversations.value.get(BOB)!.value.messages;
  return { client, api, archive, messages, requests: () => api.histories.mock.calls.length };
}

describe('history paging through the archive', () => {
  it('pages the messages the in-memory cap let go back in from the archive, then asks the server', async () => {
    const { client, messages, requests } = setup();
    await client.ready;
    client.openConversation(BOB);
    // The reader scrolled up to the first message, then back down: the conversation went back to the cap.
    while (await client.loadHistory(BOB));
    expect(messages()).toHaveLength(600);
    client.releaseHistory(BOB);
    expect(messages()).toHaveLength(MESSAGE_CAP);
    const asked = requests();

    // Up again: the 100 that went come from the archive.
    expect(await client.loadHistory(BOB)).toBe(true);
    expect(messages()).toHaveLength(600);
    expect(messages()[0]!.body).toBe('m0');
    expect(requests()).toBe(asked);
    // The archive does not know whether anything came before m0: the server says.
    expect(await client.loadHistory(BOB)).toBe(false);
    expect(requests()).toBe(asked + 1);
    client.destroy();
  });

  it('forgets a cleared conversation, and everything at logout', async () => {
    const fill = async (client: ReturnType<typeof setup>['client'], archive: ReturnType<typeof setup>['archive']) => {
      await client.ready;
      client.openConversation(BOB);
      await client.loadHistory(BOB);
      await client.loadHistory(BOB);
      await archive.flush();
    };
    const newest = server.at(-1)!;
    const cleared = setup();
    await fill(cleared.client, cleared.archive);
    expect(await cleared.archive.older(ME, BOB, newest, 10)).toHaveLength(10);
    await cleared.client.clearHistory(BOB);
    await cleared.archive.flush();
    expect(await cleared.archive.older(ME, BOB, newest, 10)).toEqual([]);
    cleared.client.destroy();

    const out = setup();
    await fill(out.client, out.archive);
    expect(await out.archive.older(ME, BOB, newest, 10)).toHaveLength(10);
    await out.client.logout();
    expect(await out.archive.older(ME, BOB, newest, 10)).toEqual([]);
    out.client.destroy();
  });
});
