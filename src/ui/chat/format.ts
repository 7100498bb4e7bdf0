import type { Locale, Translate } from '../i18n';
import { localDay } from './timeline';

const timeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function cached(map: Map<string, Intl.DateTimeFormat>, key: string, locale: Locale, options: Intl.DateTimeFormatOptions) {
  let f = map.get(key);
  if (!f) map.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}

/** Hours and minutes in the user's locale, e.g. `14:05` or `下午2:05`. */
export function formatTime(time: number, locale: Locale): string {
  return cached(timeFormats, locale, locale, { hour: '2-digit', minute: '2-digit' }).format(time);
}

/** A day separator's text: Today, Yesterday, or the localised date (with weekday). */
export function formatDay(time: number, now: number, locale: Locale, t: Translate): string {
  const day = localDay(time);
  if (day === localDay(now)) return t('chat.today');
  const yesterday = new Date(now);
  yesterday.setDate(yesterday.getDate() - 1);
  if (day === localDay(yesterday.getTime())) return t('chat.yesterday');
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return cached(dateFormats, `${locale}${sameYear ? '' : '+y'}`, locale, {
    weekday: 'short',
    month: 'long',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  }).format(time);
}
