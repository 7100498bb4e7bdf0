/**
 * The script-tag build (`dist/webim.iife.js`, global `WebIM`): one file with the SDK, the toolbar and its styles.
 *
 * ```html
 * <script src="/static/webim.iife.js" data-api="/webim/" data-locale="zh-CN" async></script>
 * ```
 */
import { installGlobal } from './script-tag/global';

declare const __WEBIM_VERSION__: string;

installGlobal(
  window as Window & { WebIM?: unknown },
  typeof __WEBIM_VERSION__ === 'string' ? __WEBIM_VERSION__ : '0.0.0',
);
