import type { Locator } from '@playwright/test';
import { chatWindow, marker, openChatWith, send } from './chat-helpers';
import { expect, test } from './fixtures';

/** The typing line of a chat window (a `status` region under the log). */
function typingLine(window: Locator): Locator {
  return window.locator('.webim-typing');
}

test('the receiver sees "is typing…", and it goes when the message arrives', async ({ openAs }) => {
  const alice = await openAs('alice');
  const bob = await openAs('bob');
  const bobWin = await openChatWith(bob, /Alice/);
  const aliceWin = await openChatWith(alice, /Bob/);
  await expect(typingLine(bobWin)).toHaveRole('status');
  await expect(typingLine(bobWin)).toHaveText('');

  const composer = aliceWin.getByRole('textbox', { name: 'Message' });
  await composer.pressSequentially('Hello the');
  await expect(typingLine(bobWin)).toHaveText('Alice is typing…');

  const tag = marker();
  await composer.fill(`${tag} Hello there`);
  await composer.press('Enter');
  await expect(bobWin.getByRole('log')).toContainText(`${tag} Hello there`);
  await expect(typingLine(bobWin)).toHaveText('');
  // Nothing shows on the typist's own side.
  await expect(typingLine(aliceWin)).toHaveText('');
});

test('the indicator goes away on its own when the typist stops (idle clear)', async ({ openAs }) => {
  // Alice's client sends `clear` after 1.5 s without keystrokes (default 5 s).
  const alice = await openAs('alice', { config: { typingIdleMs: 1500 } });
  const bob = await openAs('bob');
  const bobWin = await openChatWith(bob, /Alice/);
  const aliceWin = await openChatWith(alice, /Bob/);

  const cleared = alice.waitForRequest(
    (r) => r.url().includes('/webim/status') && (r.postData() ?? '').includes('show=clear'),
  );
  await aliceWin.getByRole('textbox', { name: 'Message' }).pressSequentially('I was going to say');
  await expect(typingLine(bobWin)).toHaveText('Alice is typing…');
  await cleared;
  await expect(typingLine(bobWin)).toHaveText('');
  // The draft stays unsent.
  await expect(aliceWin.getByRole('textbox', { name: 'Message' })).toHaveValue('I was going to say');
  await expect(chatWindow(bob, 'Alice').getByRole('log')).not.toContainText('I was going to say');
});

test('the indicator expires on the receiver when the typist vanishes without a clear', async ({ browser, openAs }) => {
  const alice = await openAs('alice');
  // Bob's clock is Playwright's, so his 10 s expiry can be skipped through instead of waited for.
  const bobContext = await browser.newContext();
  try {
    await bobContext.clock.install();
    const bob = await openAs('bob', { context: bobContext });
    const bobWin = await openChatWith(bob, /Alice/);
    const aliceWin = await openChatWith(alice, /Bob/);
    // Alice's `clear` never reaches the site (her page is as good as gone).
    await alice.route(/\/webim\/status/, (route) =>
      (route.request().postData() ?? '').includes('show=clear') ? route.abort() : route.continue(),
    );

    await aliceWin.getByRole('textbox', { name: 'Message' }).pressSequentially('brb');
    await expect(typingLine(bobWin)).toHaveText('Alice is typing…');
    await bob.clock.fastForward(9_000);
    await expect(typingLine(bobWin)).toHaveText('Alice is typing…');
    // The receiver's own expiry (10 s after the last `typing`) takes it down.
    await bob.clock.fastForward(2_000);
    await expect(typingLine(bobWin)).toHaveText('');
    await send(aliceWin, 'back');
    await expect(bobWin.getByRole('log')).toContainText('back');
  } finally {
    await bobContext.close();
  }
});
