import type { WebIMClient } from '../../core/types';
import { parseConversationKey } from '../../protocol/keys';
import type { ConversationKey, Message } from '../../protocol/types';
import { createTranslator, resolveLocale, type Translate } from '../i18n';
import type { ToolbarOptions } from '../options';
import '../strings/chat';
import { showDesktopNotification } from './desktopNotify';
import { createSoundPlayer } from './sound';
import { createTitleFlasher } from './titleFlash';

export interface AlertsOptions extends Pick<ToolbarOptions, 'sound' | 'locale'> {
  /** The browser window (injectable for tests). */
  window?: Window;
  /** Minimum time between two sounds. Default 2000 ms. */
  soundThrottleMs?: number;
  /** Title flash period. Default 1000 ms. */
  flashIntervalMs?: number;
}

/** Events that count as the user's first gesture (pointerup and touchend: touch only activates on release). */
const GESTURES = ['pointerdown', 'pointerup', 'touchend', 'keydown', 'click'] as const;

const NOTIFICATION_BODY_MAX = 160;

/**
 * Tells the user about incoming messages they are not looking at: a sound, a flashing page title, a desktop
 * notification, and (setting `msg_auto_pop`) opening the conversation's tab. Returns a function that stops
 * everything and restores the page title.
 *
 * - "Not looking" means the page is hidden or unfocused, or the bar is minimised, or another conversation's
 *   window is open. Only incoming messages count (`client.on('message')` with `incoming`).
 * - Sound: setting `play_sound`, leader tab only (one browser makes one sound), at most once per throttle
 *   window, and only after the first user gesture has unlocked audio.
 * - Title flash: while the page is hidden or unfocused; stops and restores the exact title when the user is back.
 * - Desktop notification: setting `desktop_notify`, permission granted, leader tab only, page not attended; one
 *   per conversation (tagged), clicking focuses the page and opens the conversation.
 * - Auto-pop: leader tab only (tab state is shared by all tabs); opens the tab, and shows its window only when no
 *   other window is open, so what the user is typing keeps the focus.
 */
export function startAlerts(client: WebIMClient, options: AlertsOptions = {}): () => void {
  const win = options.window ?? window;
  const doc = win.document;
  const store = client.store;
  const sound = createSoundPlayer(win, options.sound);
  const title = createTitleFlasher(doc, options.flashIntervalMs ?? 1000);
  const soundGap = options.soundThrottleMs ?? 2000;
  let lastSound = -Infinity;
  let unseen = 0;

  const translate = (): Translate => createTranslator(resolveLocale(options.locale ?? store.settings.value.locale, win.navigator?.languages ?? []));

  const pageAttended = () => doc.visibilityState !== 'hidden' && (typeof doc.hasFocus !== 'function' || doc.hasFocus());
  const conversationShown = (key: ConversationKey) => pageAttended() && !store.minimized.value && store.activeTab.value === key;

  const senderName = (m: Message, t: Translate) => {
    if (m.type === 'broadcast') return t('alerts.broadcast');
    const person = store.buddies.value.get(m.from) ?? store.strangers.value.get(m.from);
    return m.nick || person?.value.nick || m.from;
  };

  const notificationTitle = (key: ConversationKey, name: string) => {
    const parsed = parseConversationKey(key);
    if (parsed?.type !== 'grpchat') return name;
    const room = store.rooms.value.get(parsed.id)?.value;
    return `${name} · ${room?.nick || parsed.id}`;
  };

  const autoPop = (key: ConversationKey, m: Message) => {
    const active = store.activeTab.value;
    if (active === key) return;
    const activate = active === null && !store.minimized.value;
    if (store.tabs.value.includes(key) && !activate) return;
    client.openConversation(key, m.type === 'chat' ? { activate, nick: m.nick || undefined } : { activate });
  };

  const onMessage = ({ key, message, incoming }: { key: ConversationKey; message: Message; incoming: boolean }) => {
    if (!incoming || message.from === store.user.value?.id || conversationShown(key)) return;
    const settings = store.settings.value;
    const leader = store.leader.value;
    const t = translate();
    const name = senderName(message, t);

    if (settings.play_sound && leader) {
      const now = Date.now();
      if (now - lastSound >= soundGap && sound.unlocked) {
        lastSound = now;
        sound.play();
      }
    }
    if (!pageAttended()) {
      unseen++;
      title.flash(t('alerts.title', { count: unseen, name }));
      if (settings.desktop_notify && leader) {
        const body = message.body.length > NOTIFICATION_BODY_MAX ? `${message.body.slice(0, NOTIFICATION_BODY_MAX)}…` : message.body;
        showDesktopNotification(win, {
          title: notificationTitle(key, name),
          body,
          tag: `webim:${key}`,
          onClick: () => {
            win.focus();
            client.openConversation(key, { activate: true });
          },
        });
      }
    }
    if (settings.msg_auto_pop && leader) autoPop(key, message);
  };

  const onBack = () => {
    if (!pageAttended()) return;
    unseen = 0;
    title.stop();
  };

  const onGesture = () => {
    sound.unlock();
    if (sound.unlocked) for (const type of GESTURES) win.removeEventListener(type, onGesture, true);
  };

  const unsubscribe = client.on('message', onMessage);
  for (const type of GESTURES) win.addEventListener(type, onGesture, true);
  doc.addEventListener('visibilitychange', onBack);
  win.addEventListener('focus', onBack);

  return () => {
    unsubscribe();
    for (const type of GESTURES) win.removeEventListener(type, onGesture, true);
    doc.removeEventListener('visibilitychange', onBack);
    win.removeEventListener('focus', onBack);
    title.stop();
    sound.dispose();
  };
}
