import { signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext, useMemo, useRef } from 'preact/hooks';

export type Locale = 'en' | 'zh-CN' | 'zh-TW';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN', 'zh-TW'];

/**
 * One locale's translations: per strings area (`chat`, `shell`, …), its texts in the order of the area's keys
 * joined with `|`. An empty or missing text falls back to English.
 */
export type Translations = Partial<Record<string, string>>;

const tables: Record<Locale, Map<string, string>> = { en: new Map(), 'zh-CN': new Map(), 'zh-TW': new Map() };
/** Each area's keys, in order; translations that came first wait here for their area. */
const areas = new Map<string, string[]>();
const translations: Partial<Record<Locale, Translations>> = {};

const fill = (locale: Locale, keys: string[], texts = ''): void =>
  texts.split('|').forEach((text, i) => {
    if (text && keys[i]) tables[locale].set(keys[i], text);
  });

/**
 * Adds an area's strings (each UI module registers its own at import time): every key once (space-separated) and
 * the English texts in key order joined with `|`. Compact on purpose (the script-tag build has a size budget): the
 * other locales give texts in the same order under the area's name (`zh-CN.ts`, `zh-TW.ts`).
 */
export function registerStrings(area: string, keys: string, en: string): void {
  const names = keys.split(' ');
  areas.set(area, names);
  fill('en', names, en);
  for (const locale of LOCALES) fill(locale, names, translations[locale]?.[area]);
}

/**
 * Where a locale's strings are: `loaded`, or `missing` (they did not come in time, or cannot: English stands in
 * until they do). Absent: not asked for yet, or on their way.
 */
type LocaleState = 'loaded' | 'missing';
const states = signal<Partial<Record<Locale, LocaleState>>>({ en: 'loaded' });
const setState = (locale: Locale, state: LocaleState): void => {
  states.value = { ...states.peek(), [locale]: state };
};

/** Adds a locale's translations (the npm build registers all up front; the script tag's locale files call this). */
export function addTranslations(locale: Locale, texts: Translations): void {
  translations[locale] = { ...translations[locale], ...texts };
  for (const [area, keys] of areas) fill(locale, keys, texts[area]);
  setState(locale, 'loaded');
}

/** Fetches a locale's strings, resolving once they are added (the script-tag build's locale files). */
export type LocaleLoader = (locale: Locale) => Promise<void>;

/** How long the bar waits for a locale's strings before it speaks English (until they come). */
export const LOCALE_TIMEOUT_MS = 3000;

let loader: LocaleLoader | undefined;
let failed: ((locale: Locale, error: unknown) => void) | undefined;
const asked = new Set<Locale>();

/**
 * Makes locales other than English load on demand (the script-tag build). Without a loader every locale is taken
 * to be registered already. `onError` hears why a locale's strings could not load.
 */
export function setLocaleLoader(
  load: LocaleLoader | undefined,
  onError?: (locale: Locale, error: unknown) => void,
): void {
  loader = load;
  failed = onError;
  asked.clear();
  states.value = Object.fromEntries(Object.entries(states.peek()).filter(([, s]) => s === 'loaded'));
}

/**
 * Whether `locale`'s strings can be shown now: they are in, or there is nothing to wait for (no loader, or the
 * load failed or timed out and English stands in). Otherwise starts loading them and says false; a component or
 * effect that called this runs again when the answer changes.
 */
export function localeReady(locale: Locale): boolean {
  const state = states.value[locale];
  if (state || !loader) return true;
  if (!asked.has(locale)) {
    asked.add(locale);
    const load = loader;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${LOCALE_TIMEOUT_MS} ms`)), LOCALE_TIMEOUT_MS);
    });
    Promise.race([load(locale), late])
      .then(() => {
        if (!states.peek()[locale]) throw new Error('the file did not add its strings');
      })
      .catch((error: unknown) => {
        // A file that comes late still switches the bar over (addTranslations).
        if (load !== loader || states.peek()[locale]) return;
        setState(locale, 'missing');
        failed?.(locale, error);
      })
      .finally(() => clearTimeout(timer));
  }
  return false;
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

/**
 * The i18n to render with for the `wanted` locale: that locale once its strings are in (`localeReady`), until then
 * the locale shown before, and null before anything was shown — so the bar never paints a text it then replaces.
 */
export function useLocale(wanted: Locale): I18n | null {
  const shown = useRef<Locale | null>(null);
  if (localeReady(wanted)) shown.current = wanted;
  const lang = shown.current;
  // Strings that come after their timeout re-render the bar in its language.
  const state = lang && states.value[lang];
  return useMemo(() => lang && { locale: lang, t: createTranslator(lang) }, [lang, state]);
}
