import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

// The bar speaks Simplified and Traditional Chinese when the page (config or script tag) or the browser asks.

interface Texts {
  region: string;
  buddies: RegExp;
  rooms: string;
  notifications: RegExp;
  settings: string;
  message: string;
  send: string;
  closeChat: string;
  offline: string;
  chatWith: string;
  lang: string;
}

const ZH_CN: Texts = {
  region: '聊天',
  buddies: /^好友/,
  rooms: '群组',
  notifications: /^通知/,
  settings: '设置',
  message: '消息',
  send: '发送',
  closeChat: '关闭聊天',
  offline: 'Bob 不在线，消息将在对方上线后送达。',
  chatWith: '与 Bob 聊天',
  lang: 'zh-CN',
};

const ZH_TW: Texts = {
  region: '聊天',
  buddies: /^好友/,
  rooms: '群組',
  notifications: /^通知/,
  settings: '設定',
  message: '訊息',
  send: '傳送',
  closeChat: '關閉聊天',
  offline: 'Bob 不在線，訊息將在對方上線後送達。',
  chatWith: '與 Bob 聊天',
  lang: 'zh-TW',
};

/** Walks the bar in the given language: the region, pane buttons, a chat window with its composer. */
async function expectSpeaks(page: Page, t: Texts): Promise<void> {
  const region = page.getByRole('region', { name: t.region, exact: true });
  await expect(region).toBeAttached();
  expect(
    await page.evaluate(() =>
      document.querySelector('webim-bar')?.shadowRoot?.querySelector('.webim-root')?.getAttribute('lang'),
    ),
  ).toBe(t.lang);
  await expect(region.getByRole('button', { name: t.buddies })).toBeVisible();
  await expect(region.getByRole('button', { name: t.rooms, exact: true })).toBeVisible();
  await expect(region.getByRole('button', { name: t.notifications })).toBeVisible();
  await expect(region.getByRole('button', { name: t.settings, exact: true })).toBeVisible();
  await expect(region.getByRole('button', { name: /Buddies|Rooms|Settings/ })).toHaveCount(0);

  await region.getByRole('button', { name: t.buddies }).click();
  await region.getByRole('treeitem', { name: /^Bob/ }).click();
  const window = region.getByRole('dialog', { name: /^Bob/ });
  await expect(window).toBeVisible();
  await expect(window.getByRole('textbox', { name: t.message, exact: true })).toBeVisible();
  await expect(window.getByRole('textbox', { name: t.message, exact: true })).toHaveAttribute('placeholder', t.message);
  await expect(window.getByRole('button', { name: t.send, exact: true })).toBeVisible();
  await expect(window.getByRole('button', { name: t.closeChat, exact: true })).toBeVisible();
  await expect(window.getByRole('status').filter({ hasText: t.offline })).toBeVisible();
  await expect(window.getByRole('textbox', { name: 'Message' })).toHaveCount(0);
}

test('config locale zh-CN shows Simplified Chinese', async ({ openAs }) => {
  const alice = await openAs('alice', { config: { locale: 'zh-CN' } });
  await expectSpeaks(alice, ZH_CN);
});

test('data-locale="zh-TW" on the script tag shows Traditional Chinese and beats window.webimConfig', async ({
  openAs,
}) => {
  const alice = await openAs('alice', { path: '/demo/e2e/zh-tw.html', config: { locale: 'zh-CN' } });
  await expectSpeaks(alice, ZH_TW);
});

test('with no locale option the browser’s language decides (zh-TW)', async ({ openAs }) => {
  const alice = await openAs('alice', { contextOptions: { locale: 'zh-TW' } });
  await expectSpeaks(alice, ZH_TW);
});

test('chatlink icons beside member links are labelled in the page’s locale', async ({ openAs }) => {
  await openAs('bob'); // icons show for members who are online
  for (const [t, options] of [
    [ZH_CN, { config: { locale: 'zh-CN' } }],
    [ZH_TW, { path: '/demo/e2e/zh-tw.html' }],
  ] as const) {
    const alice = await openAs('alice', options);
    const icon = alice.getByRole('button', { name: t.chatWith, exact: true }).first();
    await expect(icon).toBeVisible();
    await icon.click();
    await expect(alice.getByRole('region', { name: t.region }).getByRole('dialog', { name: /^Bob/ })).toBeVisible();
    await alice.context().close();
  }
});

// The script tag carries English only; Chinese comes from dist/locales/<locale>.js, loaded before the first render.

/** Records, in `window.__barTexts`, every text the bar's shadow root holds after each change (before any paint). */
function recordBarTexts(): void {
  const seen: string[] = [];
  Object.assign(window, { __barTexts: seen });
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    if (this.localName === 'webim-bar') {
      const record = () => seen.push(root.textContent ?? '');
      new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true });
    }
    return root;
  };
}

const ENGLISH = /Buddies|Rooms|Notifications|Settings|Connecting|Reconnecting|online|Minimise|Chat/;

test('no English text is ever painted before the Chinese one, however late the locale file comes', async ({
  browser,
  openAs,
}) => {
  const context = await browser.newContext();
  await context.addInitScript(recordBarTexts);
  const files: string[] = [];
  await context.route(/\/dist\/locales\//, async (route) => {
    files.push(new URL(route.request().url()).pathname);
    await new Promise((resolve) => setTimeout(resolve, 800)); // a slow link: the bar waits
    await route.continue();
  });
  const alice = await openAs('alice', { context, config: { locale: 'zh-CN' } });
  await expectSpeaks(alice, ZH_CN);
  expect(files).toEqual(['/dist/locales/zh-CN.js']);
  const texts = await alice.evaluate(() => (window as unknown as { __barTexts: string[] }).__barTexts);
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.filter((t) => ENGLISH.test(t))).toEqual([]);
  await context.close();
});

test('an English page loads no locale file; switching to 繁體中文 in Settings loads it, then switches', async ({
  browser,
  openAs,
}) => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const files: string[] = [];
  context.on('request', (r) => r.url().includes('/dist/locales/') && files.push(new URL(r.url()).pathname));
  const alice = await openAs('alice', { context });
  await expect(alice.getByRole('region', { name: 'Chat' }).getByRole('button', { name: 'Settings' })).toBeVisible();
  expect(files).toEqual([]);

  await alice.getByRole('button', { name: 'Settings', exact: true }).click();
  await alice.getByRole('combobox', { name: 'Language' }).selectOption({ label: '繁體中文' });
  const region = alice.getByRole('region', { name: '聊天' });
  await expect(region.getByRole('button', { name: '設定', exact: true })).toBeVisible();
  expect(files).toEqual(['/dist/locales/zh-TW.js']);
  await context.close();
});

test('a locale file that cannot load: English after the wait, and the console says why', async ({
  browser,
  openAs,
}) => {
  const context = await browser.newContext();
  await context.route(/\/dist\/locales\//, (route) => route.fulfill({ status: 404, body: 'not found' }));
  const errors: string[] = [];
  context.on('console', (m) => m.type() === 'error' && m.text().startsWith('webim: ') && errors.push(m.text()));
  const alice = await openAs('alice', { context, config: { locale: 'zh-CN' } });
  await expect(alice.getByRole('region', { name: 'Chat' }).getByRole('button', { name: /^Buddies/ })).toBeVisible();
  await expect
    .poll(() => errors)
    .toEqual([expect.stringMatching(/no zh-CN strings \(could not load .*\/dist\/locales\/zh-CN\.js/)]);
  await context.close();
});
