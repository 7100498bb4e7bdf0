import type { Locator, Page } from '@playwright/test';
import { bar, expect, test, waitConnected } from './fixtures';
import { chatWindow, openChatFromBuddies, sendVia, tabsOf } from './support/sdk';

// The one-line integration: a `<script>` tag on a forum page whose CSS is hostile, included twice, driven by a
// command queue before it loads, and kept alive across pjax/Turbo body swaps.

const MAGENTA = 'rgb(255, 0, 255)';

interface Look {
  fontFamily: string;
  fontSize: number;
  lineHeight: string;
  letterSpacing: string;
  color: string;
  background: string;
  transform: string;
  x: number;
  y: number;
  width: number;
  height: number;
  hostTransform: string;
  hostColor: string;
}

/** What a control looks like: its computed style, its box, and its shadow host's transform and colour. */
function lookOf(locator: Locator): Promise<Look> {
  return locator.evaluate((el) => {
    const cs = getComputedStyle(el);
    const host = (el.getRootNode() as ShadowRoot).host;
    const hs = getComputedStyle(host);
    const box = el.getBoundingClientRect();
    return {
      fontFamily: cs.fontFamily,
      fontSize: parseFloat(cs.fontSize),
      lineHeight: cs.lineHeight,
      letterSpacing: cs.letterSpacing,
      color: cs.color,
      background: cs.backgroundColor,
      transform: cs.transform,
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      hostTransform: hs.transform,
      hostColor: hs.color,
    };
  });
}

/** The bar controls compared between the plain forum page and the hostile one. */
function controls(page: Page): Record<string, Locator> {
  const b = bar(page);
  const window = chatWindow(page, /^Bob/);
  return {
    status: b.getByRole('button', { name: /^Your status/ }),
    buddies: b.getByRole('button', { name: /^Buddies/ }),
    settings: b.getByRole('button', { name: 'Settings' }),
    tab: b.getByRole('tab', { name: /^Bob/ }),
    header: window.getByRole('heading', { name: 'Bob' }),
    composer: window.getByRole('textbox', { name: 'Message' }),
    send: window.getByRole('button', { name: 'Send' }),
    icon: page.getByRole('button', { name: 'Chat with Bob' }).first(),
  };
}

async function looks(page: Page): Promise<Record<string, Look>> {
  const out: Record<string, Look> = {};
  for (const [name, locator] of Object.entries(controls(page))) {
    await expect(locator, name).toBeVisible();
    out[name] = await lookOf(locator);
  }
  return out;
}

test('a hostile forum stylesheet does not reach the bar or the chatlink icons', async ({ openAs }, testInfo) => {
  await openAs('bob');
  // Colours are compared at rest: no transition may be half-way when a page is measured.
  const plain = await openAs('alice', { contextOptions: { reducedMotion: 'reduce' } });
  await openChatFromBuddies(plain, /^Bob/);
  await expect(controls(plain).buddies).toHaveAttribute('aria-expanded', 'false');
  const expected = await looks(plain);

  const hostile = await openAs('alice', { path: '/demo/hostile.html', context: plain.context() });
  // The page's own text is magenta: the stylesheet really is hostile.
  expect(
    await hostile
      .locator('.forum p')
      .first()
      .evaluate((el) => getComputedStyle(el).color),
  ).toBe(MAGENTA);
  await expect(chatWindow(hostile, /^Bob/)).toBeVisible(); // the first tab's state
  await expect(controls(hostile).buddies).toHaveAttribute('aria-expanded', 'false');
  const actual = await looks(hostile);

  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name]!;
    expect.soft(got.fontFamily, `${name} font`).toBe(want.fontFamily);
    expect.soft(got.fontFamily, `${name} font`).not.toMatch(/Comic Sans/);
    expect
      .soft(Math.abs(got.fontSize - want.fontSize), `${name} font size ${got.fontSize} vs ${want.fontSize}`)
      .toBeLessThanOrEqual(0.5);
    expect.soft(got.lineHeight, `${name} line height`).toBe(want.lineHeight);
    expect.soft(got.letterSpacing, `${name} letter spacing`).toBe(want.letterSpacing);
    expect.soft(got.color, `${name} colour`).toBe(want.color);
    expect.soft(got.color, `${name} colour`).not.toBe(MAGENTA);
    expect.soft(got.background, `${name} background`).toBe(want.background);
    expect.soft(got.transform, `${name} transform`).toBe('none');
    expect.soft(got.hostTransform, `${name} host transform`).toBe('none');
    expect.soft(got.hostColor, `${name} host colour`).not.toBe(MAGENTA);
    expect.soft(Math.abs(got.width - want.width), `${name} width ${got.width} vs ${want.width}`).toBeLessThanOrEqual(2);
    expect
      .soft(Math.abs(got.height - want.height), `${name} height ${got.height} vs ${want.height}`)
      .toBeLessThanOrEqual(2);
    // The bar and its window sit where they do on the plain page: fixed to the viewport, not to the page's
    // (rotated) body. The icon's place depends on the page's text, so only its size is compared; tabs and the
    // window follow the site menu, which only the plain page configures, so only their height on screen is.
    if (name === 'icon') continue;
    expect.soft(Math.abs(got.y - want.y), `${name} y ${got.y} vs ${want.y}`).toBeLessThanOrEqual(2);
    if (['status', 'buddies', 'settings'].includes(name))
      expect.soft(Math.abs(got.x - want.x), `${name} x ${got.x} vs ${want.x}`).toBeLessThanOrEqual(2);
  }

  // For the record (kept in the test's output directory and attached to the report).
  for (const [name, page] of [
    ['hostile', hostile],
    ['plain', plain],
  ] as const) {
    const path = testInfo.outputPath(`${name}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`${name} page`, { path, contentType: 'image/png' });
  }

  // And it still works there.
  await controls(hostile).composer.fill('typed on the hostile page');
  await controls(hostile).composer.press('Enter');
  await expect(chatWindow(hostile, /^Bob/).getByText('typed on the hostile page')).toBeVisible();
});

test('the script included twice mounts one bar and one connection', async ({ openAs, mock }) => {
  const alice = await openAs('alice', { path: '/demo/e2e/twice.html' });
  await expect(alice.locator('script[src*="webim.iife"]')).toHaveCount(2);
  // Both copies have run by the time the page has loaded (one deferred, one async).
  await alice.waitForLoadState('load');
  await expect(alice.locator('webim-bar')).toHaveCount(1);
  await expect(alice.getByRole('region', { name: 'Chat' })).toHaveCount(1);
  await expect(bar(alice).getByRole('button', { name: /^Buddies/ })).toHaveCount(1);
  expect((await mock.state()).users.alice?.subscribers).toHaveLength(1);
  await openChatFromBuddies(alice, /^Bob/);
  await expect(bar(alice).getByRole('dialog')).toHaveCount(1);
});

test('commands queued before the script loads run once it starts', async ({ openAs }) => {
  const bob = await openAs('bob');
  const alice = await openAs('alice', { path: '/demo/e2e/queue.html' });
  // ['open', 'chat:bob'] opened the chat.
  await expect(chatWindow(alice, /^Bob/)).toBeVisible();
  expect(await tabsOf(alice)).toEqual(['chat:bob']);
  // ['on', 'message', fn] hears messages both ways.
  await sendVia(bob, 'alice', 'heard by the page');
  const pageLog = alice.getByRole('list', { name: 'Messages seen by the page' });
  await expect(pageLog.getByText('from bob: heard by the page')).toHaveCount(1);
  const box = chatWindow(alice, /^Bob/).getByRole('textbox', { name: 'Message' });
  await box.fill('sent from the queue page');
  await box.press('Enter');
  await expect(pageLog.getByText('to bob: sent from the queue page')).toHaveCount(1);
  // After loading, push runs commands at once.
  await alice.evaluate(() =>
    (window as unknown as { WebIM: { push(c: unknown): void } }).WebIM.push(['open', 'chat:carol']),
  );
  await expect(chatWindow(alice, /^Carol/)).toBeVisible();
});

/** Replaces the page body the way pjax/Turbo do; the new content links Carol (online) and a stale bar clone. */
async function swapBody(page: Page, how: 'replace-body' | 'empty-body'): Promise<void> {
  await page.evaluate((mode) => {
    const content = document.createElement('main');
    const heading = document.createElement('h1');
    heading.textContent = `Swapped in (${mode})`;
    const link = document.createElement('a');
    link.href = '/demo/space.html?uid=carol';
    link.textContent = 'Carol';
    const p = document.createElement('p');
    p.append('New content by ', link);
    content.append(heading, p);
    if (mode === 'replace-body') {
      const body = document.createElement('body');
      // Turbo's snapshots clone the old body, bar host included (without its shadow root).
      body.append(content, document.querySelector('webim-bar')!.cloneNode(false));
      document.documentElement.replaceChild(body, document.body);
    } else {
      document.body.replaceChildren(content);
    }
    window.dispatchEvent(new Event(mode === 'replace-body' ? 'turbo:load' : 'pjax:end'));
  }, how);
}

test('a pjax/Turbo body swap keeps the same bar element and puts chatlink icons on the new content', async ({
  openAs,
}) => {
  await openAs('carol');
  const alice = await openAs('alice');
  await openChatFromBuddies(alice, /^Bob/);
  await alice.evaluate(() => Object.assign(document.querySelector('webim-bar')!, { __e2eTag: 'the original bar' }));

  for (const how of ['replace-body', 'empty-body'] as const) {
    await swapBody(alice, how);
    await expect(alice.getByRole('heading', { name: `Swapped in (${how})` })).toBeVisible();
    await expect(alice.locator('webim-bar')).toHaveCount(1);
    expect(
      await alice.evaluate(() => (document.querySelector('webim-bar') as unknown as { __e2eTag?: string }).__e2eTag),
    ).toBe('the original bar');
    expect(await alice.evaluate(() => document.querySelector('webim-bar')!.parentElement === document.body)).toBe(true);
    // Back above the page (re-attaching a popover needs showing it again).
    expect(await alice.evaluate(() => document.querySelector('webim-bar')!.matches(':popover-open'))).toBe(true);
    // Same Preact tree and state: the open chat is still there, and still works.
    await expect(chatWindow(alice, /^Bob/)).toBeVisible();
    await expect(alice.getByRole('button', { name: 'Chat with Carol' })).toHaveCount(1);
  }
  await waitConnected(alice);
  await alice.getByRole('button', { name: 'Chat with Carol' }).click();
  await expect(chatWindow(alice, /^Carol/)).toBeVisible();
  await chatWindow(alice, /^Carol/)
    .getByRole('textbox', { name: 'Message' })
    .fill('after two swaps');
  await chatWindow(alice, /^Carol/)
    .getByRole('textbox', { name: 'Message' })
    .press('Enter');
  await expect(chatWindow(alice, /^Carol/).getByText('after two swaps')).toBeVisible();
});
