import type { Locator, Page } from '@playwright/test';
import { bar, expect } from './fixtures';

/** One rendered chat row, read from the DOM of a conversation's `log`. */
export interface ShownMessage {
  /** The sender's name as the window shows it (rows after the first of a sender group inherit it). */
  nick: string;
  body: string;
  own: boolean;
  /** `pending`, `sent`, `failed` (own), `received` (others), or `broadcast`. */
  status: string;
}

/** The open chat window named after the conversation (a `dialog`). */
export function chatWindow(page: Page, name: string | RegExp): Locator {
  return bar(page).getByRole('dialog', typeof name === 'string' ? { name, exact: true } : { name });
}

/** Opens the buddy pane unless it is open already; returns the pane. */
export async function openBuddies(page: Page): Promise<Locator> {
  const button = bar(page).getByRole('button', { name: /^Buddies/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const pane = bar(page).getByRole('dialog', { name: 'Buddies' });
  await expect(pane).toBeVisible();
  return pane;
}

/** Opens the buddy pane (unless open) and the chat with the buddy whose row matches `name`. */
export async function openChatWith(page: Page, name: string | RegExp): Promise<Locator> {
  await openBuddies(page);
  await bar(page).getByRole('treeitem', { name }).click();
  const window = chatWindow(page, name);
  await expect(window).toBeVisible();
  return window;
}

/** Opens the rooms pane and the room named `name`. */
export async function openRoom(page: Page, name: string): Promise<Locator> {
  await bar(page).getByRole('button', { name: 'Rooms' }).click();
  await bar(page)
    .getByRole('list', { name: 'Your rooms' })
    .getByRole('button', { name: new RegExp(`^${name}\\b`) })
    .click();
  const window = chatWindow(page, name);
  await expect(window).toBeVisible();
  return window;
}

/** Types `text` into a window's composer and presses Enter. */
export async function send(window: Locator, text: string): Promise<void> {
  const composer = window.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}

/** Every message row of a window's log, top to bottom, with the sender name each row stands for. */
export async function shownMessages(window: Locator): Promise<ShownMessage[]> {
  return window
    .getByRole('log')
    .locator('.webim-message')
    .evaluateAll((rows) => {
      let nick = '';
      return rows.map((row) => {
        const head = row.querySelector('.webim-message__nick');
        if (head) nick = head.textContent ?? '';
        const status =
          ['pending', 'sent', 'failed', 'received', 'broadcast'].find((s) =>
            row.classList.contains(`webim-message--${s}`),
          ) ?? '';
        return {
          nick,
          body: row.querySelector('.webim-message__body')?.textContent ?? '',
          own: row.classList.contains('webim-message--own'),
          status,
        };
      });
    });
}

/** The bodies of the shown messages that contain `marker` (a per-test token), in display order. */
export async function bodiesWith(window: Locator, marker: string): Promise<string[]> {
  return (await shownMessages(window)).filter((m) => m.body.includes(marker)).map((m) => m.body);
}

/** A token unique to one test run, to tell this test's messages from seeded history. */
export function marker(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Holds every matching request until `release()` (to observe a state that normally lasts milliseconds). */
export async function holdRequests(
  page: Page,
  url: string | RegExp,
): Promise<{ held: () => number; release: () => Promise<void> }> {
  const waiting: Array<() => Promise<void>> = [];
  let released = false;
  await page.route(url, async (route) => {
    if (released) return route.continue();
    await new Promise<void>((resolve) =>
      waiting.push(async () => {
        await route.continue();
        resolve();
      }),
    );
  });
  return {
    held: () => waiting.length,
    release: async () => {
      released = true;
      await Promise.all(waiting.splice(0).map((go) => go()));
    },
  };
}

/**
 * Alice (already open) and Bob chat both ways: Alice's first message is held at the site to show it pending,
 * then everything must arrive once, in order, with the sender's name, and every own message must end `sent`.
 */
export async function chatBothWays(alice: Page, bob: Page): Promise<void> {
  const tag = marker();
  const aliceWin = await openChatWith(alice, /Bob/);

  const hold = await holdRequests(alice, /\/webim\/message/);
  await send(aliceWin, `${tag} 1 hello bob`);
  const first = aliceWin.getByRole('log').locator('.webim-message', { hasText: `${tag} 1 hello bob` });
  await expect(first).toHaveClass(/webim-message--pending/);
  await expect(first).toContainText('Sending…');
  await expect.poll(hold.held).toBe(1);
  await hold.release();
  await expect(first).toHaveClass(/webim-message--sent/);
  await expect(first).not.toContainText('Sending…');
  await alice.unroute(/\/webim\/message/);

  await send(aliceWin, `${tag} 2 are you there?`);
  // Bob's bar gets a tab for Alice and, with no other window open, its window.
  const bobWin = chatWindow(bob, 'Alice');
  await expect(bobWin.getByRole('log')).toContainText(`${tag} 2 are you there?`);

  await send(bobWin, `${tag} 3 yes, here`);
  await send(bobWin, `${tag} 4 what's up?`);
  await expect(aliceWin.getByRole('log')).toContainText(`${tag} 4 what's up?`);
  await send(aliceWin, `${tag} 5 all good`);
  await expect(bobWin.getByRole('log')).toContainText(`${tag} 5 all good`);

  const expected = [
    { nick: 'Alice', body: `${tag} 1 hello bob` },
    { nick: 'Alice', body: `${tag} 2 are you there?` },
    { nick: 'Bob', body: `${tag} 3 yes, here` },
    { nick: 'Bob', body: `${tag} 4 what's up?` },
    { nick: 'Alice', body: `${tag} 5 all good` },
  ];
  for (const [win, me] of [
    [aliceWin, 'Alice'],
    [bobWin, 'Bob'],
  ] as const) {
    const ours = async () => (await shownMessages(win)).filter((m) => m.body.includes(tag));
    await expect.poll(async () => (await ours()).filter((m) => m.own && m.status !== 'sent').length).toBe(0);
    const shown = await ours();
    expect(shown.map(({ nick, body }) => ({ nick, body }))).toEqual(expected);
    expect(shown.map((m) => m.own)).toEqual(expected.map((m) => m.nick === me));
    // The seeded history sits above, once.
    const bodies = (await shownMessages(win)).map((m) => m.body);
    expect(bodies.filter((b) => b === 'Hi Bob!')).toHaveLength(1);
    expect(bodies.indexOf('Hi Bob!')).toBeLessThan(bodies.indexOf(`${tag} 1 hello bob`));
  }
}
