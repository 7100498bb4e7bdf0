import type { Page } from '@playwright/test';
import { chatWindow, openChatWith } from './chat-helpers';
import { bar, expect, test } from './fixtures';

/** Picks a presence in the bar's status menu. */
async function choosePresence(page: Page, label: string): Promise<void> {
  await bar(page)
    .getByRole('button', { name: /^Your status/ })
    .click();
  await bar(page).getByRole('menuitemradio', { name: label }).click();
  await expect(bar(page).getByRole('button', { name: `Your status: ${label}` })).toBeVisible();
}

test('away, busy, invisible (looks offline) and back are seen by a buddy in the list and the window header', async ({
  openAs,
}) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  // Bob has a chat with Alice open, and the buddy list beside it.
  const window = await openChatWith(bob, /Alice/);
  await bar(bob)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  const row = bar(bob).getByRole('treeitem', { name: /Alice/ });
  const header = window.locator('.webim-chat__presence');
  await expect(row).toHaveAccessibleName(/Available/);
  await expect(header).toContainText('Available');

  const buddiesButton = bar(bob).getByRole('button', { name: /^Buddies/ });
  await expect(buddiesButton).toHaveAccessibleName('Buddies 1 online');
  for (const [choice, seen, online] of [
    ['Away', 'Away', 1],
    ['Busy', 'Busy', 1],
    ['Invisible', 'Offline', 0],
    ['Available', 'Available', 1],
  ] as const) {
    await choosePresence(alice, choice);
    await expect(buddiesButton).toHaveAccessibleName(`Buddies ${online} online`);
    await expect(row).toHaveAccessibleName(new RegExp(`^Alice ${seen}\\b`));
    await expect(header).toContainText(seen);
    // The tab says it too.
    await expect(bar(bob).getByRole('tab', { name: new RegExp(`^Alice ${seen}`) })).toBeVisible();
  }
  await expect(chatWindow(bob, 'Alice')).toBeVisible();
});

test('going offline from the menu is seen at once, and coming back online too', async ({ openAs }) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  await bar(bob)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  const row = bar(bob).getByRole('treeitem', { name: /Alice/ });
  await expect(row).toHaveAccessibleName(/^Alice Available/);

  await choosePresence(alice, 'Offline');
  await expect(row).toHaveAccessibleName(/^Alice Offline/);
  await choosePresence(alice, 'Away');
  await expect(row).toHaveAccessibleName(/^Alice Away/);
});

test('a status text edit is seen by the buddy in the list and the window header', async ({ openAs }) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const window = await openChatWith(bob, /Alice/);
  await bar(bob)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  const row = bar(bob).getByRole('treeitem', { name: /Alice/ });
  await expect(row).toContainText('Hacking on webim');

  await bar(alice)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  await bar(alice).getByRole('button', { name: 'Edit status message: Hacking on webim' }).click();
  const field = bar(alice).getByRole('textbox', { name: 'Status message' });
  await field.fill('Out for lunch 🍜');
  await field.press('Enter');
  await expect(bar(alice).getByRole('button', { name: 'Edit status message: Out for lunch 🍜' })).toBeVisible();

  await expect(row).toContainText('Out for lunch 🍜');
  await expect(window.locator('.webim-chat__presence')).toContainText('Available · Out for lunch 🍜');

  // A show change keeps the text.
  await choosePresence(alice, 'Away');
  await expect(row).toHaveAccessibleName(/^Alice Away/);
  await expect(window.locator('.webim-chat__presence')).toContainText('Away · Out for lunch 🍜');
});

test("a stranger's presence changes are pushed: seen at once in an open chat, with the periodic re-check off", async ({
  openAs,
}) => {
  const dave = await openAs('dave'); // not one of Alice's buddies
  // The page links Dave's profile, so the site names him among the strangers at login; the chatlink's periodic
  // re-check (the fallback for servers that do not push strangers' presence) is switched off.
  const alice = await openAs('alice', { config: { chatlink: { refreshSeconds: 0 } } });
  await alice.getByRole('main').getByRole('button', { name: 'Chat with Dave' }).first().click();
  const window = chatWindow(alice, 'Dave');
  await expect(window).toBeVisible();
  const header = window.locator('.webim-chat__presence');
  await expect(header).toContainText('Available');

  for (const [choice, seen] of [
    ['Away', 'Away'],
    ['Busy', 'Busy'],
    ['Offline', 'Offline'],
    // Back from offline: the stranger's `online` is pushed too.
    ['Away', 'Away'],
  ] as const) {
    await choosePresence(dave, choice);
    await expect(bar(alice).getByRole('tab', { name: new RegExp(`^Dave ${seen}`) })).toBeVisible();
    await expect(header).toContainText(seen);
  }
  // One way only: Dave's bar never learnt of Alice (a page linking to him is no friendship).
  await bar(dave)
    .getByRole('button', { name: /^Buddies/ })
    .click();
  await expect(bar(dave).getByRole('treeitem', { name: /^Alice/ })).toHaveCount(0);
});
