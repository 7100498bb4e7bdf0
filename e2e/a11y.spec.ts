import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { AxeResults, NodeResult } from 'axe-core';
import { bar, expect, test } from './fixtures';
import { chatWindow, openChatFromBuddies } from './support/sdk';

// Accessibility: axe finds no serious or critical problem in any state of the bar, and the bar works with the
// keyboard alone.

/**
 * Scans only our UI: the bar's host (axe follows open shadow roots into the flattened tree) and the chatlink icons
 * the SDK adds beside member links. The forum page around them is not ours to judge.
 */
async function scan(page: Page): Promise<AxeResults> {
  const builder = new AxeBuilder({ page }).include('webim-bar');
  if (await page.locator('webim-chatlink').count()) builder.include('webim-chatlink');
  return builder.analyze();
}

function describe(violations: AxeResults['violations']): string[] {
  return violations.map(
    (v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n: NodeResult) => JSON.stringify(n.target)).join(', ')}`,
  );
}

/** No serious/critical violations, and proof the scan really looked inside the shadow root. */
async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await scan(page);
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(describe(bad), `axe: ${state}`).toEqual([]);
  // A node inside a shadow root is reported as a path [host, inner selector]: make sure we scanned some.
  const inShadow = results.passes
    .flatMap((r) => r.nodes)
    .filter((n) => Array.isArray(n.target[0]) || n.target.length > 1);
  expect(inShadow.length, `axe saw into the shadow root (${state})`).toBeGreaterThan(10);
}

test('axe: the idle bar has no serious or critical violations, and the scan can fail', async ({ openAs }) => {
  await openAs('bob');
  const alice = await openAs('alice');
  await expectAccessible(alice, 'idle');

  // The scan can fail: a nameless button planted inside the shadow root is reported, one in the page is not.
  await alice.evaluate(() => {
    const planted = document.createElement('button');
    planted.id = 'planted';
    document.querySelector('webim-bar')!.shadowRoot!.querySelector('.webim-root')!.append(planted);
    document.body.append(Object.assign(document.createElement('button'), { id: 'page-own' }));
  });
  const planted = (await scan(alice)).violations.find((v) => v.id === 'button-name');
  expect(planted?.nodes.map((n) => JSON.stringify(n.target))).toEqual([JSON.stringify([['webim-bar', '#planted']])]);
});

test('axe: no serious or critical violations with each pane open', async ({ openAs }) => {
  const alice = await openAs('alice');
  for (const name of ['Buddies', 'Rooms', 'Notifications', 'Settings']) {
    const button = bar(alice).getByRole('button', { name: new RegExp(`^${name}`) });
    await button.click();
    await expect(bar(alice).getByRole('dialog', { name })).toBeVisible();
    await expectAccessible(alice, `${name} pane`);
    await button.click();
    await expect(bar(alice).getByRole('dialog', { name })).toHaveCount(0);
  }
});

test('axe: no serious or critical violations with a chat window, a room window and the minimised bar', async ({
  openAs,
}) => {
  await openAs('bob');
  const alice = await openAs('alice');
  await openChatFromBuddies(alice, /^Bob/);
  await expectAccessible(alice, 'chat window');

  // A room window with its member list.
  await bar(alice)
    .getByRole('button', { name: /^Rooms/ })
    .click();
  await bar(alice).getByRole('dialog', { name: 'Rooms' }).getByText('Lobby').click();
  await expect(chatWindow(alice, /^Lobby/)).toBeVisible();
  await chatWindow(alice, /^Lobby/)
    .getByRole('button', { name: 'Members' })
    .click();
  await expectAccessible(alice, 'room window with members');

  await bar(alice).getByRole('button', { name: 'Minimise chat' }).click();
  await expect(bar(alice).getByRole('button', { name: /Restore chat/ })).toBeVisible();
  await expectAccessible(alice, 'minimised');
});

test('axe: no serious or critical violations in the phone layout', async ({ openAs }) => {
  await openAs('bob');
  const alice = await openAs('alice', {
    contextOptions: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  });
  await expectAccessible(alice, 'phone idle');
  await bar(alice)
    .getByRole('button', { name: /^Buddies/ })
    .tap();
  await expect(bar(alice).getByRole('dialog', { name: 'Buddies' })).toBeVisible();
  await expectAccessible(alice, 'phone buddies pane');
  await bar(alice).getByRole('treeitem', { name: /^Bob/ }).tap();
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  await expectAccessible(alice, 'phone chat window');
});

test('keyboard only: shortcut to the bar, Tab and arrows to a buddy, Enter to chat, Enter to send, Esc back', async ({
  openAs,
}) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice');
  await alice.locator('body').click({ position: { x: 5, y: 5 } });

  // Alt+Shift+M puts focus on the bar.
  await alice.keyboard.press('Alt+Shift+M');
  await expect(bar(alice).getByRole('button', { name: /^Your status/ })).toBeFocused();

  // Tab along the bar to the buddy list button.
  const buddies = bar(alice).getByRole('button', { name: /^Buddies/ });
  for (
    let i = 0;
    i < 12 &&
    !(await buddies.evaluate(
      (el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el,
    ));
    i++
  ) {
    await alice.keyboard.press('Tab');
  }
  await expect(buddies).toBeFocused();
  await alice.keyboard.press('Enter');
  const pane = bar(alice).getByRole('dialog', { name: 'Buddies' });
  await expect(pane).toBeVisible();
  // Focus moved into the pane; Tab reaches the tree, arrows reach Bob.
  await expect(pane.getByRole('searchbox', { name: 'Search buddies' })).toBeFocused();
  const bobRow = pane.getByRole('treeitem', { name: /^Bob/ });
  for (
    let i = 0;
    i < 6 &&
    !(await pane
      .getByRole('treeitem')
      .evaluateAll((rows) => rows.some((r) => (r.getRootNode() as ShadowRoot).activeElement === r)));
    i++
  ) {
    await alice.keyboard.press('Tab');
  }
  for (
    let i = 0;
    i < 6 && !(await bobRow.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el));
    i++
  ) {
    await alice.keyboard.press('ArrowDown');
  }
  await expect(bobRow).toBeFocused();

  // Enter opens the chat with the caret in the composer; typing and Enter send.
  await alice.keyboard.press('Enter');
  const window = chatWindow(alice, /^Bob/);
  await expect(window).toBeVisible();
  const composer = window.getByRole('textbox', { name: 'Message' });
  await expect(composer).toBeFocused();
  await alice.keyboard.type('typed without a mouse');
  await alice.keyboard.press('Enter');
  await expect(composer).toHaveValue('');
  await expect(window.getByText('typed without a mouse')).toBeVisible();
  await expect(bar(bob).getByRole('log').getByText('typed without a mouse')).toBeVisible();

  // Esc closes the window and gives focus back to its tab; the shortcut then lands on that tab too.
  await alice.keyboard.press('Escape');
  await expect(window).toHaveCount(0);
  const tab = bar(alice).getByRole('tab', { name: /^Bob/ });
  await expect(tab).toBeFocused();
  await alice.locator('body').click({ position: { x: 5, y: 5 } });
  await alice.keyboard.press('Alt+Shift+M');
  await expect(tab).toBeFocused();
  // Enter on the tab opens the window again; Esc closes it again, back to the tab.
  await alice.keyboard.press('Enter');
  await expect(window).toBeVisible();
  await alice.keyboard.press('Escape');
  await expect(window).toHaveCount(0);
  await expect(tab).toBeFocused();
});
