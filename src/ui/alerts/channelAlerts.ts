import type { WebIMClient } from '../../core/types';
import { createTranslator, resolveLocale } from '../i18n';
import type { ToolbarOptions } from '../options';
import '../strings/discussions';

export interface ChannelAlertsOptions extends Pick<ToolbarOptions, 'locale'> {
  /** The browser window (injectable for tests). */
  window?: Window;
}

const clip = (text: string): string => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

/**
 * Desktop notifications for posts on followed channels and for invitations, under the same rules as messages:
 * setting `desktop_notify`, permission granted, leader tab only (one browser shows one), and only while the page
 * is not attended (the badge and the pane tell an attentive reader). A click focuses the page and opens the
 * notifications pane, where the post's link or the invitation's Join button is. Returns a function that stops it.
 */
export function startChannelAlerts(client: WebIMClient, options: ChannelAlertsOptions = {}): () => void {
  const win = (options.window ?? window) as Window & typeof globalThis;
  const doc = win.document;
  const { store } = client;
  const notify = (title: string, body: string, tag: string) => {
    const settings = store.settings.peek();
    if (!settings.desktop_notify || !store.leader.peek() || win.Notification?.permission !== 'granted') return;
    if (doc.visibilityState !== 'hidden' && doc.hasFocus()) return;
    try {
      const n = new win.Notification(title, { body: clip(body), tag, lang: doc.documentElement.lang || undefined });
      n.onclick = () => {
        win.focus();
        client.setMinimized(false);
        client.setPane('notifications');
        n.close();
      };
    } catch {
      // Chrome on Android shows notifications only from a service worker: the badge has to do.
    }
  };
  const translator = () =>
    createTranslator(resolveLocale(options.locale ?? store.settings.peek().locale, win.navigator.languages));

  const stopPosts = client.on('channel-post', (post) => {
    const name = store.channels.peek().get(post.channel)?.nick ?? post.channel;
    notify(translator()('channels.alert', { name }), post.body, `webim:channel:${post.channel}`);
  });
  const stopInvitations = client.on('invitation', (invitation) => {
    const t = translator();
    notify(t('invitation.alert', { name: invitation.nick }), invitation.roomNick, `webim:invite:${invitation.roomId}`);
  });
  return () => {
    stopPosts();
    stopInvitations();
  };
}
