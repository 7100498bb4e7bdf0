// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { findOwnScript, readConfig } from '../../src/script-tag/config';

function script(attrs: Record<string, string>): HTMLScriptElement {
  const el = document.createElement('script');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

describe('readConfig', () => {
  it('maps data-* attributes to options', () => {
    const el = script({
      'data-api': '/plugin/webim/',
      'data-uid': 'alice',
      'data-csrf-token': 'tok',
      'data-locale': 'zh-CN',
      'data-transport': 'jsonp',
      'data-z-index': '500',
      'data-font-scale': '1.25',
      'data-transparent': '',
      'data-autostart': 'false',
      'data-chatlink': 'space\\.php\\?uid=(\\d+)||profile/(\\w+)',
      'data-menu': '[{"label":"Hot","href":"/hot"},{"href":"/no-label"},"junk"]',
    });
    expect(readConfig(el, undefined)).toEqual({
      base: '/plugin/webim/',
      uid: 'alice',
      csrfToken: 'tok',
      locale: 'zh-CN',
      transport: 'jsonp',
      zIndex: 500,
      fontScale: 1.25,
      transparent: true,
      autostart: false,
      chatlink: { enabled: true, patterns: ['space\\.php\\?uid=(\\d+)', 'profile/(\\w+)'] },
      menu: [{ label: 'Hot', href: '/hot' }],
    });
  });

  it('puts data-* over window.webimConfig and keeps the rest of it', () => {
    const config = { base: '/old/', show: 'away', chatlink: { attribute: 'data-user' } };
    expect(readConfig(script({ 'data-api': '/new/', 'data-chatlink-attribute': 'data-member' }), config)).toEqual({
      base: '/new/',
      show: 'away',
      chatlink: { attribute: 'data-member', enabled: true },
    });
    expect(config.base).toBe('/old/'); // the page's object is not modified
  });

  it('skips bad values instead of throwing', () => {
    const el = script({ 'data-z-index': 'high', 'data-font-scale': '-2', 'data-menu': '{not json', 'data-api': '' });
    expect(readConfig(el, 'not an object')).toEqual({});
    expect(readConfig(null, [1, 2])).toEqual({});
  });
});

describe('findOwnScript', () => {
  it('finds the bundle script when currentScript is not set (after load)', () => {
    const el = script({ src: '/dist/webim.iife.js', 'data-api': '/webim/', type: 'application/json' });
    document.head.append(el);
    expect(findOwnScript(document)).toBe(el);
    el.remove();
    expect(findOwnScript(document)).toBeNull();
  });
});
