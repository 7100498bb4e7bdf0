/**
 * The script-tag build (`dist/webim.iife.js`, global `WebIM`): one file with the SDK, the toolbar and its styles,
 * speaking English; another locale's strings load from `locales/<locale>.js` beside it when the bar speaks it.
 *
 * ```html
 * <script src="/static/webim.iife.js" data-api="/webim/" data-locale="zh-CN" async></script>
 * ```
 */
import { findOwnScript } from './script-tag/config';
import { installGlobal } from './script-tag/global';
import { localeFileLoader } from './script-tag/locale-files';
import { setLocaleLoader } from './ui/i18n';

declare const __WEBIM_VERSION__: string;

const version = typeof __WEBIM_VERSION__ === 'string' ? __WEBIM_VERSION__ : '0.0.0';
// Our own script element is known only while this file is being evaluated.
setLocaleLoader(localeFileLoader(findOwnScript(document), version), (locale, error) =>
  console.error(
    `webim: no ${locale} strings (${(error as Error).message}): the bar speaks English. Serve dist/locales/ beside ` +
      'webim.iife.js.',
  ),
);
installGlobal(window as Window & { WebIM?: unknown }, version);
