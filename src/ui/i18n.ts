import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Locale = 'en' | 'zh-CN' | 'zh-TW';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN', 'zh-TW'];

/**
 * Strings of one UI area: every key once (space-separated), and per locale the texts in key order joined with `|`.
 * Compact on purpose (the script-tag build has a size budget): keys are not repeated per locale. `en` is complete;
 * an empty or missing text in another locale falls back to English.
 */
export interface StringTexts {
  en: string;
  'zh-CN'?: string;
  'zh-TW'?: string;
}

const tables: Record<Locale, Map<string, string>> = { en: new Map(), 'zh-CN': new Map(), 'zh-TW': new Map() };

/** Adds an area's strings (each UI module registers its own at import time). */
export function registerStrings(keys: string, texts: StringTexts): void {
  const names = keys.split(' ');
  for (const locale of LOCALES) {
    const values = texts[locale]?.split('|') ?? [];
    names.forEach((key, i) => {
      if (values[i]) tables[locale].set(key, values[i]!);
    });
  }
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
    const text = tables[locale].get(key) ?? tables.en.get(key);
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
