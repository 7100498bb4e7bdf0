import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Locale = 'en' | 'zh-CN' | 'zh-TW';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN', 'zh-TW'];

/** Strings of one UI area, per locale. `en` is complete; the others fall back to it key by key. */
export type StringBundle = { en: Record<string, string> } & Partial<Record<Exclude<Locale, 'en'>, Record<string, string>>>;

const bundles: StringBundle[] = [];

/** Adds an area's strings (each UI module registers its own bundle at import time). */
export function registerStrings(bundle: StringBundle): void {
  bundles.push(bundle);
}

/** Picks a supported locale from an explicit preference, then the browser's languages; `en` otherwise. */
export function resolveLocale(preferred?: string | null, languages: readonly string[] = []): Locale {
  for (const raw of [preferred, ...languages]) {
    if (!raw) continue;
    const tag = raw.toLowerCase();
    if (tag === 'zh-tw' || tag === 'zh-hk' || tag === 'zh-mo' || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A translator for one locale: `{name}` placeholders are filled from `params`; unknown keys return the key. */
export function createTranslator(locale: Locale): Translate {
  return (key, params) => {
    let text: string | undefined;
    for (let i = bundles.length - 1; i >= 0 && text === undefined; i--) {
      const b = bundles[i]!;
      text = (locale === 'en' ? undefined : b[locale]?.[key]) ?? b.en[key];
    }
    if (text === undefined) return key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

export interface I18n {
  locale: Locale;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ locale: 'en', t: createTranslator('en') });

/** The current translator; components re-render when the provider's locale changes. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
