import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Translations } from '../../src/ui/i18n';
import { zhCN } from '../../src/ui/strings/zh-CN';
import { zhTW } from '../../src/ui/strings/zh-TW';

// Capture what each strings module registers, to check the translations line up with its keys.
const calls: Array<{ area: string; keys: string; en: string }> = [];
vi.mock('../../src/ui/i18n', async (original) => ({
  ...(await original<typeof import('../../src/ui/i18n')>()),
  registerStrings: (area: string, keys: string, en: string) => calls.push({ area, keys, en }),
}));

const TRANSLATIONS: Record<string, Translations> = { 'zh-CN': zhCN, 'zh-TW': zhTW };
const AREAS = readdirSync(new URL('../../src/ui/strings/', import.meta.url))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((f) => !/^(zh-|all-)/.test(f));

describe('UI strings', () => {
  beforeAll(async () => {
    for (const area of AREAS) await import(`../../src/ui/strings/${area}.ts`);
  });

  it('every area registers once under its file name, each key once, an English text for each', () => {
    expect(calls.map((c) => c.area).sort()).toEqual([...AREAS].sort());
    const seen = new Set<string>();
    for (const { keys, en } of calls) {
      const names = keys.split(' ');
      for (const name of names) {
        expect(seen.has(name), `duplicate key ${name}`).toBe(false);
        seen.add(name);
      }
      const texts = en.split('|');
      expect(texts.length, `en of ${names[0]}…`).toBe(names.length);
      expect(
        texts.filter((v) => !v),
        'empty English texts',
      ).toEqual([]);
    }
  });

  it('each translation has every area, no other, and one text per key', () => {
    for (const [locale, translation] of Object.entries(TRANSLATIONS)) {
      expect(Object.keys(translation).sort(), locale).toEqual([...AREAS].sort());
      for (const { area, keys } of calls)
        expect(translation[area]!.split('|').length, `${locale} ${area}`).toBe(keys.split(' ').length);
    }
  });

  it('placeholders match between English and each translation', () => {
    const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const { area, keys, en } of calls) {
      const names = keys.split(' ');
      const english = en.split('|');
      for (const [locale, translation] of Object.entries(TRANSLATIONS)) {
        translation[area]!.split('|').forEach((text, i) => {
          if (text) expect(params(text), `${locale} ${names[i]}`).toEqual(params(english[i]!));
        });
      }
    }
  });
});
