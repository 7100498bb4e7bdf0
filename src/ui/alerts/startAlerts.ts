import type { WebIMClient } from '../../core/types';
import { createTranslator, resolveLocale } from '../i18n';
import type { ToolbarOptions } from '../options';
import '../strings/chat';
import { nickOf } from '../chat/common';

export interface AlertsOptions extends Pick<ToolbarOptions, 'sound' | 'locale'> {
  /** The browser window (injectable for tests). */
  window?: Window;
  /** Minimum time between two sounds. Default 2000 ms. */
  soundThrottleMs?: number;
  /** Title flash period. Default 1000 ms. */
  flashIntervalMs?: number;
}

/** Events that count as the user's first gesture (pointerup and touchend: touch only activates on release). */
const GESTURES = ['pointerdown', 'pointerup', 'touchend', 'keydown', 'click'];

type AudioWindow = Window & typeof globalThis & { webkitAudioContext?: typeof AudioContext };

/**
 * Tells the user about incoming messages they are not looking at; returns a function that stops everything and
 * restores the page title.
 *
 * - "Not looking": the page is hidden or unfocused, or the bar is minimised, or another conversation's window is
 *   open. Only incoming messages from others count.
 * - Sound (setting `play_sound`): leader tab only (one browser makes one sound), at most once per throttle window,
 *   and only after the first user gesture unlocked audio (browsers refuse sound before one). A two-tone Web Audio
 *   beep, or the site's sound file.
 * - Title flash while the page is hidden or unfocused: "(3) New message from Alice" alternates with the page's
 *   title, which comes back exactly when the user returns (a title the page set meanwhile is kept).
 * - Desktop notification (setting `desktop_notify`, permission granted, leader only, page not attended): one per
 *   conversation (tagged); a click focuses the page and opens the conversation.
 * - Auto-pop (setting `msg_auto_pop`, leader only: tab state is shared by all tabs): opens the tab, and shows its
 *   window only when no other window is open, so what the user is typing keeps the focus.
 */
export function startAlerts(client: WebIMClient, options: AlertsOptions = {}): () => void {
  const win = (options.window ?? window) as AudioWindow;
  const doc = win.document;
  const { store } = client;
  let audio: HTMLAudioElement | undefined;
  let context: AudioContext | undefined;
  let lastSound = -Infinity;
  let unseen = 0;
  let flashTimer: ReturnType<typeof setInterval> | undefined;
  let pageTitle = '';
  let alertTitle = '';
  let showingAlert = false;

  const attended = () => doc.visibilityState !== 'hidden' && doc.hasFocus();

  const flip = () => {
    // The page may change its own title meanwhile (an SPA navigating): that becomes the one to restore.
    if (doc.title !== alertTitle) pageTitle = doc.title;
    showingAlert = !showingAlert;
    doc.title = showingAlert ? alertTitle : pageTitle;
  };
  const stopFlash = () => {
    clearInterval(flashTimer);
    flashTimer = undefined;
    if (doc.title === alertTitle) doc.title = pageTitle;
  };

  const unlock = () => {
    try {
      if (options.sound) {
        // Safari unlocks an element for later playback only after it played once inside a gesture.
        const a = new win.Audio(options.sound);
        a.muted = true;
        const rewind = () => {
          a.pause();
          a.currentTime = 0;
          a.muted = false;
        };
        a.play().then(rewind, rewind);
        audio = a;
      } else {
        context = new (win.AudioContext ?? win.webkitAudioContext)!();
        context.resume().catch(() => {});
      }
      for (const type of GESTURES) win.removeEventListener(type, unlock, true);
    } catch {
      // No audio on this device: stay silent.
    }
  };

  const beep = (ctx: AudioContext) => {
    // Two short sine tones (E6, A6) with quick fades, quiet enough not to startle.
    ctx.resume().catch(() => {});
    [1318.5, 1760].forEach((frequency, i) => {
      const at = ctx.currentTime + i * 0.12;
      const tone = ctx.createOscillator();
      const gain = ctx.createGain();
      tone.frequency.setValueAtTime(frequency, at);
      gain.gain.setValueAtTime(1e-4, at);
      gain.gain.exponentialRampToValueAtTime(0.15, at + 0.01);
      gain.gain.exponentialRampToValueAtTime(1e-4, at + 0.1);
      tone.connect(gain).connect(ctx.destination);
      tone.start(at);
      tone.stop(at + 0.11);
    });
  };

  const onBack = () => {
    if (!attended()) return;
    unseen = 0;
    stopFlash();
  };

  const unsubscribe = client.on('message', ({ key, message, incoming }) => {
    if (!incoming || message.from === store.user.value?.id) return;
    if (attended() && !store.minimized.value && store.activeTab.value === key) return;
    const settings = store.settings.value;
    const leader = store.leader.value;
    const t = createTranslator(resolveLocale(options.locale ?? settings.locale, win.navigator.languages));
    const name = message.type === 'broadcast' ? t('alerts.broadcast') : nickOf(store, message.from, message.nick);

    if (
      settings.play_sound &&
      leader &&
      Date.now() - lastSound >= (options.soundThrottleMs ?? 2000) &&
      (audio || context)
    ) {
      lastSound = Date.now();
      try {
        if (audio) {
          audio.currentTime = 0;
          audio.play().catch(() => {});
        } else beep(context!);
      } catch {
        // A failed beep is not worth an error.
      }
    }

    if (!attended()) {
      alertTitle = t('alerts.title', { count: ++unseen, name });
      if (flashTimer) {
        if (showingAlert) doc.title = alertTitle;
      } else {
        showingAlert = false;
        flip();
        flashTimer = setInterval(flip, options.flashIntervalMs ?? 1000);
      }
      if (settings.desktop_notify && leader && win.Notification?.permission === 'granted') {
        const roomId = key.startsWith('grpchat:') && key.slice(8);
        try {
          const n = new win.Notification(
            roomId ? `${name} · ${store.rooms.value.get(roomId)?.value.nick || roomId}` : name,
            {
              body: message.body.length > 160 ? `${message.body.slice(0, 160)}…` : message.body,
              tag: `webim:${key}`,
              lang: doc.documentElement.lang || undefined,
            },
          );
          n.onclick = () => {
            win.focus();
            client.openConversation(key, { activate: true });
            n.close();
          };
        } catch {
          // Chrome on Android shows notifications only from a service worker: nothing to show then.
        }
      }
    }

    const active = store.activeTab.value;
    if (settings.msg_auto_pop && leader && active !== key) {
      const activate = !active && !store.minimized.value;
      if (activate || !store.tabs.value.includes(key))
        client.openConversation(key, { activate, nick: message.nick || undefined });
    }
  });

  for (const type of GESTURES) win.addEventListener(type, unlock, true);
  doc.addEventListener('visibilitychange', onBack);
  win.addEventListener('focus', onBack);

  return () => {
    unsubscribe();
    for (const type of GESTURES) win.removeEventListener(type, unlock, true);
    doc.removeEventListener('visibilitychange', onBack);
    win.removeEventListener('focus', onBack);
    stopFlash();
    context?.close().catch(() => {});
    audio?.pause();
  };
}
