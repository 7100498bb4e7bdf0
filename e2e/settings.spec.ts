import type { Locator, Page } from '@playwright/test';
import { openChatWith } from './chat-helpers';
import { bar, expect, test, waitConnected } from './fixtures';

/** Opens the settings pane (unless open) and returns it. */
async function openSettings(
  page: Page,
  region: Locator = bar(page),
  names = { button: 'Settings', pane: 'Settings' },
): Promise<Locator> {
  const button = region.getByRole('button', { name: names.button, exact: true });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  const pane = region.getByRole('dialog', { name: names.pane });
  await expect(pane).toBeVisible();
  return pane;
}

async function reload(page: Page): Promise<void> {
  await page.reload();
  await waitConnected(page);
}

test('toggled settings are saved: still set after a reload and in another browser', async ({ browser, openAs }) => {
  const alice = await openAs('alice');
  const settings = await openSettings(alice);
  const sound = settings.getByRole('checkbox', { name: 'Play a sound for new messages' });
  const sticky = settings.getByRole('checkbox', { name: 'Keep the buddy list open' });
  await expect(sound).toBeChecked();
  await expect(sticky).not.toBeChecked();
  const saved = alice.waitForResponse((r) => r.url().includes('/webim/setting') && r.ok());
  await sound.uncheck();
  await saved;
  const saved2 = alice.waitForResponse((r) => r.url().includes('/webim/setting') && r.ok());
  await sticky.check();
  await saved2;

  await reload(alice);
  const after = await openSettings(alice);
  await expect(after.getByRole('checkbox', { name: 'Play a sound for new messages' })).not.toBeChecked();
  await expect(after.getByRole('checkbox', { name: 'Keep the buddy list open' })).toBeChecked();

  // Another browser (no shared storage) gets them from the site.
  const elsewhere = await openAs('alice', { context: await browser.newContext() });
  try {
    const there = await openSettings(elsewhere);
    await expect(there.getByRole('checkbox', { name: 'Play a sound for new messages' })).not.toBeChecked();
    await expect(there.getByRole('checkbox', { name: 'Keep the buddy list open' })).toBeChecked();
    // And the sticky buddy list behaves so: opening a chat from it leaves it open.
    await openChatWith(elsewhere, /Bob/);
    await expect(bar(elsewhere).getByRole('dialog', { name: 'Buddies' })).toBeVisible();
  } finally {
    await elsewhere.context().close();
  }
});

test('the minimised-bar setting applies at once and the bar starts minimised after a reload', async ({ openAs }) => {
  const alice = await openAs('alice');
  const settings = await openSettings(alice);
  const saved = alice.waitForResponse((r) => r.url().includes('/webim/setting') && r.ok());
  // A click, not check(): the bar minimises at once, taking the pane (and the box) away.
  await settings.getByRole('checkbox', { name: 'Minimised bar' }).click();
  await saved;
  const restore = bar(alice).getByRole('button', { name: /^Restore chat/ });
  await expect(restore).toBeVisible();
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toHaveCount(0);

  await reload(alice);
  await expect(bar(alice).getByRole('button', { name: /^Restore chat/ })).toBeVisible();
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toHaveCount(0);
});

test('switching the language to 简体中文 applies at once and survives a reload', async ({ browser, openAs }) => {
  const alice = await openAs('alice');
  const settings = await openSettings(alice);
  const saved = alice.waitForResponse((r) => r.url().includes('/webim/setting') && r.ok());
  await settings.getByRole('combobox', { name: 'Language' }).selectOption({ label: '简体中文' });
  await saved;

  // At once: the region, the pane and the bar speak Chinese.
  const region = alice.getByRole('region', { name: '聊天' });
  await expect(region).toBeAttached();
  await expect(region.getByRole('dialog', { name: '设置' })).toBeVisible();
  await expect(region.getByRole('checkbox', { name: '新消息声音提示' })).toBeVisible();
  await expect(region.getByRole('button', { name: /^好友/ })).toBeVisible();
  await expect(region.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');
  await expect(bar(alice)).toHaveCount(0);

  await reload(alice);
  const again = alice.getByRole('region', { name: '聊天' });
  await expect(again).toBeAttached();
  await expect(again.getByRole('button', { name: /^好友/ })).toBeVisible();
  await expect(again.getByRole('button', { name: /^我的状态：/ })).toBeVisible();
  const pane = await openSettings(alice, again, { button: '设置', pane: '设置' });
  await expect(pane.getByRole('combobox', { name: '语言' })).toHaveValue('zh-CN');

  // Another browser of hers gets it from the site.
  const elsewhere = await openAs('alice', { context: await browser.newContext() });
  try {
    await expect(elsewhere.getByRole('region', { name: '聊天' }).getByRole('button', { name: /^好友/ })).toBeVisible();
  } finally {
    await elsewhere.context().close();
  }

  // And back to following the browser (English here).
  await pane.getByRole('combobox', { name: '语言' }).selectOption({ value: '' });
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toBeVisible();
});
