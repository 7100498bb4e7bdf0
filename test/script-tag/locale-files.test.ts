// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient } from '../support/fake-client';
import { createTranslator, registerStrings } from '../../src/ui/i18n';

// What the bar showed in Traditional Chinese when it started (the real `init` mounts the whole product).
const atStart: string[] = [];
vi.mock('../../src/init', () => ({
  init: () => {
    atStart.push(createTranslator('zh-TW')('test.file'));
    return { client: createFakeClient(), toolbar: { host: document.createElement('webim-bar') }, destroy() {} };
  },
}));

const { addLocaleFile, localeFileLoader, localeFileUrl } = await import('../../src/script-tag/locale-files');
const { installGlobal } = await import('../../src/script-tag/global');
type Win = Window & { WebIM?: unknown };
registerStrings('test', 'test.file test.other', 'File|Other');

afterEach(() => {
  ((window as Win).WebIM as { destroy?: () => void } | undefined)?.destroy?.();
  delete (window as Win).WebIM;
  document.head.replaceChildren();
});

describe('locale files', () => {
  it('live beside the script, tied to its version', () => {
    expect(localeFileUrl('https://cdn.example/webim/1.0/webim.iife.js?x=1', 'zh-CN', '1.0.0')).toBe(
      'https://cdn.example/webim/1.0/locales/zh-CN.js?v=1.0.0',
    );
  });

  it('load with a script element carrying the page’s nonce, settling when it has run or failed', async () => {
    // Caught on its way into <head>: the test environment runs no script files.
    const appended: HTMLScriptElement[] = [];
    vi.spyOn(document.head, 'append').mockImplementation((...nodes) => appended.push(...(nodes as never[])));
    const own = document.createElement('script');
    own.src = 'https://site.example/static/webim.iife.js';
    own.nonce = 'n0nce';
    const load = localeFileLoader(own, '2');
    const loaded = load('zh-TW');
    expect(appended[0]!.src).toBe('https://site.example/static/locales/zh-TW.js?v=2');
    expect(appended[0]!.nonce).toBe('n0nce');
    expect(appended[0]!.async).toBe(true);
    appended[0]!.dispatchEvent(new Event('load'));
    await expect(loaded).resolves.toBeUndefined();

    const failed = load('zh-CN');
    appended[1]!.dispatchEvent(new Event('error'));
    await expect(failed).rejects.toThrow(/could not load https:\/\/site.example\/static\/locales\/zh-CN.js/);
    await expect(localeFileLoader(null, '2')('zh-CN')).rejects.toThrow(/unknown/);
    vi.restoreAllMocks();
  });

  it('add their strings through the page queue; those queued before the script count before the bar starts', () => {
    (window as Win).WebIM = [['strings', 'zh-TW', { test: '檔案|' }]];
    const api = installGlobal(window as Win, '1');
    expect(atStart).toEqual(['檔案']);
    expect(createTranslator('zh-TW')('test.other')).toBe('Other');
    api.push(['strings', 'zh-TW', { test: '檔|其他' }]);
    expect(createTranslator('zh-TW')('test.other')).toBe('其他');
  });

  it('refuse what is no locale file', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    addLocaleFile('en', { test: 'Oops|Oops' });
    addLocaleFile('xx', { test: 'Oops|Oops' });
    addLocaleFile('zh-CN', 'Oops');
    addLocaleFile('zh-CN', { test: 42 });
    expect(createTranslator('en')('test.file')).toBe('File');
    expect(createTranslator('zh-CN')('test.file')).toBe('File');
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });
});
