import { ProtocolError } from '../protocol/errors';
import { normalizeList, type ItemNormalizer } from '../protocol/list';
import { normalizeHistory } from '../protocol/message';
import { normalizeOnlineReply } from '../protocol/online';
import { normalizeBuddy, normalizeMember } from '../protocol/people';
import { normalizeRoom } from '../protocol/room';
import { normalizeNotification } from '../protocol/settings';
import type { OnlineReply, Room } from '../protocol/types';
import { toWireMessageType } from '../protocol/values';
import { refreshBeacon } from './beacon';
import { send, serverMessageOf, type HttpContext, type Params } from './http';
import { listFor, listOf, pageOf } from './replies';
import { ApiError, type ApiCall, type ApiOptions, type CallOptions, type WebIMApi } from './types';

const csv = (ids: readonly string[] | undefined): string => (ids ?? []).join(',');

/**
 * Creates the typed client of the community server's `/webim/*` API.
 *
 * Writes are form-encoded POSTs carrying `csrf_token` when configured; every call after `online` carries the
 * ticket; replies are normalised by `protocol/` (either generation), malformed parts reported through
 * `options.onProtocolError`. Every method rejects with `ApiError` only.
 *
 * @example
 * const api = createApi({ route: 'plugin.php?id=webim&action={call}', csrfToken: () => readToken() });
 * const reply = await api.online({ buddyIds: ['bob'] });
 */
export function createApi(options: ApiOptions = {}): WebIMApi {
  const generation = options.generation ?? 5;
  const ctx: HttpContext = { options, ticket: () => api.ticket || undefined };

  const report = (errors: readonly ProtocolError[]): void => {
    for (const error of errors) {
      try {
        options.onProtocolError?.(error);
      } catch {
        // A failing listener must not turn a good reply into a failed call.
      }
    }
  };

  /** Normalises a data reply; an unusable one is the server's refusal when it says why, else `bad_reply`. */
  const decode = <T>(call: ApiCall, body: unknown, normalize: (errors: ProtocolError[]) => T | null): T => {
    const errors: ProtocolError[] = [];
    let value: T | null;
    try {
      value = normalize(errors);
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw new ApiError('bad_reply', call, `${call}: unusable reply`, undefined, undefined, e);
      errors.push(e);
      value = null;
    }
    if (value === null) {
      const said = serverMessageOf(body);
      if (said !== undefined) throw new ApiError('server', call, `${call}: ${said}`, undefined, said);
      const why = errors[errors.length - 1];
      throw new ApiError('bad_reply', call, `${call}: ${why?.message ?? 'unusable reply'}`, undefined, undefined, why);
    }
    report(errors);
    return value;
  };

  const list = <T>(call: ApiCall, body: unknown, item: ItemNormalizer<T>, extract: (b: unknown) => unknown = listOf): T[] =>
    decode(call, body, (errors) => {
      const raw = extract(body);
      return raw === undefined ? null : normalizeList(raw, errors, call, item, 'bad_reply');
    });

  const write = async (call: ApiCall, params: Params, opts?: CallOptions): Promise<void> => {
    await send(ctx, { call, method: 'POST', params, expects: 'ok' }, opts);
  };
  const post = (call: ApiCall, params: Params, opts?: CallOptions): Promise<unknown> =>
    send(ctx, { call, method: 'POST', params, expects: 'data' }, opts);
  const get = (call: ApiCall, params: Params, opts?: CallOptions): Promise<unknown> =>
    send(ctx, { call, method: 'GET', params, expects: 'data' }, opts);

  const api: WebIMApi = {
    ticket: undefined,

    async online(params, opts) {
      const strangers = csv(params.strangerIds);
      const body = await post(
        'online',
        {
          show: params.show,
          buddy_ids: csv(params.buddyIds),
          room_ids: csv(params.roomIds),
          stranger_ids: strangers,
          chatlink_ids: strangers,
        },
        opts,
      );
      const reply = decode<OnlineReply>('online', body, (errors) => {
        const result = normalizeOnlineReply(body);
        errors.push(...result.errors);
        return result.reply;
      });
      api.ticket = reply.connection.ticket;
      return reply;
    },

    async offline(opts) {
      await write('offline', {}, opts);
      api.ticket = undefined; // the message server has dropped it
    },

    async refresh(opts = {}) {
      if (opts.beacon) {
        refreshBeacon(ctx);
        return;
      }
      await write('refresh', {}, opts);
    },

    message(p, opts) {
      const offline = p.offline === true;
      return write(
        'message',
        {
          type: toWireMessageType(p.type, generation),
          to: p.to,
          body: p.body,
          style: p.style,
          // v3 documents 1/0; v5 servers compare with "true" (and PHP reads "false" as true, so v3 gets 1/0).
          offline: generation === 3 ? (offline ? '1' : '0') : String(offline),
          timestamp: String(p.timestamp),
          nick: p.nick,
          to_nick: p.toNick,
          client_id: p.clientId,
        },
        opts,
      );
    },

    status: (p, opts) => write('status', { to: p.to, show: p.show }, opts),
    presence: (p, opts) => write('presence', { show: p.show, status: p.status }, opts),
    setting: (data, opts) => write('setting', { data: JSON.stringify(data) }, opts),

    async buddies(ids, opts) {
      if (ids.length === 0) return [];
      return list('buddies', await get('buddies', { ids: csv(ids) }, opts), normalizeBuddy);
    },

    async rooms(ids, opts) {
      if (ids.length === 0) return [];
      return list('rooms', await get('rooms', { ids: csv(ids) }, opts), normalizeRoom);
    },

    async join(p, opts) {
      const body = await post('join', { id: p.id, nick: p.nick }, opts);
      // A server that answers a bare `ok` gets a room known only by its id; `rooms` can fill it in later.
      if (body === 'ok') return minimalRoom(p.id);
      return decode<Room>('join', body, (errors) => normalizeRoom(body, errors, 'join'));
    },

    leave: (p, opts) => write('leave', { id: p.id, nick: p.nick }, opts),

    async members(id, opts) {
      const body = await get('members', { id }, opts);
      return list('members', body, normalizeMember, (b) => listFor(b, id, 'members'));
    },

    async histories(p, opts) {
      const body = await get(
        'histories',
        {
          id: p.id,
          type: toWireMessageType(p.type, generation),
          before: p.before === undefined ? undefined : String(p.before),
          limit: p.limit === undefined ? undefined : String(p.limit),
        },
        opts,
      );
      const messages = decode('histories', body, (errors) => {
        const raw = listFor(body, p.id, 'histories');
        return raw === undefined ? null : normalizeHistory(raw, errors, 'histories');
      });
      return pageOf(messages, p.before, p.limit);
    },

    clearHistory: (p, opts) => write('clear_history', { id: p.id, type: toWireMessageType(p.type, generation) }, opts),

    async notifications(opts) {
      const body = await get('notifications', {}, opts);
      return list('notifications', body, normalizeNotification, (b) => listFor(b, 'notifications', 'notifications'));
    },

    block: (id, opts) => write('block', { id }, opts),
    unblock: (id, opts) => write('unblock', { id }, opts),
  };
  return guarded(api);
}

/**
 * Makes every method asynchronous and its every rejection an `ApiError`, whatever goes wrong before the request
 * is sent (a caller passing something its types did not allow, a route function that throws).
 */
function guarded(api: WebIMApi): WebIMApi {
  const methods = api as unknown as Record<string, unknown>;
  for (const name of Object.keys(methods)) {
    const method = methods[name];
    if (typeof method !== 'function') continue;
    const call = (name === 'clearHistory' ? 'clear_history' : name) as ApiCall;
    methods[name] = (...args: unknown[]): Promise<unknown> =>
      new Promise<unknown>((resolve) => resolve((method as (...a: unknown[]) => unknown)(...args))).catch((e: unknown) => {
        if (e instanceof ApiError) throw e;
        throw new ApiError('network', call, `${call}: request not sent: ${e instanceof Error ? e.message : String(e)}`, undefined, undefined, e);
      });
  }
  return api;
}

function minimalRoom(id: string): Room {
  return { id, nick: id, allCount: 0, count: 0, blocked: false, temporary: false };
}
