/**
 * `webim`: the chat bar and the SDK for an SPA.
 *
 * ```ts
 * import { createClient, mountToolbar } from 'webim';
 * const client = createClient({ base: '/webim/', uid, csrfToken });
 * mountToolbar(client, { locale: 'zh-CN' });
 * client.online();
 * ```
 * or all at once with `init(options)`. `webim/headless` has the SDK without any UI.
 */
import './ui/strings/all-locales';

export * from './headless';
export { init, type WebIMInstance, type WebIMOptions } from './init';
export { mountToolbar, type MountedToolbar } from './ui/mount';
export { startAlerts } from './ui/alerts/index';
export { createChatlink, type Chatlink, type ChatlinkSetup } from './ui/chatlink/index';
export type { ChatlinkOptions, MenuItem, ToolbarOptions } from './ui/options';
export { LOCALES, type Locale } from './ui/i18n';
