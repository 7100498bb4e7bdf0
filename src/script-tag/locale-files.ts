import { addTranslations, LOCALES, type Locale, type LocaleLoader, type Translations } from '../ui/i18n';

/**
 * The script-tag build carries English only; each other locale is a file beside it, `locales/<locale>.js`, that the
 * bar loads when it speaks that locale. The file is one command of the page queue, so it works before or after
 * this script has run (a page may also list it in its own `<script>` tag, ahead of ours, to skip the wait):
 *
 * ```js
 * (window.WebIM = window.WebIM || []).push(['strings', 'zh-CN', { chat: '消息记录|消息|…', … }]);
 * ```
 *
 * A script element, not fetch: it loads from wherever `webim.iife.js` does (a CDN needs no CORS) and under the
 * same CSP. `?v=` ties the file to this version, whose key order its texts follow.
 */
export function localeFileUrl(scriptSrc: string, locale: Locale, version: string): string {
  return new URL(`locales/${locale}.js?v=${encodeURIComponent(version)}`, scriptSrc).href;
}

/** Loads locale files relative to `script`'s URL (with its CSP nonce), resolving once the file has run. */
export function localeFileLoader(script: HTMLScriptElement | null, version: string): LocaleLoader {
  return (locale) =>
    new Promise((resolve, reject) => {
      if (!script?.src) throw new Error('the URL of webim.iife.js is unknown');
      const doc = script.ownerDocument;
      const file = doc.createElement('script');
      file.src = localeFileUrl(script.src, locale, version);
      file.async = true;
      if (script.nonce) file.nonce = script.nonce;
      file.onload = () => {
        file.remove();
        resolve();
      };
      file.onerror = () => {
        file.remove();
        reject(new Error(`could not load ${file.src}`));
      };
      doc.head.append(file);
    });
}

/** The `['strings', locale, texts]` command: checked like any page argument, then added. */
export function addLocaleFile(locale: unknown, texts: unknown): void {
  if (!LOCALES.includes(locale as Locale) || locale === 'en' || typeof texts !== 'object' || !texts) {
    console.warn('webim: strings command ignored', locale);
    return;
  }
  const checked: Translations = {};
  for (const [area, text] of Object.entries(texts)) if (typeof text === 'string') checked[area] = text;
  addTranslations(locale as Locale, checked);
}
