import type { ProtocolError } from '../protocol/errors';
import {
  normalizeBuddy,
  normalizeHistory,
  normalizeMember,
  normalizeNotification,
  normalizeRoom,
  toWireMessageType,
} from '../protocol/normalize';
import { normalizeChannel } from '../protocol/events';
import { normalizeOnlineReplyInSteps, serverMessageOf } from '../protocol/online';
import { get, isArray, isRecord, keysOf, normalizeList, type ItemNormalizer } from '../protocol/read';
import { normalizeSyncReply } from '../protocol/sync';
import type { MessageType } from '../protocol/types';
import { nextTask } from '../util/next-task';
import { routeUrl, withQuery } from './routes';
import { ApiError, type ApiCall, type ApiErrorKind, type ApiOptions, type CallOptions, type WebIMApi } from './types';

/** Form parameters (stringified by the form); undefined values are left out. */
type Params = Record<string, unknown>;
/** Turns a reply body into the call's result; null/undefined when unusable. Malformed parts go to `errors`. */
type Decode<T> = (body: unknown, errors: ProtocolError[]) => T | null | undefined | Promise<T | null | undefined>;
type SendOptions = CallOptions & { keepalive?: boolean };

const INVALID_TICKET = /invalid ticket|no client found/i;
const csv = (ids: readonly string[] = []): string => ids.join(',');

/**
 * The list in a reply: an array; `{<id>: [...]}` or `{<call>: [...]}` (v3 asks for several ids at once, so a map
 * of other ids' lists means none for this id); or what PHP's `json_encode` makes of an array with holes
 * (`{"0": {…}, "2": {…}}`). undefined for anything else.
 */
function listIn(body: unknown, call: ApiCall, id?: string): unknown {
  if (!isRecord(body)) return isArray(body) ? body : undefined;
  const keys = keysOf(body);
  const values = keys.map((k) => get(body, k));
  return (
    [id ?? call, call].map((k) => get(body, k)).find(isArray) ??
    (keys.length && keys.every((k) => /^\d+$/.test(k)) && values.every(isRecord)
      ? values
      : id && values.every(isArray)
        ? []
        : undefined)
  );
}

/** Online replies with more buddies than this are applied in a task of their own. */
export const BIG_ROSTER = 1_000;

/**
 * Creates the typed client of the community server's `/webim/*` API.
 *
 * Writes are form-encoded POSTs carrying `csrf_token` when configured; every call after `online` carries the
 * ticket; replies are normalised by `protocol/` (either generation), malformed parts reported through
 * `options.onProtocolError`. Every method rejects with `ApiError` only: parameters are read inside `send`, so even
 * input its types forbid ends as an `ApiError`.
 *
 * @example
 * const api = createApi({ route: 'plugin.php?id=webim&action={call}', csrfToken: () => readToken() });
 * const reply = await api.online({ buddyIds: ['bob'] });
 */
export function createApi(options: ApiOptions = {}): WebIMApi {
  const v3 = options.generation === 3;
  const wire = (type: MessageType) => toWireMessageType(type, v3 ? 3 : 5);
  const report = (errors: readonly ProtocolError[]) => {
    for (const e of errors) {
      try {
        options.onProtocolError?.(e);
      } catch {
        // A failing listener must not turn a good reply into a failed call.
      }
    }
  };

  /** The form of a call: its parameters, the ticket on every call but `online` (which hands one out), CSRF on writes. */
  const formOf = (call: ApiCall, params: Params, post?: boolean): URLSearchParams => {
    const form = new URLSearchParams();
    for (const key in params) if (params[key] !== undefined) form.append(key, params[key] as string);
    if (call !== 'online' && api.ticket) form.append('ticket', api.ticket);
    let csrf: unknown;
    try {
      // A function is read at each write (pages that rotate tokens); one that throws means no token.
      csrf = post && (typeof options.csrfToken === 'function' ? options.csrfToken() : options.csrfToken);
    } catch {
      /* no token */
    }
    if (csrf && typeof csrf === 'string') form.append('csrf_token', csrf);
    return form;
  };

  /**
   * Headers of a request. A write without a CSRF token proves it is no cross-site form with `X-Requested-With`
   * (which servers accept in the token's stead, PROTOCOL.md); with a token, no custom header, so a cross-origin
   * API needs no preflight.
   */
  const headersOf = (form: URLSearchParams, post: boolean): Record<string, string> =>
    post && !form.has('csrf_token')
      ? { Accept: 'application/json, text/plain, */*', 'X-Requested-With': 'XMLHttpRequest' }
      : { Accept: 'application/json, text/plain, */*' };

  /**
   * Sends one request. A write (no `decode`) resolves on a bare `ok`, an empty body or a JSON success; a read
   * resolves with its decoded reply. Rejects with `ApiError` only: caller abort → `aborted`, timeout → `timeout`,
   * anything else before an answer → `network`, then status and body as `ApiErrorKind` says.
   */
  async function send<T>(
    call: ApiCall,
    post: boolean,
    params: () => Params,
    opts?: SendOptions,
    decode?: Decode<T>,
  ): Promise<T> {
    const signal = opts?.signal;
    const error = (kind: ApiErrorKind, status?: number, said?: string, cause?: unknown) =>
      new ApiError(kind, call, `${call}: ${said ?? kind}`, status, said, cause);
    let kind: ApiErrorKind = 'network';
    let status = 0;
    let text: string;
    let form: URLSearchParams;
    let onAbort;
    try {
      if (signal?.aborted) throw (kind = 'aborted');
      form = formOf(call, params(), post);
      const url = routeUrl(call, options);
      const controller = new AbortController();
      text = await new Promise<string>((resolve, reject) => {
        const stop = (why: ApiErrorKind) => {
          kind = why;
          controller.abort();
          // Settles the call even when a fetch implementation ignores its signal.
          reject();
        };
        // Read at call time, so that interceptors installed later (tests, msw) are honoured.
        (options.fetch ?? fetch)(post ? url : withQuery(url, form), {
          // Unset, fetch's own defaults: GET, credentials `same-origin`.
          credentials: options.credentials,
          headers: headersOf(form, post),
          signal: controller.signal,
          keepalive: opts?.keepalive,
          // A URLSearchParams body is sent as application/x-www-form-urlencoded;charset=UTF-8.
          ...(post ? { method: 'POST', body: form } : { cache: 'no-store' }),
        })
          .then((response) => {
            status = response.status;
            return response.text();
          })
          .then((t) => resolve(t.trim()), reject)
          .finally(() => clearTimeout(timer));
        const timer = setTimeout(
          stop,
          opts?.timeoutMs ?? (options.timeoutMs ?? 15e3) * (call === 'online' ? 2 : 1),
          'timeout',
        );
        signal?.addEventListener('abort', (onAbort = () => stop('aborted')));
      });
    } catch (e) {
      throw error(kind, undefined, undefined, e);
    } finally {
      signal?.removeEventListener('abort', onAbort!);
    }

    const ok = /^"?ok"?$/i.test(text);
    let body: unknown;
    let json = !ok && !!text;
    try {
      if (json) body = JSON.parse(text);
    } catch {
      json = false;
    }
    // The server's own words: from a JSON body, or short plain text (not an HTML error page).
    const said = json ? serverMessageOf(body) : !ok && /^[^<]{1,200}$/.test(text) ? text : undefined;
    const success = get(body, 'success');
    const state = get(body, 'status');
    const deadTicket = INVALID_TICKET.test(said!);
    if (status < 200 || status > 299) {
      throw error(
        status === 401 || status === 403
          ? 'unauthorized'
          : // A 404 means a dead ticket only when a ticket was sent; without one it is a wrong route.
            // `sync` is an extension: a server without it answers 404 for the call, not for the ticket.
            (status === 404 && form.has('ticket') && call !== 'sync') || deadTicket
            ? 'invalid_ticket'
            : status < 500 && json && said
              ? 'server'
              : 'http',
        status,
        said,
      );
    }
    if (!ok && !json && (text || decode)) throw error('bad_reply', status, undefined, text.slice(0, 200));
    if (
      success === false ||
      success === 'false' ||
      state === 'error' ||
      (!decode && json && said && success !== true && state !== 'ok')
    ) {
      throw error(deadTicket ? 'invalid_ticket' : 'server', status, said ?? 'refused');
    }
    if (!decode) return undefined as T;
    const errors: ProtocolError[] = [];
    let value: T | null | undefined;
    try {
      value = await decode(ok ? 'ok' : body, errors);
    } catch (e) {
      errors.push(e as ProtocolError);
    }
    // An unusable reply is the server's refusal when it says why.
    if (value == null) throw error(said ? 'server' : 'bad_reply', status, said, errors.at(-1));
    report(errors);
    return value;
  }

  const write = (call: ApiCall, params: () => Params, opts?: SendOptions) => send<void>(call, true, params, opts);
  const list = <T>(call: ApiCall, params: () => Params, item: ItemNormalizer<T>, opts?: CallOptions, id?: string) =>
    send(call, false, params, opts, (body, errors) => {
      const raw = listIn(body, call, id);
      return raw ? normalizeList(raw, errors, call, item, 'bad_reply') : null;
    });

  const api: WebIMApi = {
    ticket: undefined,

    async online(p, opts) {
      const params = () => {
        const strangers = csv(p.strangerIds);
        return {
          show: p.show,
          buddy_ids: csv(p.buddyIds),
          room_ids: csv(p.roomIds),
          stranger_ids: strangers,
          chatlink_ids: strangers,
        };
      };
      // A big roster is normalised in steps, each its own task (see `normalizeOnlineReplyInSteps`).
      const reply = await send('online', true, params, opts, async (body) => {
        const result = await normalizeOnlineReplyInSteps(body, nextTask);
        report(result.errors);
        return result.reply;
      });
      api.ticket = reply.connection.ticket;
      // A big roster: applying it is the next task, not this one (parsing and normalising 10,000 buddies, then
      // storing them, in one task would block the page for longer than a frame budget allows).
      if (reply.buddies.length > BIG_ROSTER) await nextTask();
      return reply;
    },

    async offline(opts) {
      await write('offline', () => ({}), opts);
      api.ticket = undefined; // the message server has dropped it
    },

    async refresh(opts) {
      // The page is being left: `sendBeacon` survives the unload; when there is none, or the browser refuses it
      // (queue full, body too large), a keepalive fetch. Fire and forget: nobody is left to read the answer.
      const beacon = opts?.beacon;
      try {
        // A beacon carries no headers: without a CSRF token only the keepalive fetch (X-Requested-With) passes.
        const form = formOf('refresh', {}, true);
        if (
          beacon &&
          form.has('csrf_token') &&
          (options.sendBeacon ?? ((url, data) => navigator.sendBeacon(url, data)))(routeUrl('refresh', options), form)
        )
          return;
      } catch {
        /* no beacon */
      }
      const sent = write('refresh', () => ({}), beacon ? { keepalive: true } : opts);
      return beacon ? void sent.catch(() => undefined) : sent;
    },

    message: (p, opts) =>
      write(
        'message',
        () => ({
          type: wire(p.type),
          to: p.to,
          body: p.body,
          style: p.style,
          // v3 documents 1/0; v5 servers compare with "true" (and PHP reads "false" as true, so v3 gets 1/0).
          offline: v3 ? +!!p.offline : !!p.offline,
          timestamp: p.timestamp,
          nick: p.nick,
          to_nick: p.toNick,
          client_id: p.clientId,
        }),
        opts,
      ),
    status: (p, opts) => write('status', () => ({ to: p.to, show: p.show }), opts),
    presence: (p, opts) => write('presence', () => ({ show: p.show, status: p.status }), opts),
    setting: (data, opts) => write('setting', () => ({ data: JSON.stringify(data) }), opts),
    buddies: async (ids, opts) => (ids?.length ? list('buddies', () => ({ ids: csv(ids) }), normalizeBuddy, opts) : []),
    rooms: async (ids, opts) => (ids?.length ? list('rooms', () => ({ ids: csv(ids) }), normalizeRoom, opts) : []),
    // A bare `ok` gives a room known only by its id; `rooms` can fill it in later.
    join: (p, opts) =>
      send(
        'join',
        true,
        () => ({ id: p.id, nick: p.nick }),
        opts,
        (body, errors) => normalizeRoom(body === 'ok' ? { id: p.id } : body, errors, 'join'),
      ),
    leave: (p, opts) => write('leave', () => ({ id: p.id, nick: p.nick }), opts),
    members: (id, opts) => list('members', () => ({ id }), normalizeMember, opts, id),

    async histories(p, opts) {
      const messages = await send(
        'histories',
        false,
        () => ({ id: p.id, type: wire(p.type), before: p.before, limit: p.limit }),
        opts,
        (body, errors) => {
          const raw = listIn(body, 'histories', p.id);
          return raw ? normalizeHistory(raw, errors, 'histories') : null;
        },
      );
      // Paging applied here too, for servers that ignore `before`/`limit`: the newest `limit` older than `before`.
      const older = messages.filter((m) => !(m.timestamp >= p.before!));
      return p.limit! >= 0 ? older.slice(Math.max(0, older.length - p.limit!)) : older;
    },

    sync: (p, opts) =>
      send(
        'sync',
        false,
        () => ({ since: p.since, limit: p.limit }),
        opts,
        (body) => {
          const result = normalizeSyncReply(body);
          report(result.errors);
          return result.reply;
        },
      ),

    clearHistory: (p, opts) => write('clear_history', () => ({ id: p.id, type: wire(p.type) }), opts),
    notifications: (opts) => list('notifications', () => ({}), normalizeNotification, opts, 'notifications'),
    block: (id, opts) => write('block', () => ({ id }), opts),
    unblock: (id, opts) => write('unblock', () => ({ id }), opts),
    invite: (p, opts) =>
      send(
        'invite',
        true,
        () => ({ id: p.id, nick: p.nick, members: csv(p.members) }),
        opts,
        (body, errors) => normalizeRoom(body === 'ok' && p.id ? { id: p.id, temporary: true } : body, errors, 'invite'),
      ),
    subscribe: (id, opts) =>
      send(
        'subscribe',
        true,
        () => ({ id }),
        opts,
        (body, errors) => normalizeChannel(body === 'ok' ? { id } : body, errors, 'subscribe'),
      ),
    unsubscribe: (id, opts) => write('unsubscribe', () => ({ id }), opts),
    // A navigation, not a fetch: the browser saves the attachment. The cookie proves who asks; no ticket in a URL.
    downloadHistoryUrl: (p) =>
      withQuery(routeUrl('download_history', options), new URLSearchParams({ id: p.id, type: wire(p.type) })),
  };
  return api;
}
