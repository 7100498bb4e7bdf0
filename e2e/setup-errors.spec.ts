import type { BrowserContext, ConsoleMessage } from '@playwright/test';
import { expect, test } from './fixtures';

// A site owner's mistakes, on the real demo page served by the real mock server (only the script tag's attributes
// are changed on the way): the bar says what is wrong in the visitor's language, the console names the option.

/** Serves the demo front page with its script tag's attributes rewritten by `edit`. */
async function withScriptTag(context: BrowserContext, edit: (tag: string) => string): Promise<void> {
  await context.route(/\/demo\/index\.html/, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<script src="\/dist\/webim\.iife\.js"[^>]*>/, edit);
    await route.fulfill({ response, body });
  });
}

function collectErrors(messages: string[]) {
  return (m: ConsoleMessage) => {
    if (m.type() === 'error' && m.text().startsWith('webim: ')) messages.push(m.text());
  };
}

test('a placeholder CSRF token: a translated refusal in the bar, data-csrf-token named in the console', async ({
  browser,
  openAs,
}) => {
  const context = await browser.newContext();
  await withScriptTag(context, (tag) =>
    tag.replace(/data-csrf-token="[^"]*"/, 'data-csrf-token="…" data-locale="zh-CN"'),
  );
  const errors: string[] = [];
  context.on('console', collectErrors(errors));
  const page = await openAs('alice', { context, waitConnected: false });
  await expect(page.getByText('网站拒绝了聊天登录（安全令牌不匹配），请刷新页面。')).toBeVisible();
  await expect
    .poll(() => errors)
    .toEqual([expect.stringMatching(/\/webim\/online refused the login with 403: .*data-csrf-token/)]);
  await context.close();
});

test('a wrong data-api: "Chat server unreachable" after the second failure, the URL in the console, still retrying', async ({
  browser,
  openAs,
  mock,
}) => {
  const context = await browser.newContext();
  await withScriptTag(context, (tag) => tag.replace(/data-api="[^"]*"/, 'data-api="/no-such-api/"'));
  const errors: string[] = [];
  context.on('console', collectErrors(errors));
  const tries: string[] = [];
  context.on('request', (r) => r.url().includes('/no-such-api/') && tries.push(r.url()));
  const page = await openAs('alice', { context, waitConnected: false });
  await expect(page.getByText(/^Chat server unreachable\./)).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Retry now' })).toBeVisible();
  await expect
    .poll(() => errors)
    .toEqual([
      expect.stringContaining(
        `nothing answers as the chat API at ${mock.siteUrl}/no-such-api/online (http). Check data-api`,
      ),
    ]);
  // Still trying, with backoff: a third attempt comes, and the console does not repeat itself.
  await expect.poll(() => tries.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
  expect(errors).toHaveLength(1);
  await context.close();
});
