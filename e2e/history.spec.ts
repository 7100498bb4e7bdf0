import { chatWindow, openChatWith, shownMessages } from './chat-helpers';
import { expect, test } from './fixtures';

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
  page.on('request', (r) => {
    if (/\/webim\/histor/.test(r.url())) pages.push(r.url());
  });
  const window = await openChatWith(page, /Carol/);
  const log = window.getByRole('log');
  const beginning = log.getByText('Beginning of conversation');
  await expect(log).toContainText(body(COUNT - 1));
  await expect(log).toHaveAttribute('aria-busy', 'false');

  // Scroll to the top again and again (the wheel, like a user) until the start of the conversation shows.
  await log.hover();
  for (let round = 0; round < 10 && !(await beginning.isVisible()); round++) {
    const before = (await shownMessages(window)).length;
    await page.mouse.wheel(0, -100_000);
    await expect
      .poll(async () => (await beginning.isVisible()) || (await shownMessages(window)).length > before)
      .toBe(true);
    await expect(log).toHaveAttribute('aria-busy', 'false');
  }
  await expect(beginning).toBeVisible();

  const shown = await shownMessages(chatWindow(page, 'Carol'));
  expect(shown.map((m) => m.body)).toEqual(Array.from({ length: COUNT }, (_, i) => body(i)));
  expect(shown.map((m) => m.nick)).toEqual(Array.from({ length: COUNT }, (_, i) => (i % 2 ? 'Carol' : 'Alice')));
  expect(shown.map((m) => m.own)).toEqual(Array.from({ length: COUNT }, (_, i) => i % 2 === 0));
  // 75 messages in pages of 30: three requests, each older than the last (`before`).
  expect(pages).toHaveLength(3);
  expect(pages.slice(1).every((u) => new URL(u).searchParams.has('before'))).toBe(true);
});
