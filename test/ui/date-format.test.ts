import { describe, expect, it } from 'vitest';
import { dateFormat, formatDate } from '../../src/ui/util/date-format';

describe('date formats', () => {
  const at = Date.UTC(2026, 1, 3, 4, 5, 6);

  it('write what the Date methods they replace write, in each shipped locale', () => {
    for (const locale of ['en', 'zh-CN', 'zh-TW']) {
      expect(formatDate(at, locale, 'full')).toBe(new Date(at).toLocaleString(locale));
      expect(formatDate(at, locale, 'medium')).toBe(
        new Date(at).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' }),
      );
      expect(formatDate(at, locale, 'day')).toBe(
        new Date(at).toLocaleDateString(locale, { weekday: 'short', month: 'long', day: 'numeric' }),
      );
      expect(formatDate(at, locale, 'dayOfYear')).toBe(
        new Date(at).toLocaleDateString(locale, { weekday: 'short', month: 'long', day: 'numeric', year: 'numeric' }),
      );
      expect(formatDate(at, locale, 'clock')).toBe(
        new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at),
      );
    }
  });

  it('keep one formatter per locale and style', () => {
    expect(dateFormat('en', 'full')).toBe(dateFormat('en', 'full'));
    expect(dateFormat('en', 'full')).not.toBe(dateFormat('zh-CN', 'full'));
    expect(dateFormat('en', 'full')).not.toBe(dateFormat('en', 'clock'));
  });
});
