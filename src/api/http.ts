import { field, isRecord, textOf } from '../protocol/read';
import { routeUrl, withQuery } from './routes';
import { ApiError, type ApiCall, type ApiOptions, type CallOptions } from './types';

/** Form parameters; undefined values are left out. */
export type Params = Record<string, string | undefined>;

export interface ApiRequest {
  call: ApiCall;
  method: 'GET' | 'POST';
  params: Params;
  /** `ok`: any success reply will do (bare `ok`, `{success:true}`…); `data`: the caller normalises the reply. */
  expects: 'ok' | 'data';
}

/** What the HTTP layer needs from the client: its options and the current ticket. */
export interface HttpContext {
  readonly options: ApiOptions;
  ticket(): string | undefined;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const FORM_TYPE = 'application/x-www-form-urlencoded; charset=UTF-8';
const INVALID_TICKET = /invalid ticket|no client found/i;

/** The page's CSRF token for this call; a throwing or empty provider means none. */
function csrfToken(options: ApiOptions): string | undefined {
  try {
    const token = typeof options.csrfToken === 'function' ? options.csrfToken() : options.csrfToken;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The form of a request: its parameters, the ticket on every call but `online` (which is what hands one out),
 * and the CSRF token on every write.
 */
export function formOf(ctx: HttpContext, req: Pick<ApiRequest, 'call' | 'method' | 'params'>): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(req.params)) if (value !== undefined) form.append(key, value);
  const ticket = req.call === 'online' ? undefined : ctx.ticket();
  if (ticket !== undefined && !form.has('ticket')) form.append('ticket', ticket);
  const csrf = req.method === 'POST' ? csrfToken(ctx.options) : undefined;
  if (csrf !== undefined) form.append('csrf_token', csrf);
  return form;
}

/** The fetch to use, read at call time so that test interceptors (msw) installed later are honoured. */
export function fetchOf(options: ApiOptions): typeof fetch | undefined {
  const f = options.fetch ?? (globalThis.fetch as typeof fetch | undefined);
  return typeof f === 'function' ? f : undefined;
}

/**
 * Sends one request and returns the reply body: the string `ok` for a bare `ok`, else the parsed JSON.
 * Rejects only with `ApiError`: caller abort → `aborted`, timeout → `timeout`, no answer → `network`, and the
 * status/body mapping of `interpret`.
 */
export async function send(ctx: HttpContext, req: ApiRequest, opts: CallOptions = {}): Promise<unknown> {
  const { call } = req;
  const { options } = ctx;
  if (opts.signal?.aborted) throw new ApiError('aborted', call, `${call}: aborted`, undefined, undefined, opts.signal.reason);
  const fetchFn = fetchOf(options);
  if (fetchFn === undefined) throw new ApiError('network', call, `${call}: no fetch available`);

  const form = formOf(ctx, req);
  const ticketSent = form.has('ticket');
  const controller = new AbortController();
  let ended: 'timeout' | 'aborted' | undefined;
  // Settles the call even when a fetch implementation ignores its signal.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  stopped.catch(() => undefined);
  const onCallerAbort = (): void => {
    ended ??= 'aborted';
    controller.abort(opts.signal?.reason);
  };
  opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const timeoutMs = opts.timeoutMs ?? (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) * (call === 'online' ? 2 : 1);
  const timer = setTimeout(() => {
    ended ??= 'timeout';
    controller.abort(new DOMException(`${call} timed out`, 'TimeoutError'));
  }, timeoutMs);

  try {
    const base = routeUrl(call, options);
    const init: RequestInit = {
      method: req.method,
      credentials: options.credentials ?? 'same-origin',
      headers: { Accept: 'application/json, text/plain, */*' },
      signal: controller.signal,
    };
    if (req.method === 'POST') {
      init.body = form.toString();
      init.headers = { ...init.headers, 'Content-Type': FORM_TYPE };
    } else {
      init.cache = 'no-store';
    }
    const url = req.method === 'GET' ? withQuery(base, form) : base;
    const response = await Promise.race([fetchFn(url, init), stopped]);
    const text = await Promise.race([response.text(), stopped]);
    return interpret(req, response.status, text, ticketSent);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    if (ended === 'aborted') throw new ApiError('aborted', call, `${call}: aborted`, undefined, undefined, e);
    if (ended === 'timeout') throw new ApiError('timeout', call, `${call}: no reply within ${timeoutMs} ms`, undefined, undefined, e);
    throw new ApiError('network', call, `${call}: ${describe(e)}`, undefined, undefined, e);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : 'request failed';
}

/** The server's own words in an error body: `error_msg`, `message` or `error`. */
export function serverMessageOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  for (const key of ['error_msg', 'message', 'error']) {
    const text = textOf(field(body, key), 500)?.trim();
    if (text) return text;
  }
  return undefined;
}

/** Short plain text (not an HTML error page) that can stand as the server's message. */
function plainText(text: string): string | undefined {
  return text !== '' && text.length <= 200 && !text.includes('<') ? text : undefined;
}

/** Maps status and body to a reply or an `ApiError` (see `ApiErrorKind`). */
export function interpret(req: ApiRequest, status: number, text: string, ticketSent: boolean): unknown {
  const { call } = req;
  const trimmed = text.trim();
  const bareOk = /^"?ok"?$/i.test(trimmed);
  let json: unknown;
  let parsed = false;
  if (!bareOk && trimmed !== '') {
    try {
      json = JSON.parse(trimmed) as unknown;
      parsed = true;
    } catch {
      parsed = false;
    }
  }
  const said = parsed ? serverMessageOf(json) : plainText(trimmed);

  if (status < 200 || status >= 300) {
    if (status === 401 || status === 403) throw new ApiError('unauthorized', call, `${call}: HTTP ${status}`, status, said);
    // A 404 means a dead ticket only when a ticket was sent; without one it is a wrong route.
    if ((status === 404 && ticketSent) || INVALID_TICKET.test(said ?? '')) {
      throw new ApiError('invalid_ticket', call, `${call}: invalid ticket (HTTP ${status})`, status, said);
    }
    if (status < 500 && parsed && said !== undefined) throw new ApiError('server', call, `${call}: ${said}`, status, said);
    throw new ApiError('http', call, `${call}: HTTP ${status}`, status, said);
  }

  if (bareOk) return 'ok';
  if (trimmed === '') {
    if (req.expects === 'ok') return 'ok';
    throw new ApiError('bad_reply', call, `${call}: empty reply`, status);
  }
  if (!parsed) throw new ApiError('bad_reply', call, `${call}: reply is neither JSON nor ok`, status, undefined, trimmed.slice(0, 200));
  if (isRecord(json)) {
    const success = field(json, 'success');
    const state = field(json, 'status');
    const refused =
      success === false ||
      success === 'false' ||
      state === 'error' ||
      (req.expects === 'ok' && said !== undefined && success !== true && state !== 'ok');
    if (refused) {
      const message = said ?? 'the server refused the request';
      if (INVALID_TICKET.test(message)) throw new ApiError('invalid_ticket', call, `${call}: ${message}`, status, message);
      throw new ApiError('server', call, `${call}: ${message}`, status, message);
    }
  }
  return json;
}
