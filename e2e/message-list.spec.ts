import type { Locator, Page } from '@playwright/test';
import { openChatWith } from './chat-helpers';
import { expect, test } from './fixtures';

/** Messages the page's store holds for a conversation (the in-memory cap is 500). */
const inMemory = (page: Page, key: string) =>
  page.evaluate(
    (k) =>
      (
        window as unknown as {
          WebIM: {
            instance: {
              client: { store: { conversations: { value: Map<string, { value: { messages: unknown[] } }> } } };
            };
          };
        }
      ).WebIM.instance.client.store.conversations.value.get(k)?.value.messages.length ?? 0,
    key,
  );

/** The row at the top of the log's viewport: its key and how far its top is from the viewport's top. */
const topRow = (log: Locator) =>
  log.evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const rows = [...el.querySelectorAll<HTMLElement>('.webim-log-row')];
    const row = rows.find((r) => r.getBoundingClientRect().bottom > top + 1)!;
    return { key: row.dataset.rowKey, offset: Math.round(row.getBoundingClientRect().top - top) };
  });

const rowsInDom = (log: Locator) => log.locator('.webim-log-row').count();
const frames = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

test('a long chat: a small DOM, the newest 500 in memory, a counted jump for a reader who scrolled up, older pages from the server', async ({
  openAs,
  mock,
}) => {
  const page = await openAs('alice');
  const window = await openChatWith(page, /Carol/);
  const log = window.getByRole('log');
  await expect(log).toHaveAttribute('aria-busy', 'false');

  // 600 messages pushed in three packets: the log follows them to the bottom, with only a window of rows in the DOM.
  await mock.post('/mock/flood', { from: 'carol', to: 'alice', count: 600, batch: 200 });
  await expect(log.getByText('flood 600 of 600', { exact: true })).toBeVisible();
  expect(await rowsInDom(log)).toBeLessThan(80);
  expect(await inMemory(page, 'chat:carol')).toBe(500);

  // The reader scrolls up; new messages neither move what they read nor pull them down, and are counted.
  await log.evaluate((el) => (el.scrollTop -= 2_000));
  await frames(page);
  const reading = await topRow(log);
  await mock.post('/mock/flood', { from: 'carol', to: 'alice', count: 3, batch: 1 });
  const jump = window.getByRole('button', { name: '3 new messages ↓' });
  await expect(jump).toBeVisible();
  await frames(page);
  expect(await topRow(log)).toEqual(reading);
  await jump.click();
  await expect(log.getByText('flood 3 of 3', { exact: true })).toBeInViewport();
  await expect(jump).toBeHidden();
  await expect(log).toBeFocused();

  // Scrolling to the top pages the 100 dropped ones back in from the server, keeping the row being read in place.
  const first = log.getByText('flood 1 of 600', { exact: true });
  for (let round = 0; round < 20 && !(await first.count()); round++) {
    await log.evaluate((el) => (el.scrollTop = 0));
    await expect(log).toHaveAttribute('aria-busy', 'false');
    await frames(page);
  }
  await expect(first).toBeAttached();
  await expect(log.getByText('Beginning of conversation')).toBeVisible();
  expect(await inMemory(page, 'chat:carol')).toBe(603);

  // Back at the newest: the conversation goes back to its newest 500 in memory.
  await log.press('End');
  await log.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect.poll(() => inMemory(page, 'chat:carol')).toBe(500);
  await expect(log.getByText('flood 3 of 3', { exact: true })).toBeInViewport();
});

test('keyboard: the log scrolls with Page Up and End, and a scroll in progress is never pulled back', async ({
  openAs,
  mock,
}) => {
  const page = await openAs('alice');
  const window = await openChatWith(page, /Carol/);
  const log = window.getByRole('log');
  await mock.post('/mock/flood', { from: 'carol', to: 'alice', count: 120, batch: 120 });
  await expect(log.getByText('flood 120 of 120', { exact: true })).toBeVisible();
  await log.focus();
  const bottom = await log.evaluate((el) => el.scrollTop);
  await log.press('PageUp');
  await expect.poll(() => log.evaluate((el) => el.scrollTop)).toBeLessThan(bottom);
  await expect(window.getByRole('button', { name: /new message/ })).toBeHidden();
  await log.press('End');
  await expect(log.getByText('flood 120 of 120', { exact: true })).toBeInViewport();
});
