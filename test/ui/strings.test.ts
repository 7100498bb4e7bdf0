import { beforeAll, describe, expect, it, vi } from 'vitest';

// Capture what each strings module registers, to check its texts line up with its keys in every locale.
const calls: Array<{ keys: string; texts: Record<string, string | undefined> }> = [];
vi.mock('../../src/ui/i18n', async (original) => ({
  ...(await original<typeof import('../../src/ui/i18n')>()),
  registerStrings: (keys: string, texts: Record<string, string | undefined>) => calls.push({ keys, texts }),
}));

describe('UI strings', () => {
  beforeAll(async () => {
    await import('../../src/ui/strings/common');
    await import('../../src/ui/strings/shell');
    await import('../../src/ui/strings/chat');
  });

  it('every locale has exactly one text per key, no key twice', () => {
    expect(calls).toHaveLength(3);
    const seen = new Set<string>();
    for (const { keys, texts } of calls) {
      const names = keys.split(' ');
      for (const name of names) {
        expect(seen.has(name), `duplicate key ${name}`).toBe(false);
        seen.add(name);
      }
      for (const locale of ['en', 'zh-CN', 'zh-TW']) {
        const values = texts[locale]!.split('|');
        expect(values.length, `${locale} of ${names[0]}…`).toBe(names.length);
        if (locale === 'en')
          expect(
            values.filter((v) => !v),
            'empty English texts',
          ).toEqual([]);
      }
    }
  });

  it('placeholders match between English and each translation', () => {
    for (const { keys, texts } of calls) {
      const names = keys.split(' ');
      const en = texts.en!.split('|');
      for (const locale of ['zh-CN', 'zh-TW']) {
        texts[locale]!.split('|').forEach((text, i) => {
          if (!text) return;
          const params = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
          expect(params(text), `${locale} ${names[i]}`).toEqual(params(en[i]!));
        });
      }
    }
  });
});
