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
