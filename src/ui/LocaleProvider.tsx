import type { ReadonlySignal } from '@preact/signals';
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { useClient } from './context';
import { createTranslator, I18nContext, resolveLocale, type I18n } from './i18n';

/** Whether the page fixed the language (`ToolbarOptions.locale` or `setLocale`), overriding the user's setting. */
export const LocaleForcedContext = createContext(false);

export function useLocaleForced(): boolean {
  return useContext(LocaleForcedContext);
}

export interface LocaleProviderProps {
  /** The page's choice (`ToolbarOptions.locale`, changed later by `setLocale`); undefined defers to the user. */
  forced?: ReadonlySignal<string | undefined>;
  children: ComponentChildren;
}

/**
 * Provides the translator. Locale = the page's choice, else the user's `settings.locale`, else the browser's
 * languages; changing any of them re-renders the UI in the new language at once.
 */
export function LocaleProvider({ forced, children }: LocaleProviderProps) {
  const { store } = useClient();
  const pageChoice = forced?.value;
  const preferred = pageChoice || store.settings.value.locale;
  const languages = typeof navigator !== 'undefined' ? (navigator.languages ?? [navigator.language]) : [];
  const locale = resolveLocale(preferred, languages);
  const value = useMemo<I18n>(() => ({ locale, t: createTranslator(locale) }), [locale]);
  return (
    <LocaleForcedContext.Provider value={!!pageChoice}>
      <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
    </LocaleForcedContext.Provider>
  );
}
