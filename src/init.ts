import { createClient } from './core/index';
import type { ClientOptions, WebIMClient } from './core/types';
import { reportSetupProblems } from './setup-diagnostics';
import { startAlerts } from './ui/alerts/index';
import { startChannelAlerts } from './ui/alerts/channelAlerts';
import { startChannelButtons } from './ui/channels/channelButtons';
import { createChatlink, type Chatlink } from './ui/chatlink/index';
import { mountToolbar, type MountedToolbar } from './ui/mount';
import type { ToolbarOptions } from './ui/options';

/** Everything `init` takes: the SDK's options and the toolbar's. */
export interface WebIMOptions extends ClientOptions, ToolbarOptions {
  /** Log in as soon as the bar is up. Default true. */
  autoOnline?: boolean;
}

/** A running chat bar: the headless client it drives, the mounted toolbar, and how to take both down. */
export interface WebIMInstance {
  readonly client: WebIMClient;
  readonly toolbar: MountedToolbar;
  /** The page's chatlink scanner, when `chatlink` is configured. */
  readonly chatlink: Chatlink | null;
  /** Re-scans the page for user links now (after a page swap the scanner cannot see). */
  rescan(): void;
  /** Stops everything and removes the bar, without logging out (the server's grace period covers a reload). */
  destroy(): void;
}

/**
 * Starts the complete product on this page: creates the client, mounts the toolbar in its shadow root, starts
 * alerts and, when configured, chatlink presence icons, then logs in.
 *
 * @example
 * ```ts
 * import { init } from 'webim';
 * const webim = init({ base: '/webim/', uid: currentUser.id, csrfToken, locale: 'zh-CN' });
 * webim.client.on('message', ({ message }) => console.log(message.body));
 * ```
 */
export function init(options: WebIMOptions = {}): WebIMInstance {
  let chatlink: Chatlink | null = null;
  const pageIds = options.strangerIds;
  const client = createClient({
    ...options,
    // Users linked on the page go with `online` so their presence comes back with the login.
    strangerIds: () => [...(pageIds?.() ?? []), ...(chatlink?.ids() ?? [])],
  });
  const stopDiagnostics = reportSetupProblems(client, options);
  const toolbar = mountToolbar(client, options);
  const startChatlink = (): Chatlink | null =>
    options.chatlink && options.chatlink.enabled !== false
      ? createChatlink(client, {
          ...options.chatlink,
          exclude: toolbar.host,
          locale: typeof options.locale === 'string' ? options.locale : undefined,
          onNewIds: (ids) => client.lookupPeople(ids),
          onRefresh: (ids) => client.refreshPeople(ids),
        })
      : null;
  chatlink = startChatlink();
  const stopAlerts = startAlerts(client, options);
  const stopChannelAlerts = startChannelAlerts(client, options);
  // The page's Follow buttons (`data-webim-channel`); a page without any costs one query.
  const stopChannelButtons =
    typeof document === 'object'
      ? startChannelButtons(client, { locale: typeof options.locale === 'string' ? options.locale : undefined })
      : () => undefined;
  // Failures show in the connection state and the `error` event; an unhandled rejection would only add noise.
  if (options.autoOnline !== false) client.online().catch(() => undefined);

  let destroyed = false;
  return {
    client,
    toolbar,
    get chatlink() {
      return chatlink;
    },
    rescan() {
      if (destroyed || !chatlink) return;
      chatlink.stop();
      chatlink = startChatlink();
      if (chatlink) client.lookupPeople(chatlink.ids());
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      chatlink?.stop();
      stopAlerts();
      stopChannelAlerts();
      stopChannelButtons();
      stopDiagnostics();
      toolbar.destroy();
      client.destroy();
    },
  };
}
