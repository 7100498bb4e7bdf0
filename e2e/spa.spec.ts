import { expect, test } from './fixtures';
import { sendVia, waitForClient } from './support/sdk';

// The npm/ESM integration: demo/spa.html imports `webim` from /dist/webim.js through an import map (Preact, signals
// and idb-keyval from /vendor), creates the headless client, mounts the toolbar on it and logs its events.

test('the SPA page loads the ESM build, mounts the bar and logs SDK events', async ({ openAs, browser }) => {
  const alice = await openAs('alice');
  const errors: string[] = [];
  const loaded: string[] = [];
  const context = await browser.newContext();
  context.on('weberror', (e) => errors.push(e.error().message));
  context.on('response', (r) => loaded.push(new URL(r.url()).pathname));
  const carol = await openAs('carol', { path: '/demo/spa.html', context, waitConnected: false });
  await waitForClient(carol, (c) => c.store.connection.value.state === 'connected');

  // The ES modules, not the script-tag build.
  expect(loaded).toContain('/dist/webim.js');
  expect(loaded.some((p) => p.startsWith('/vendor/preact/'))).toBe(true);
  expect(loaded.filter((p) => p.includes('webim.iife'))).toEqual([]);
  expect(await carol.evaluate(() => 'WebIM' in window)).toBe(false);

  const region = carol.getByRole('region', { name: 'Chat' });
  await expect(region).toBeAttached();
  await expect(carol.locator('webim-bar')).toHaveCount(1);
  await expect(region.getByRole('button', { name: /^Buddies/ })).toBeVisible();

  const events = carol.locator('#events');
  await expect(events.getByText(/connection: connected \((websocket|jsonp)\)/)).toBeVisible();
  await expect(events.getByText('online as carol')).toBeVisible();

  // Messages both ways and presence reach the page's own log.
  await sendVia(alice, 'carol', 'hello SPA');
  await expect(events.getByText('received chat from alice: hello SPA')).toBeVisible();
  await region.getByRole('tab', { name: /^Alice/ }).click();
  const box = region.getByRole('dialog', { name: /^Alice/ }).getByRole('textbox', { name: 'Message' });
  await box.fill('hello from the SPA');
  await box.press('Enter');
  await expect(events.getByText('sent chat to alice: hello from the SPA')).toBeVisible();
  await expect(
    alice.getByRole('region', { name: 'Chat' }).getByRole('log').getByText('hello from the SPA'),
  ).toBeVisible();
  await alice.context().close();
  await expect(events.getByText('presence: alice offline')).toBeVisible({ timeout: 15_000 });

  // The page themed the bar through the toolbar options.
  expect(
    await carol.evaluate(() =>
      document.querySelector<HTMLElement>('webim-bar')!.style.getPropertyValue('--webim-accent'),
    ),
  ).toBe('#7b2cbf');
  expect(errors).toEqual([]);
  await context.close();
});
