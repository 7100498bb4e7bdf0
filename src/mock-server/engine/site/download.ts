import { escapeHtml, HttpError } from '../http';
import { normaliseType } from '../im/router';
import type { MockResponse } from '../types';
import type { SiteCall, SiteContext } from './context';
import { requireRoomMember } from './guard';
import { logKey, type LogItem } from './history';

/** A whole conversation, however long, is at most this many items (the newest). */
const MAX_ITEMS = 10_000;

/** `2026-12-02 09:41:07 UTC`: readable everywhere, no locale guessing on the server. */
const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');

/** A file name made of safe characters only (the id is the user's input). */
const fileName = (kind: string, id: string): string => `history-${kind}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.html`;

/**
 * `GET /webim/download_history?id=&type=`: the conversation as an HTML attachment (the original loads it in a
 * hidden iframe so the browser saves it). Every field is HTML-escaped: bodies, nicks and ids are untrusted text,
 * and the file will be opened from the user's disk. Room history only for the room's members (403; 404 when the
 * room is hidden from the caller).
 */
export function downloadHistory(ctx: SiteContext, call: SiteCall): MockResponse {
  const kind = normaliseType(call.params.get('type'));
  if (!kind) throw new HttpError(400, 'bad history type');
  const id = call.params.need('id');
  let title: string;
  if (kind === 'grpchat') {
    // Members only; an invite-only room is a 404 to outsiders, as if it did not exist.
    title = requireRoomMember(ctx.data, call.user.id, id).nick;
  } else if (kind === 'chat') {
    const other = ctx.data.user(id);
    if (!other) throw new HttpError(404, 'no such user');
    title = `${call.user.nick} – ${other.nick}`;
  } else {
    title = 'Site broadcasts';
  }
  const items = ctx.data.history.page(call.user.id, logKey(kind, call.user.id, id), undefined, MAX_ITEMS);
  const rows = items.map(row).join('\n');
  const body =
    `<!doctype html>\n<html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>body{font:14px sans-serif;margin:2em}th,td{text-align:left;vertical-align:top;padding:2px 8px}` +
    `td:last-child{white-space:pre-wrap}</style></head><body>\n` +
    `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(`Exported ${stamp(ctx.now())}, ${items.length} messages`)}</p>\n` +
    `<table><thead><tr><th>Time</th><th>From</th><th>Message</th></tr></thead><tbody>\n${rows}\n</tbody></table>\n` +
    `</body></html>\n`;
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `attachment; filename="${fileName(kind, id)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

function row(item: LogItem): string {
  return (
    `<tr><td>${escapeHtml(stamp(item.timestamp))}</td>` +
    `<td title="${escapeHtml(item.from)}">${escapeHtml(item.nick)}</td><td>${escapeHtml(item.body)}</td></tr>`
  );
}
