import { describe, expect, it } from 'vitest';
import { OFF_SITE_URLS } from '../../support/off-site-urls';
import { fold } from '../../../src/ui/panes/buddies/rows';
import { safeLinkUrl } from '../../../src/ui/util/safe-link';

describe('safeLinkUrl', () => {
  const base = 'https://forum.example/thread/1';
  it('keeps http(s) and relative URLs', () => {
    for (const url of [
      'https://a.example/x',
      'http://a.example',
      'https://a.example/x?path=a\\b#c\\d',
      './a/b',
      '/path?q=1',
      'page.php?id=2',
      '#top',
      '?page=2',
    ]) {
      expect(safeLinkUrl(url, base)).toBe(url);
    }
    expect(safeLinkUrl('  /trimmed  ', base)).toBe('/trimmed');
  });
  it('refuses every other scheme, including obfuscated ones', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:x',
      'data:text/html,x',
      'file:///etc/passwd',
      'mailto:a@b.c',
    ]) {
      expect(safeLinkUrl(url, base)).toBeUndefined();
    }
    expect(safeLinkUrl('', base)).toBeUndefined();
    expect(safeLinkUrl(undefined, base)).toBeUndefined();
    expect(safeLinkUrl(42, base)).toBeUndefined();
    expect(safeLinkUrl('http://[bad', base)).toBeUndefined();
  });
  it('refuses every form a browser reads as another host', () => {
    // Also its own host protocol-relative, and with a leading space (trimmed as the browser trims it).
    for (const url of [...OFF_SITE_URLS, '//forum.example/x', ' //evil.com']) {
      expect(safeLinkUrl(url, base), JSON.stringify(url)).toBeUndefined();
    }
  });
});

describe('search folding', () => {
  it('ignores case, accents, width and extra spaces', () => {
    expect(fold('  Élise   Ångström ')).toBe('elise angstrom');
    expect(fold('Ｂｏｂ')).toBe('bob');
    expect(fold('张伟')).toBe('张伟');
  });
});
