import type { ProtocolError } from './errors';
import { field, flagOf, isRecord, textOf, timestampOf, urlOf } from './read';
import type { Settings, SiteNotification } from './types';
import { at, compact, MAX_TEXT_LENGTH, reject } from './values';

const BOOLEAN_SETTINGS = ['play_sound', 'buddy_sticky', 'minimize_layout', 'msg_auto_pop', 'desktop_notify'] as const;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** Settings JSON larger than this is not settings. */
const MAX_SETTINGS_TEXT = 64 * 1024;

/**
 * Saved settings: an object or its JSON text. Only known keys survive; booleans may also be written the PHP way
 * (`1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`); `locale` must look like a language tag. A wrong type drops that key
 * (reported); unknown keys are ignored silently (other clients may store their own). null when unusable.
 */
export function normalizeSettings(raw: unknown, errors: ProtocolError[], path: string): Partial<Settings> | null {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_SETTINGS_TEXT) return reject(errors, 'bad_reply', 'settings text is too long', path, raw.length);
    try {
      value = JSON.parse(raw) as unknown;
    } catch (e) {
      return reject(errors, 'bad_json', `settings are not JSON: ${(e as Error).message}`, path, raw);
    }
  }
  if (!isRecord(value)) return reject(errors, 'bad_reply', 'settings are not an object', path, raw);
  const out: Partial<Settings> = {};
  for (const key of BOOLEAN_SETTINGS) {
    const v = field(value, key);
    if (v === undefined) continue;
    const b = flagOf(v);
    if (b === null) reject(errors, 'bad_reply', `setting ${key} is not a boolean`, at(path, key), v);
    else out[key] = b;
  }
  const locale = field(value, 'locale');
  if (typeof locale === 'string' && LOCALE.test(locale)) out.locale = locale;
  else if (locale !== undefined && locale !== null) reject(errors, 'bad_reply', 'setting locale is not a language tag', at(path, 'locale'), locale);
  return out;
}

/**
 * A site notification `{text, link?, time?}`. `text` is required; `link` must be http(s) or relative; `time`
 * follows the timestamp rules (ms, or Unix seconds). A bad link or time is dropped, not the notification.
 */
export function normalizeNotification(raw: unknown, errors: ProtocolError[], path: string): SiteNotification | null {
  if (!isRecord(raw)) return reject(errors, 'bad_reply', 'notification is not an object', path, raw);
  const text = textOf(field(raw, 'text'), MAX_TEXT_LENGTH * 4);
  if (text === undefined || text.trim() === '') {
    return reject(errors, 'bad_reply', 'notification has no text', at(path, 'text'), field(raw, 'text'));
  }
  const rawLink = field(raw, 'link');
  const link = urlOf(rawLink);
  if (link === undefined && rawLink !== undefined && rawLink !== null && rawLink !== '') {
    reject(errors, 'bad_reply', 'notification link is not an http(s) or relative URL', at(path, 'link'), rawLink);
  }
  const rawTime = field(raw, 'time');
  const time = timestampOf(rawTime) ?? undefined;
  if (time === undefined && rawTime !== undefined && rawTime !== null && rawTime !== '') {
    reject(errors, 'bad_reply', 'notification time is not a timestamp', at(path, 'time'), rawTime);
  }
  return compact<SiteNotification>({ text, link, time });
}
