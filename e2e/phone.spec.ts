import type { Locator, Page } from '@playwright/test';
import { bar, expect, test } from './fixtures';
import { chatWindow, sendVia } from './support/sdk';

// A phone: panes and the chat window are full-screen layers, the composer is always reachable, and everything
// works by tapping.

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** Asserts the element covers the whole viewport (within a pixel). */
async function expectFullScreen(page: Page, locator: Locator): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = (await locator.boundingBox())!;
  expect(box, 'has a box').not.toBeNull();
  expect(Math.abs(box.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.y)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.width - viewport.width)).toBeLessThanOrEqual(1);
  expect(Math.abs(box.height - viewport.height)).toBeLessThanOrEqual(1);
}

/** Asserts the element is inside the viewport (within a pixel). */
async function expectInViewport(page: Page, locator: Locator): Promise<void> {
  const viewport = page.viewportSize()!;
  const box = (await locator.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(-1);
  expect(box.x).toBeGreaterThanOrEqual(-1);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 1);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 1);
}

test('on a phone, panes and the chat window fill the screen and chatting works by tapping', async ({ openAs }) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice', { contextOptions: phone });

  // The bar sits at the bottom edge, inside the screen.
  const buddies = bar(alice).getByRole('button', { name: /^Buddies/ });
  await expect(buddies).toBeVisible();
  await expectInViewport(alice, buddies);

  // Each pane is a full-screen layer; its back button returns to the bar.
  for (const name of ['Rooms', 'Notifications', 'Settings', 'Buddies']) {
    await bar(alice)
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .tap();
    const pane = bar(alice).getByRole('dialog', { name });
    await expect(pane).toBeVisible();
    await expectFullScreen(alice, pane);
    if (name === 'Buddies') break;
    await bar(alice)
      .getByRole('button', { name: `Close ${name}` })
      .tap();
    await expect(pane).toHaveCount(0);
    await expect(bar(alice).getByRole('button', { name: new RegExp(`^${name}`) })).toBeVisible();
  }

  // A buddy opens a full-screen chat window that replaces the pane.
  await bar(alice).getByRole('treeitem', { name: /^Bob/ }).tap();
  const window = chatWindow(alice, /^Bob/);
  await expect(window).toBeVisible();
  await expectFullScreen(alice, window);
  await expect(bar(alice).getByRole('dialog', { name: 'Buddies' })).toHaveCount(0);
  const composer = window.getByRole('textbox', { name: 'Message' });
  const sendButton = window.getByRole('button', { name: 'Send' });
  await expectInViewport(alice, composer);
  await expectInViewport(alice, sendButton);

  // Type, tap Send: the message goes, the text box is cleared and keeps focus (the keyboard stays up).
  await composer.fill('sent with a tap');
  await sendButton.tap();
  await expect(composer).toHaveValue('');
  await expect(composer).toBeFocused();
  await expect(window.getByText('sent with a tap')).toBeVisible();
  await expect(chatWindow(bob, /^Alice/).getByText('sent with a tap')).toBeVisible();
  await sendVia(bob, 'alice', 'reply to the phone');
  await expect(window.getByText('reply to the phone')).toBeVisible();

  // An on-screen keyboard takes half the screen: the window shrinks with it and the composer stays in view.
  await alice.setViewportSize({ width: 390, height: 420 });
  await expectFullScreen(alice, window);
  await expectInViewport(alice, composer);
  await expectInViewport(alice, sendButton);
  await alice.setViewportSize(phone.viewport);

  // Closing the window returns to the bar, with the chat's tab still there.
  await window.getByRole('button', { name: 'Close chat' }).tap();
  await expect(window).toHaveCount(0);
  await expect(bar(alice).getByRole('tab', { name: /^Bob/ })).toBeVisible();
  await expect(buddies).toBeVisible();
  await expectInViewport(alice, bar(alice).getByRole('tab', { name: /^Bob/ }));

  // Tapping the tab opens the window again.
  await bar(alice).getByRole('tab', { name: /^Bob/ }).tap();
  await expect(window.getByText('reply to the phone')).toBeVisible();
  await expectFullScreen(alice, window);
});
