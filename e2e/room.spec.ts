import type { Locator, Page } from '@playwright/test';
import { bodiesWith, chatWindow, marker, openChatWith, openRoom, send } from './chat-helpers';
import { bar, expect, test } from './fixtures';

/** The room's member list (opens it with the window's Members button). */
async function openMembers(window: Locator): Promise<Locator> {
  await window.getByRole('button', { name: 'Members' }).click();
  const list = window.getByRole('complementary', { name: 'Members' });
  await expect(list).toBeVisible();
  return list;
}

/** A room message from `sender` reaches `others`' Lobby windows (auto-opened or already open). */
async function expectInLobby(pages: Page[], text: string): Promise<void> {
  for (const page of pages) await expect(chatWindow(page, 'Lobby').getByRole('log')).toContainText(text);
}

test('a lobby message reaches the other two members once and shows once for the sender', async ({ openAs }) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const carol = await openAs('carol');
  const tag = marker();

  const aliceLobby = await openRoom(alice, 'Lobby');
  // The seeded room history is there.
  await expect(aliceLobby.getByRole('log')).toContainText('Stand-up in five');
  await send(aliceLobby, `${tag} hello room`);
  await expectInLobby([bob, carol], `${tag} hello room`);

  // Bob answers from the window that popped up for him.
  await send(chatWindow(bob, 'Lobby'), `${tag} hi alice`);
  await expectInLobby([alice, carol], `${tag} hi alice`);
  await send(chatWindow(carol, 'Lobby'), `${tag} hi both`);
  await expectInLobby([alice, bob], `${tag} hi both`);

  const order = [`${tag} hello room`, `${tag} hi alice`, `${tag} hi both`];
  for (const page of [alice, bob, carol]) {
    await expect.poll(() => bodiesWith(chatWindow(page, 'Lobby'), tag)).toEqual(order);
  }
  // Each shown with the sender's name.
  const rows = chatWindow(carol, 'Lobby').getByRole('log').locator('.webim-message', { hasText: tag });
  await expect(rows.nth(0)).toContainText('Alice');
  await expect(rows.nth(1)).toContainText('Bob');
});

test('the member list shows who is online, follows people coming and going, and opens a 1:1 chat', async ({
  openAs,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const lobby = await openRoom(alice, 'Lobby');
  await expect(lobby).toContainText('2 online · 3 members');
  const members = await openMembers(lobby);
  await expect(members.getByText('Alice (you)')).toBeVisible();
  await expect(members.getByRole('button', { name: 'Bob Available' })).toBeVisible();
  await expect(members.getByRole('button', { name: 'Carol Offline' })).toBeVisible();

  // Carol comes online: the list and the count follow.
  const carol = await openAs('carol');
  await expect(members.getByRole('button', { name: 'Carol Available' })).toBeVisible();
  await expect(lobby).toContainText('3 online · 3 members');
  await expect(lobby.getByRole('log')).toContainText('Carol is online');

  // Carol goes invisible: to the room she looks gone.
  await bar(carol)
    .getByRole('button', { name: /Your status/ })
    .click();
  await bar(carol).getByRole('menuitemradio', { name: 'Invisible' }).click();
  await expect(members.getByRole('button', { name: 'Carol Offline' })).toBeVisible();
  await expect(lobby).toContainText('2 online · 3 members');

  // Clicking a member opens a 1:1 chat with them.
  await members.getByRole('button', { name: /^Bob/ }).click();
  const bobChat = chatWindow(alice, 'Bob');
  await expect(bobChat).toBeVisible();
  await expect(bar(alice).getByRole('tab', { name: /Bob/ })).toBeVisible();
  const tag = marker();
  await send(bobChat, `${tag} from the member list`);
  await expect(chatWindow(bob, 'Alice').getByRole('log')).toContainText(`${tag} from the member list`);
});

test('blocking a room stops its messages until unblocked; leaving it tells the others and stops them for good', async ({
  openAs,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const carol = await openAs('carol');
  const tag = marker();
  const lobby = await openRoom(alice, 'Lobby');
  const bobLobby = await openRoom(bob, 'Lobby');

  // Block: the composer explains and is disabled, the rooms pane marks it.
  await lobby.getByRole('button', { name: 'More actions' }).click();
  await lobby.getByRole('menuitem', { name: 'Block room' }).click();
  await expect(lobby.getByText('You have blocked this room. Unblock it to send messages.')).toBeVisible();
  await expect(lobby.getByRole('textbox', { name: 'Message' })).toBeDisabled();

  // Bob's room message while alice blocks; then a 1:1 marker on alice's same push channel.
  await send(bobLobby, `${tag} while blocked`);
  await expect(chatWindow(carol, 'Lobby').getByRole('log')).toContainText(`${tag} while blocked`);
  const bobToAlice = await openChatWith(bob, /Alice/);
  await send(bobToAlice, `${tag} marker 1`);
  await expect(bar(alice).getByRole('tab', { name: /Bob/ })).toBeVisible();
  await expect.poll(() => storeBodies(alice, 'chat:bob', tag)).toEqual([`${tag} marker 1`]);
  expect(await storeBodies(alice, 'grpchat:lobby', tag)).toEqual([]);

  // Unblock (the Lobby window is still the open one): messages flow again.
  await expect(bar(alice).getByRole('tab', { name: /Lobby/ })).toHaveAttribute('aria-selected', 'true');
  await lobby.getByRole('button', { name: 'More actions' }).click();
  await lobby.getByRole('menuitem', { name: 'Unblock room' }).click();
  await expect(lobby.getByRole('textbox', { name: 'Message' })).toBeEnabled();
  await bar(bob).getByRole('tab', { name: /Lobby/ }).click();
  await send(bobLobby, `${tag} after unblock`);
  await expect(lobby.getByRole('log')).toContainText(`${tag} after unblock`);
  expect(await bodiesWith(lobby, tag)).toEqual([`${tag} after unblock`]);

  // Leave: confirm, the window and tab go, the room leaves the rooms pane, the others see it.
  await lobby.getByRole('button', { name: 'More actions' }).click();
  await lobby.getByRole('menuitem', { name: 'Leave room' }).click();
  const confirm = bar(alice).getByRole('alertdialog', { name: 'Leave Lobby?' });
  await confirm.getByRole('button', { name: 'Leave' }).click();
  await expect(lobby).toBeHidden();
  await expect(bar(alice).getByRole('tab', { name: /Lobby/ })).toHaveCount(0);
  await bar(alice).getByRole('button', { name: 'Rooms' }).click();
  await expect(bar(alice).getByRole('list', { name: 'Your rooms' }).getByRole('button', { name: /Lobby/ })).toHaveCount(
    0,
  );
  await expect(bobLobby.getByRole('log')).toContainText('Alice left');

  await send(bobLobby, `${tag} after leave`);
  await expect(chatWindow(carol, 'Lobby').getByRole('log')).toContainText(`${tag} after leave`);
  await bar(bob).getByRole('tab', { name: /Alice/ }).click();
  await send(bobToAlice, `${tag} marker 2`);
  await expect.poll(() => storeBodies(alice, 'chat:bob', tag)).toEqual([`${tag} marker 1`, `${tag} marker 2`]);
  expect(await storeBodies(alice, 'grpchat:lobby', tag)).toEqual([`${tag} after unblock`]);
});

/** Bodies containing `tag` in one conversation of a page's store (what arrived, whether shown or not). */
function storeBodies(page: Page, key: string, tag: string): Promise<string[]> {
  return page.evaluate(
    ([k, t]) => {
      type Conv = { value: { messages: ReadonlyArray<{ body: string }> } };
      const store = (
        window as unknown as {
          WebIM: { instance: { client: { store: { conversations: { value: ReadonlyMap<string, Conv> } } } } };
        }
      ).WebIM.instance.client.store;
      return (store.conversations.value.get(k)?.value.messages ?? []).map((m) => m.body).filter((b) => b.includes(t));
    },
    [key, tag] as const,
  );
}
