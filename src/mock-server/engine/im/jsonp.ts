import type { WirePacket } from '../../../protocol/types';
import { json } from '../http';
import type { MockRequest, MockResponse } from '../types';
import type { ImModel } from './model';
import { OK_PACKET, STOPPED_PACKET } from './tickets';

/** What the SDK generates (`[A-Za-z0-9_$.]`), not starting with a digit or dot; anything else could inject script. */
const CALLBACK = /^[A-Za-z_$][A-Za-z0-9_$.]{0,127}$/;

function script(callback: string, packet: WirePacket): MockResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'no-cache, no-store, must-revalidate',
      'x-content-type-options': 'nosniff',
    },
    body: `${callback}(${JSON.stringify(packet)});`,
  };
}

const DESTROY: MockResponse = { status: 0, headers: {}, body: '', destroy: true };

/**
 * `GET /v5/packets?domain&ticket&callback&_` (and v3's `/packets`): answered at once with everything queued,
 * else held for `hold` ms and answered `{"status":"ok"}`. A dead ticket is `callback({"status":"stopped"});`
 * with HTTP 200 so the browser's script tag runs it.
 */
export function handlePackets(im: ImModel, req: MockRequest): Promise<MockResponse> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return Promise.resolve(json(405, { status: 'error', message: 'method not allowed' }));
  }
  const callback = req.query.get('callback') ?? '';
  if (!CALLBACK.test(callback)) return Promise.resolve(json(400, { status: 'error', message: 'bad callback' }));
  const domain = req.query.get('domain');
  const id = req.query.get('ticket');
  const ticket = domain === im.opts.domain && id ? im.hub.get(id) : undefined;
  if (!ticket) return Promise.resolve(script(callback, STOPPED_PACKET));

  if (im.stall.count > 0 && im.stall.mode !== 'lose') {
    im.stall.count--;
    im.hub.stalledPoll(ticket);
    if (im.stall.mode === 'drop') return Promise.resolve(DESTROY);
    // "hold": never answered; the client's own timeout ends it. Free the request eventually all the same.
    return new Promise((resolve) => {
      const cancel = im.timers.once(() => resolve(DESTROY), im.opts.hold + im.opts.pollGap);
      req.signal?.addEventListener('abort', () => {
        cancel();
        resolve(DESTROY);
      });
    });
  }

  // `lose`: the poll is answered (the queue goes into the answer) but the answer never reaches the browser.
  const lose = im.stall.count > 0 && im.stall.mode === 'lose' && im.stall.count-- > 0;
  return new Promise((resolve) => {
    let answered = false;
    const abort = im.hub.poll(ticket, (packet) => {
      answered = true;
      resolve(lose ? DESTROY : script(callback, packet));
    });
    if (answered) return;
    req.signal?.addEventListener('abort', () => {
      abort();
      resolve(script(callback, OK_PACKET));
    });
  });
}
