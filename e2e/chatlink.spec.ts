import type { Page } from '@playwright/test';
import { chatWindow, marker, send } from './chat-helpers';
import { bar, expect, test } from './fixtures';

const THREAD = { path: '/demo/thread.html' };
const icon = (page: Page, name: string) => page.getByRole('main').getByRole('button', { name: `Chat with ${name}` });

async function goOffline(page: Page): Promise<void> {
  await bar(page)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(page).getByRole('menuitemradio', { name: 'Offline' }).click();
  await expect(bar(page).getByRole('button', { name: 'Your status: Offline' })).toBeVisible();
}

test("icons sit next to online users' profile links only, follow buddies going on and offline, and open a chat", async ({
  openAs,
}) => {
  const bob = await openAs('bob');
  await openAs('dave'); // online, but not one of Alice's buddies
  const alice = await openAs('alice', THREAD);

  // Bob (buddy) and Dave (a stranger, presence from the login) are online; Carol and Erin are not; Alice is herself.
  await expect(icon(alice, 'Bob')).toBeVisible();
  await expect(icon(alice, 'Dave')).toBeVisible();
  for (const name of ['Alice', 'Carol', 'Erin']) await expect(icon(alice, name)).toHaveCount(0);
  // Right after the profile link it belongs to.
  const bobPost = alice.getByRole('article').filter({ hasText: 'Bob here' });
  await expect(bobPost.getByRole('button', { name: 'Chat with Bob' })).toBeVisible();
  expect(
    await bobPost.getByRole('link', { name: 'Bob' }).evaluate((a) => a.nextElementSibling?.tagName.toLowerCase()),
  ).toBe('webim-chatlink');

  // Carol comes online: her icon appears; Bob signs out of chat: his goes.
  const carol = await openAs('carol');
  await expect(icon(alice, 'Carol')).toBeVisible();
  await goOffline(bob);
  await expect(icon(alice, 'Bob')).toHaveCount(0);

  // Clicking an icon opens a chat with that user, who gets the message.
  await icon(alice, 'Carol').click();
  const window = chatWindow(alice, 'Carol');
  await expect(window).toBeVisible();
  const tag = marker();
  await send(window, `${tag} saw your post`);
  await expect(chatWindow(carol, 'Alice').getByRole('log')).toContainText(`${tag} saw your post`);
});

test("clicking a stranger's icon opens a chat with them", async ({ openAs }) => {
  const dave = await openAs('dave');
  const alice = await openAs('alice', THREAD);
  await icon(alice, 'Dave').click();
  // Named after Dave (his details are fetched; the page only knew his id and presence).
  const window = chatWindow(alice, 'Dave');
  await expect(window).toBeVisible();
  await expect(bar(alice).getByRole('tab', { name: /^Dave/ })).toHaveAttribute('aria-selected', 'true');
  const tag = marker();
  await send(window, `${tag} hello stranger`);
  await expect(chatWindow(dave, 'Alice').getByRole('log')).toContainText(`${tag} hello stranger`);
});

test('profile links added to the page later get icons too', async ({ openAs }) => {
  await openAs('bob');
  const alice = await openAs('alice', THREAD);
  await expect(icon(alice, 'Bob')).toHaveCount(1);

  // A page of replies loaded into the thread (like a forum's "load more"): Bob again (known, online), and two
  // users the page had not linked before, looked up when their links appear: u00003 is online, u00001 is not.
  await alice.evaluate(() => {
    const post = document.createElement('article');
    post.className = 'post';
    for (const [uid, name] of [
      ['bob', 'Bob'],
      ['u00003', 'User 00003'],
      ['u00001', 'User 00001'],
    ]) {
      const a = document.createElement('a');
      a.href = `/demo/space.html?uid=${uid}`;
      a.textContent = name;
      post.append(a, document.createTextNode(' '));
    }
    document.querySelector('main')!.append(post);
  });
  await expect(icon(alice, 'Bob')).toHaveCount(2);
  await expect(icon(alice, 'User 00003')).toHaveCount(1);
  await expect(icon(alice, 'User 00001')).toHaveCount(0);

  // The new icon opens a chat like the others.
  await icon(alice, 'User 00003').click();
  await expect(chatWindow(alice, 'User 00003')).toBeVisible();
  await expect(bar(alice).getByRole('tab', { name: /^User 00003/ })).toHaveAttribute('aria-selected', 'true');
});

test("a stranger's icon follows their presence too: read again every refreshSeconds (the server pushes buddies only)", async ({
  openAs,
}) => {
  const dave = await openAs('dave'); // not one of Alice's buddies: nobody pushes his presence to her
  const alice = await openAs('alice', { ...THREAD, config: { chatlink: { refreshSeconds: 1 } } });
  await expect(icon(alice, 'Dave')).toBeVisible();
  await goOffline(dave);
  await expect(icon(alice, 'Dave')).toHaveCount(0, { timeout: 5000 });
  await bar(dave)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(dave).getByRole('menuitemradio', { name: 'Available' }).click();
  await expect(icon(alice, 'Dave')).toBeVisible({ timeout: 5000 });
});
