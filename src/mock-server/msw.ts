import { http, HttpResponse, type RequestHandler, type WebSocketHandler, ws } from 'msw';
import type { Engine } from './engine/engine';
import { parseCookies } from './engine/http';
import type { MockRequest, MockResponse } from './engine/types';

export interface MswHandlerOptions {
  /** Origin the site handlers match (e.g. `http://localhost:3000`). Default: any origin. */
  siteOrigin?: string;
  /** Origin the message-server handlers match. Default: any origin. */
  imOrigin?: string;
  /** Act as this user when a request carries no `webim_uid` cookie (handy where tests cannot set cookies). */
  defaultUser?: string;
  /** Also intercept `/v5/wsocket` WebSockets with `ws.link()`. Default true. */
  websocket?: boolean;
}

async function toMockRequest(request: Request, defaultUser?: string): Promise<MockRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (defaultUser && !parseCookies(headers.cookie).has('webim_uid')) {
    const cookie = `webim_uid=${encodeURIComponent(defaultUser)}`;
    headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
  }
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  return { method: request.method, path: url.pathname, query: url.searchParams, headers, body, signal: request.signal };
}

function toResponse(out: MockResponse): Response {
  if (out.destroy) return HttpResponse.error();
  const headers = new Headers(out.headers);
  for (const cookie of out.cookies ?? []) headers.append('set-cookie', cookie);
  return new HttpResponse(out.body, { status: out.status, headers });
}

/**
 * msw handlers serving the same engine in-process: site `/webim/*`, `/mock/*`, `/demo/avatars/*`, the v5 REST
 * API, `/v5/packets` JSONP and (through `ws.link()`) the `/v5/wsocket` WebSocket. Create the engine with
 * `createEngine()`; its default REST transport is already in-process.
 */
export function createMswHandlers(
  engine: Engine,
  options: MswHandlerOptions = {},
): Array<RequestHandler | WebSocketHandler> {
  const site = options.siteOrigin?.replace(/\/+$/, '') ?? '*';
  const im = options.imOrigin?.replace(/\/+$/, '') ?? '*';
  const siteHandler = async ({ request }: { request: Request }): Promise<Response> => {
    const answer = await engine.handleSite(await toMockRequest(request, options.defaultUser));
    return toResponse(answer ?? { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' });
  };
  const imHandler = async ({ request }: { request: Request }): Promise<Response> =>
    toResponse(await engine.handleIm(await toMockRequest(request)));

  const handlers: Array<RequestHandler | WebSocketHandler> = [
    http.all(`${site}/webim/*`, siteHandler),
    http.all(`${site}/mock/*`, siteHandler),
    http.get(`${site}/demo/avatars/*`, siteHandler),
    http.all(`${im}/v5/*`, imHandler),
    http.get(`${im}/packets`, imHandler),
  ];
  if (options.websocket !== false) {
    const link = ws.link(`${im === '*' ? '*' : im.replace(/^http/, 'ws')}/v5/wsocket`);
    handlers.push(
      link.addEventListener('connection', ({ client }) => {
        const session = engine.openSocket({
          send(text) {
            if (client.socket.readyState !== client.socket.OPEN) return false;
            client.send(text);
            return true;
          },
          close(code, reason) {
            client.close(code, reason);
          },
        });
        client.addEventListener('message', (event) => session.onText(typeof event.data === 'string' ? event.data : ''));
        client.addEventListener('close', () => session.onClose());
      }),
    );
  }
  return handlers;
}
