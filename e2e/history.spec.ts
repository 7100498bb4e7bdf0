import type { Locator } from '@playwright/test';
import { chatWindow, openChatWith, type ShownMessage } from './chat-helpers';
import { expect, test } from './fixtures';

/**
 * Every message of a window's log, top to bottom, with the sender each row stands for. The log is a virtual list
 * (only rows near the viewport exist), so this scrolls it from top to bottom and collects rows by their key.
 */
async function allMessages(window: Locator): Promise<ShownMessage[]> {
  const log = window.getByRole('log');
  const seen = new Map<string, ShownMessage>();
  let nick = '';
  for (let step = 0; step < 200; step++) {
    const { rows, atEnd } = await log.evaluate(async (el, step) => {
      if (step === 0) el.scrollTop = 0;
      else el.scrollTop += el.clientHeight / 2;
      // The list renders the rows of the new position on the scroll event: read them a frame later.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return {
        atEnd: el.scrollHeight - el.scrollTop - el.clientHeight < 1,
        rows: [...el.querySelectorAll<HTMLElement>('.webim-log-row')].flatMap((row) => {
          const message = row.querySelector('.webim-message');
          if (!message) return [];
          return [
            {
              key: row.dataset.rowKey ?? '',
              head: message.querySelector('.webim-message__nick')?.textContent ?? null,
              body: message.querySelector('.webim-message__body')?.textContent ?? '',
              own: message.classList.contains('webim-message--own'),
              status:
                ['pending', 'sent', 'failed', 'broadcast'].find((s) =>
                  message.classList.contains(`webim-message--${s}`),
                ) ?? '',
            },
          ];
        }),
      };
    }, step);
    for (const { key, head, ...row } of rows) {
      if (head !== null) nick = head;
      const known = seen.get(key);
      if (known) nick = known.nick;
      else seen.set(key, { ...row, nick });
    }
    if (atEnd && step > 0) break;
  }
  return [...seen.values()];
}

/** A site session for `user` made over the API, like another browser of theirs. */
async function apiSession(siteUrl: string, user: string) {
  // A token-less script client: X-Requested-With is what passes the CSRF check (a cross-site form can't send it).
  const headers = { cookie: `webim_uid=${user}`, 'x-requested-with': 'XMLHttpRequest' };
  const reply = await fetch(`${siteUrl}/webim/online`, { method: 'POST', headers });
  expect(reply.status).toBe(200);
  const { connection } = (await reply.json()) as { connection: { ticket: string } };
  const post = async (path: string, params: Record<string, string>) => {
    const res = await fetch(`${siteUrl}/webim/${path}`, {
      method: 'POST',
      headers,
      body: new URLSearchParams({ ...params, ticket: connection.ticket }),
    });
    expect(await res.text()).toBe('"ok"');
  };
  return {
    send: (to: string, body: string, timestamp: number) =>
      post('message', { type: 'chat', to, body, timestamp: String(timestamp) }),
    offline: () => post('offline', {}),
  };
}

const COUNT = 75;
const body = (i: number) => `h${String(i).padStart(3, '0')} ${i % 2 ? 'from Carol' : 'from Alice'}`;

test('history pages back to the beginning: every message once and in order, with its sender', async ({
  openAs,
  mock,
}) => {
  // 75 messages between Alice and Carol (who have no seeded history), two per timestamp: the site moves the
  // second one a millisecond on, and paging with `before` must neither skip nor repeat either of them.
  const alice = await apiSession(mock.siteUrl, 'alice');
  const carol = await apiSession(mock.siteUrl, 'carol');
  const start = Date.now() - 5 * 60_000;
  for (let i = 0; i < COUNT; i++) {
    const at = start + Math.floor(i / 2) * 1000;
    await (i % 2 ? carol.send('alice', body(i), at) : alice.send('carol', body(i), at));
  }
  await alice.offline();
  await carol.offline();

  const page = await openAs('alice');
  const pages: string[] = [];
  const answered: string[] = [];
  page.on('request', (r) => {
    if (/\/webim\/histor/.test(r.url())) pages.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (/\/webim\/histor/.test(r.url())) answered.push(r.url());
  });
  const window = await openChatWith(page, /Carol/);
  const log = window.getByRole('log');
  const beginning = log.getByText('Beginning of conversation');
  await expect(log).toContainText(body(COUNT - 1));
  await expect(log).toHaveAttribute('aria-busy', 'false');

  // Scroll to the top again and again (the wheel, like a user) until the start of the conversation shows.
  await log.hover();
  // Each older page keeps the row being read in place, so the next wheel turn is needed for the next page.
  for (let round = 0; round < 10 && !(await beginning.isVisible()); round++) {
    const before = answered.length;
    await page.mouse.wheel(0, -100_000);
    await expect.poll(async () => (await beginning.isVisible()) || answered.length > before).toBe(true);
    await expect(log).toHaveAttribute('aria-busy', 'false');
  }
  await expect(beginning).toBeVisible();

  const shown = await allMessages(chatWindow(page, 'Carol'));
  expect(shown.map((m) => m.body)).toEqual(Array.from({ length: COUNT }, (_, i) => body(i)));
  expect(shown.map((m) => m.nick)).toEqual(Array.from({ length: COUNT }, (_, i) => (i % 2 ? 'Carol' : 'Alice')));
  expect(shown.map((m) => m.own)).toEqual(Array.from({ length: COUNT }, (_, i) => i % 2 === 0));
  // 75 messages in pages of 30: three requests, each older than the last (`before`).
  expect(pages).toHaveLength(3);
  expect(pages.slice(1).every((u) => new URL(u).searchParams.has('before'))).toBe(true);
});
