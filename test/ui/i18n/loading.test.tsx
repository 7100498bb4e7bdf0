// @vitest-environment happy-dom
import { act, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { zhCN } from '../../../src/ui/strings/zh-CN';
import { zhTW } from '../../../src/ui/strings/zh-TW';

// The script-tag build: English in the file, other locales loaded on demand. A fresh module graph per test, so no
// locale is registered up front (test/setup.ts registers all of them, as the npm build does).
type I18nModule = typeof import('../../../src/ui/i18n');
type Locale = import('../../../src/ui/i18n').Locale;
type MountModule = typeof import('../../../src/ui/mount');
let i18n: I18nModule;
let mountToolbar: MountModule['mountToolbar'];
let connectedClient: typeof import('../shell/render').connectedClient;
const mounted: Array<{ destroy(): void }> = [];

/** A loader whose files the test delivers (or fails) by hand. */
function manualLoader() {
  const asked: Array<{ locale: string; deliver(): void; fail(): void }> = [];
  const load = vi.fn(
    (locale: Locale) =>
      new Promise<void>((resolve, reject) => {
        asked.push({
          locale,
          deliver: () => {
            i18n.addTranslations(locale, locale === 'zh-CN' ? zhCN : zhTW);
            resolve();
          },
          fail: () => reject(new Error('404')),
        });
      }),
  );
  return { load, asked };
}

/** Every text the shadow root has ever held, sampled at each mutation (before the browser could paint it). */
function recordTexts(root: ShadowRoot): string[] {
  const seen: string[] = [];
  new MutationObserver(() => seen.push(root.textContent ?? '')).observe(root, {
    subtree: true,
    childList: true,
    characterData: true,
  });
  return seen;
}

beforeEach(async () => {
  vi.resetModules();
  i18n = await import('../../../src/ui/i18n');
  ({ mountToolbar } = await import('../../../src/ui/mount'));
  ({ connectedClient } = await import('../shell/render'));
});
afterEach(() => {
  for (const m of mounted.splice(0)) m.destroy();
  vi.useRealTimers();
});

function mount(locale: string) {
  const m = mountToolbar(connectedClient(), { locale });
  mounted.push(m);
  return { m, shadow: within(m.shadowRoot as unknown as HTMLElement) };
}

describe('locales loaded on demand', () => {
  it('renders nothing until the locale’s strings are in, then renders in that locale: never English first', async () => {
    const { load, asked } = manualLoader();
    const onError = vi.fn();
    i18n.setLocaleLoader(load, onError);
    const { m, shadow } = mount('zh-CN');
    const texts = recordTexts(m.shadowRoot);
    expect(load).toHaveBeenCalledWith('zh-CN');
    expect(shadow.queryByRole('region')).toBeNull();

    await act(() => asked[0]!.deliver());
    const bar = shadow.getByRole('region', { name: '聊天' });
    expect(within(bar).getByRole('button', { name: '设置' })).toBeTruthy();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((t) => /Buddies|Rooms|Settings/.test(t))).toEqual([]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a switch to another locale keeps the current one until the new strings are in', async () => {
    const { load, asked } = manualLoader();
    i18n.setLocaleLoader(load);
    const { m, shadow } = mount('zh-CN');
    await act(() => asked[0]!.deliver());
    const texts = recordTexts(m.shadowRoot);

    await act(() => m.setLocale('zh-TW'));
    expect(load).toHaveBeenLastCalledWith('zh-TW');
    expect(shadow.getByRole('button', { name: '设置' })).toBeTruthy();
    await act(() => asked[1]!.deliver());
    expect(shadow.getByRole('button', { name: '設定' })).toBeTruthy();

    // English needs no file.
    await act(() => m.setLocale('en'));
    expect(shadow.getByRole('button', { name: 'Settings' })).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
    expect(texts.filter((t) => /Settings/.test(t) && /設定|设置/.test(t))).toEqual([]);
  });

  it('falls back to English after the timeout, says why, and switches when the strings come late', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { load, asked } = manualLoader();
    const onError = vi.fn();
    i18n.setLocaleLoader(load, onError);
    const { shadow } = mount('zh-CN');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(i18n.LOCALE_TIMEOUT_MS - 1);
    });
    expect(shadow.queryByRole('region')).toBeNull();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1);
    });
    expect(shadow.getByRole('button', { name: 'Settings' })).toBeTruthy();
    expect(onError).toHaveBeenCalledWith(
      'zh-CN',
      expect.objectContaining({ message: expect.stringMatching(/timed out/) }),
    );

    await act(() => asked[0]!.deliver());
    expect(shadow.getByRole('button', { name: '设置' })).toBeTruthy();
  });

  it('a file that cannot load shows English at once and says so', async () => {
    const { load, asked } = manualLoader();
    const onError = vi.fn();
    i18n.setLocaleLoader(load, onError);
    const { shadow } = mount('zh-TW');
    await act(async () => {
      asked[0]!.fail();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(shadow.getByRole('button', { name: 'Settings' })).toBeTruthy();
    expect(onError).toHaveBeenCalledWith('zh-TW', expect.objectContaining({ message: '404' }));
  });

  it('without a loader (the npm build) every locale counts as present', () => {
    expect(i18n.localeReady('zh-TW')).toBe(true);
    i18n.setLocaleLoader(manualLoader().load);
    expect(i18n.localeReady('en')).toBe(true);
    expect(i18n.localeReady('zh-TW')).toBe(false);
  });

  it('translations added before their area registers still apply', () => {
    i18n.addTranslations('zh-CN', { later: '后来' });
    i18n.registerStrings('later', 'test.later', 'Later');
    expect(i18n.createTranslator('zh-CN')('test.later')).toBe('后来');
    expect(i18n.createTranslator('zh-TW')('test.later')).toBe('Later');
  });
});
