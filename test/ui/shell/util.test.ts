import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from '../../../src/ui/util/relative-time';
import { safeLinkUrl } from '../../../src/ui/util/safe-link';
import { foldForSearch, matchesQuery } from '../../../src/ui/util/search-text';
import { siteMenuEntries } from '../../../src/ui/bar/SiteMenu';

describe('safeLinkUrl', () => {
  const base = 'https://forum.example/thread/1';
  it('keeps http(s), protocol-relative and relative URLs', () => {
    for (const url of ['https://a.example/x', 'http://a.example', '//cdn.example/x', '/path?q=1', 'page.php?id=2', '#top', '?page=2']) {
      expect(safeLinkUrl(url, base)).toBe(url);
    }
    expect(safeLinkUrl('  /trimmed  ', base)).toBe('/trimmed');
  });
  it('refuses every other scheme, including obfuscated ones', () => {
    for (const url of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', 'mailto:a@b.c']) {
      expect(safeLinkUrl(url, base)).toBeUndefined();
    }
    expect(safeLinkUrl('', base)).toBeUndefined();
    expect(safeLinkUrl(undefined, base)).toBeUndefined();
    expect(safeLinkUrl('http://[bad', base)).toBeUndefined();
  });
});

describe('search folding', () => {
  it('ignores case, accents, width and extra spaces', () => {
    expect(foldForSearch('  Élise   Ångström ')).toBe('elise angstrom');
    expect(foldForSearch('Ｂｏｂ')).toBe('bob');
    expect(foldForSearch('张伟')).toBe('张伟');
  });
  it('matches every word somewhere', () => {
    expect(matchesQuery('eli ang', ['elise angstrom', 'u1'])).toBe(true);
    expect(matchesQuery('u1', ['elise', 'u1'])).toBe(true);
    expect(matchesQuery('eli zed', ['elise angstrom'])).toBe(false);
    expect(matchesQuery('', ['x'])).toBe(true);
  });
});

describe('relative time', () => {
  const now = Date.UTC(2024, 4, 1, 12);
  it('speaks each locale', () => {
    expect(formatRelativeTime(now - 30_000, now, 'en')).toBe('now');
    expect(formatRelativeTime(now - 3 * 3600_000, now, 'en')).toBe('3 hours ago');
    expect(formatRelativeTime(now - 2 * 24 * 3600_000, now, 'zh-CN')).toBe('前天');
    expect(formatRelativeTime(now - 3 * 60_000, now, 'zh-TW')).toBe('3 分鐘前');
  });
});

describe('site menu entries', () => {
  it('drops unsafe links, empty labels and entries that do nothing', () => {
    const onSelect = () => undefined;
    expect(
      siteMenuEntries([
        { label: 'A', href: '/a' },
        { label: 'B', href: 'javascript:void 0' },
        { label: 'C', href: 'javascript:void 0', onSelect },
        { label: ' ', href: '/blank' },
        { label: 'D' },
      ]).map((e) => [e.label, e.href]),
    ).toEqual([
      ['A', '/a'],
      ['C', undefined],
    ]);
  });
});
