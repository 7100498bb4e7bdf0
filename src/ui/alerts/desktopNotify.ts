/** Desktop notifications (the Notification API), for a page the user is not looking at. */

type NotificationCtor = typeof Notification;

function notificationCtor(win: Window): NotificationCtor | undefined {
  return (win as Window & { Notification?: NotificationCtor }).Notification;
}

/** Whether desktop notifications can be shown now (supported and permitted). */
export function canNotify(win: Window): boolean {
  return notificationCtor(win)?.permission === 'granted';
}

/**
 * Asks for permission to show desktop notifications; call it from the click that turns the setting on
 * (browsers ignore requests made outside a user gesture). Resolves to the resulting permission.
 */
export async function requestNotificationPermission(win: Window = window): Promise<NotificationPermission | 'unsupported'> {
  const N = notificationCtor(win);
  if (!N) return 'unsupported';
  if (N.permission !== 'default') return N.permission;
  return N.requestPermission();
}

export interface DesktopNotice {
  title: string;
  body: string;
  /** Notifications with the same tag replace each other (one per conversation). */
  tag: string;
  onClick: () => void;
}

/** Shows a notification; returns it, or undefined when not permitted or the browser refuses. */
export function showDesktopNotification(win: Window, notice: DesktopNotice): Notification | undefined {
  const N = notificationCtor(win);
  if (!N || N.permission !== 'granted') return undefined;
  try {
    const n = new N(notice.title, { body: notice.body, tag: notice.tag, lang: win.document.documentElement.lang || undefined });
    n.onclick = () => {
      notice.onClick();
      n.close();
    };
    return n;
  } catch {
    // Chrome on Android only allows notifications from a service worker; there is nothing to show then.
    return undefined;
  }
}
