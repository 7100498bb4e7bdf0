import type { Page } from '@playwright/test';
import { chatWindow, openChatWith, openRoom, send } from './chat-helpers';
import { bar, expect, test } from './fixtures';

/** Issue 16 in the real bar, against the real mock server: discussions, download, pictures, channels, maximise. */

async function moreActions(page: Page, window: ReturnType<typeof chatWindow>, entry: string): Promise<void> {
  await window.getByRole('button', { name: 'More actions' }).click();
  await bar(page).getByRole('menuitem', { name: entry }).click();
}

async function openNotifications(page: Page) {
  await bar(page)
    .getByRole('button', { name: /^Notifications/ })
    .click();
  const pane = bar(page).getByRole('dialog', { name: 'Notifications' });
  await expect(pane).toBeVisible();
  return pane;
}

test('a discussion: alice starts one with bob, bob is invited (not a text message) and joins, they talk', async ({
  openAs,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const withBob = await openChatWith(alice, /^Bob/);
  await moreActions(alice, withBob, 'Start a discussion…');
  const picker = bar(alice).getByRole('dialog', { name: 'Start a discussion' });
  await picker.getByRole('textbox', { name: 'Name (optional)' }).fill('Walk plans');
  await expect(picker.getByRole('checkbox', { name: /Bob/ })).toBeChecked();
  await picker.getByRole('button', { name: 'Start' }).click();
  const aliceRoom = chatWindow(alice, 'Walk plans');
  await expect(aliceRoom).toBeVisible();
  await expect(aliceRoom.getByText('Temporary discussion')).toBeVisible();

  // bob's bar counts the invitation; the pane offers Join; the event body never shows as chat text.
  await expect(bar(bob).getByRole('button', { name: /^Notifications \d+ unread/ })).toBeVisible();
  const pane = await openNotifications(bob);
  const invitations = pane.getByRole('region', { name: 'Invitations' });
  await expect(invitations).toContainText('Alice invites you to “Walk plans”');
  await invitations.getByRole('button', { name: 'Join' }).click();
  const bobRoom = chatWindow(bob, 'Walk plans');
  await expect(bobRoom).toBeVisible();
  await expect(bob.getByText('webim-event:', { exact: false })).toHaveCount(0);

  await send(bobRoom, 'count me in');
  await expect(aliceRoom.getByRole('log')).toContainText('count me in');

  // Leaving asks first, and says the room goes with its last member.
  await moreActions(bob, bobRoom, 'Leave room');
  const confirm = bar(bob).getByRole('alertdialog', { name: 'Leave Walk plans?' });
  await expect(confirm).toContainText('it disappears when its last member leaves');
  await confirm.getByRole('button', { name: 'Leave' }).click();
  await expect(bobRoom).toBeHidden();
});

test('Download history saves the conversation as an HTML file', async ({ openAs }) => {
  const alice = await openAs('alice');
  const withBob = await openChatWith(alice, /^Bob/);
  await send(withBob, 'a <b>bold</b> claim & more');
  const [download] = await Promise.all([
    alice.waitForEvent('download'),
    moreActions(alice, withBob, 'Download history'),
  ]);
  expect(download.suggestedFilename()).toBe('history-chat-bob.html');
  const html = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString());
  expect(html).toContain('Hi Bob!');
  expect(html).toContain('a &#60;b&#62;bold&#60;/b&#62; claim &#38; more');
  expect(html).not.toContain('<b>bold</b>');
});

test('a picture in a message loads only when asked, without a referrer; a file is a link', async ({ openAs }) => {
  const bob = await openAs('bob');
  const asked: string[] = [];
  bob.on('request', (r) => {
    if (r.url().includes('/demo/images/river.svg')) asked.push(r.headers().referer ?? '');
  });
  const room = await openRoom(bob, 'Developers');
  const placeholder = room.getByRole('button', { name: /^Show image: The river at dawn from / });
  await expect(placeholder).toBeVisible();
  await expect(room.getByRole('link', { name: /^File: walk-route\.txt from [\w.-]+:\d+$/ })).toHaveAttribute(
    'href',
    /\/demo\/files\/walk-route\.txt$/,
  );
  await bob.waitForTimeout(300);
  expect(asked).toEqual([]);
  await placeholder.click();
  const picture = room.getByRole('img', { name: 'The river at dawn' });
  await expect(picture).toBeVisible();
  await expect(picture).toHaveAttribute('referrerpolicy', 'no-referrer');
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  expect(asked).toEqual(['']);
  const box = (await picture.boundingBox())!;
  expect(box.height).toBeLessThanOrEqual(240);
});

test('following a board: the page button follows, a new thread there arrives at once, the button remembers', async ({
  openAs,
}) => {
  const bob = await openAs('bob');
  const follow = bob.getByRole('button', { name: 'Follow General discussion' });
  await expect(follow).toHaveText('Follow');
  await follow.click();
  const unfollow = bob.getByRole('button', { name: 'Unfollow General discussion' });
  await expect(unfollow).toHaveAttribute('aria-pressed', 'true');

  // carol posts a thread from the Admin page: bob's bar hears of it without a refresh.
  const carol = await openAs('carol', { path: '/demo/admin.html' });
  const form = carol.locator('#post');
  await form.getByLabel('Board').selectOption('board-general');
  await form.getByLabel('Title').fill('Lost: a blue umbrella');
  await form.getByRole('button', { name: 'Post thread' }).click();
  await expect(carol.locator('#post-status')).toHaveText('Sent.');

  const pane = await openNotifications(bob);
  const posts = pane.getByRole('region', { name: 'Channel posts' });
  await expect(posts.getByRole('link', { name: 'Carol: Lost: a blue umbrella' })).toHaveAttribute(
    'href',
    /\/demo\/thread\.html\?post=1$/,
  );
  await expect(pane.getByRole('region', { name: 'Followed channels' })).toContainText('General discussion');

  // After a reload (the session resumed, or a new login) the page button still knows.
  await bob.reload();
  const board = bob.locator('#general');
  await expect(board.getByRole('button', { name: 'Unfollow General discussion' })).toBeVisible();
  await board.getByRole('button', { name: 'Unfollow General discussion' }).click();
  await expect(board.getByRole('button', { name: 'Follow General discussion' })).toBeVisible();
});

test('maximise a chat window by keyboard; it stays large after a reload', async ({ openAs }) => {
  const alice = await openAs('alice');
  const window = await openChatWith(alice, /^Bob/);
  const normal = (await window.boundingBox())!;
  const maximise = window.getByRole('button', { name: 'Maximise window' });
  await maximise.focus();
  await alice.keyboard.press('Enter');
  await expect(maximise).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => (await window.boundingBox())!.width).toBeGreaterThan(normal.width + 100);

  await alice.reload();
  const again = chatWindow(alice, /^Bob/);
  await expect(again).toBeVisible();
  await expect(again.getByRole('button', { name: 'Maximise window' })).toHaveAttribute('aria-pressed', 'true');
  expect((await again.boundingBox())!.width).toBeGreaterThan(normal.width + 100);
});
