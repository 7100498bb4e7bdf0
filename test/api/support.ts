import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** The forum the tests talk to. */
export const ORIGIN = 'http://forum.test';
export const BASE = `${ORIGIN}/webim/`;

/** One request as the community server saw it. */
export interface Recorded {
  method: string;
  url: URL;
  /** Query parameters (GET) or form fields (POST), decoded. */
  params: Record<string, string>;
  contentType: string | null;
  body: string;
  credentials: RequestCredentials;
  keepalive: boolean;
  /** The `X-Requested-With` header, or null. */
  requestedWith: string | null;
}

export const requests: Recorded[] = [];

type Reply = (req: Recorded) => Response | Promise<Response>;
const okReply: Reply = () => HttpResponse.text('ok');
let reply: Reply = okReply;

/** What the server answers to the next requests (default: the bare string `ok`). */
export function replyWith(fn: Reply): void {
  reply = fn;
}

/** Replies with JSON. */
export function replyJson(value: unknown, status = 200): void {
  reply = () => HttpResponse.json(value as Record<string, unknown>, { status });
}

async function record(request: Request): Promise<Recorded> {
  const url = new URL(request.url);
  const body = request.method === 'GET' ? '' : await request.text();
  const source = request.method === 'GET' ? url.searchParams : new URLSearchParams(body);
  return {
    method: request.method,
    url,
    params: Object.fromEntries(source.entries()),
    contentType: request.headers.get('content-type'),
    body,
    credentials: request.credentials,
    keepalive: request.keepalive,
    requestedWith: request.headers.get('x-requested-with'),
  };
}

export const server = setupServer(
  http.all(`${ORIGIN}/*`, async ({ request }) => {
    const rec = await record(request);
    requests.push(rec);
    return reply(rec);
  }),
);

/** Starts msw for the file: unhandled requests fail the test; records and replies reset after each test. */
export function useApiServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
    reply = okReply;
  });
  afterAll(() => server.close());
}

/** The only request made, failing loudly when there were none or several. */
export function only(): Recorded {
  if (requests.length !== 1) throw new Error(`expected exactly one request, saw ${requests.length}`);
  return requests[0];
}
