import { type BrokerAccess, createBrokerAccess } from './broker/access';
import { handleBrokerAuth } from './broker/auth-http';
import { BrokerPush } from './broker/push';
import { handleControls } from './controls';
import { hmacSha256Hex } from './hmac';
import { json, pathSegments } from './http';
import { ImModel } from './im/model';
import { handleIm } from './im/rest';
import { openSocketSession } from './im/wsocket';
import { defaultSetTimer, resolveOptions, webRandomHex } from './options';
import { seed, seedMessageServer } from './seed';
import { forumPost } from './site/channels';
import type { SiteContext } from './site/context';
import { SiteData } from './site/data';
import { ImClient } from './site/im-client';
import { avatarSvg, type PageSession, pageSession, renderTemplate } from './site/pages';
import { handleWebim } from './site/routes';
import { Timers } from './timers';
import type {
  EngineDeps,
  EngineOptions,
  MockRequest,
  MockResponse,
  MockState,
  PushSocket,
  ResolvedOptions,
  RestFetch,
  SocketSession,
} from './types';

/** Users whose CSRF token the engine keeps computed (about 100 bytes each). */
const CSRF_TOKEN_CACHE = 10_000;

/** The whole mock backend in memory: a message server and a community site that talks to it over v5 REST. */
export interface Engine {
  readonly options: ResolvedOptions;
  /** The message server's model (tickets, presence, rooms). */
  readonly im: ImModel;
  /** The community site's context (database, REST client, CSRF). */
  readonly site: SiteContext;
  /**
   * Broker mode: the ACL every broker asks (aedes hooks in-process, RabbitMQ over HTTP) and the push port that
   * publishes and counts connections; absent otherwise.
   */
  readonly broker?: { access: BrokerAccess; push: BrokerPush };
  /** The secret `/mock/*` requests carry in `x-mock-secret`; null when the controls are off. */
  readonly controlsSecret: string | null;
  /** Site origin: `/webim/*`, `/mock/*`, `/demo/avatars/*.svg`; null for anything else (static files). */
  handleSite(req: MockRequest): Promise<MockResponse | null>;
  /** Message server origin: `/v5/*` REST and `/v5/packets` JSONP. */
  handleIm(req: MockRequest): Promise<MockResponse>;
  /** A WebSocket opened on `/v5/wsocket`. */
  openSocket(socket: PushSocket): SocketSession;
  /** Identity and cookies for a page about to be served (`?user=`, `?visitor=1`, or the cookie). */
  page(req: MockRequest): PageSession;
  /** Fills a served page's `{{csrf_token}}`, `{{uid}}`, `{{im_url}}`. */
  renderPage(html: string, session: PageSession): string;
  state(): MockState;
  /** Fresh seed data; every ticket ended. */
  reset(): void;
  /** Ends every ticket and cancels every timer. */
  close(): void;
}

function safely(onError: (e: unknown) => void, run: () => Promise<MockResponse>): Promise<MockResponse> {
  return run().catch((error: unknown) => {
    onError(error);
    return json(500, { success: false, status: 'error', message: 'internal error', error_msg: 'internal error' });
  });
}

export function createEngine(options: EngineOptions = {}): Engine {
  const opts = resolveOptions(options);
  const deps: EngineDeps = {
    now: options.now ?? Date.now,
    setTimer: options.setTimer ?? defaultSetTimer,
    randomHex: options.randomHex ?? webRandomHex,
  };
  const onError = options.onError ?? ((error: unknown) => console.error('[mock-server]', error));
  const timers = new Timers(deps.setTimer, onError);
  const im = new ImModel(opts, deps, timers);
  const secret = options.secret ?? deps.randomHex(32);
  const controlsSecret = opts.controls ? (options.controlsSecret ?? deps.randomHex(16)) : null;

  // The default REST transport calls the message server in-process; the Node adapter injects real HTTP.
  const inProcess: RestFetch = async (url, init) => {
    const u = new URL(url);
    const res = await engine.handleIm({
      method: init.method,
      path: u.pathname,
      query: u.searchParams,
      headers: init.headers,
      body: init.body ?? '',
    });
    return { status: res.status, text: async () => res.body };
  };
  // Every cookie-authenticated write checks a token, and HMAC-SHA-256 in plain TypeScript costs 0.1–0.3 ms a call
  // before the JIT warms up (measured on the delivery bench's path). The secret is fixed for the engine's life, so
  // a user's token is too: computed once, kept in a cache that starts over when it reaches its bound.
  const csrfTokens = new Map<string, string>();
  const csrfToken = (uid: string): string => {
    let token = csrfTokens.get(uid);
    if (token === undefined) {
      if (csrfTokens.size >= CSRF_TOKEN_CACHE) csrfTokens.clear();
      csrfTokens.set(uid, (token = hmacSha256Hex(secret, uid)));
    }
    return token;
  };
  const data = options.database ?? new SiteData();
  // Broker mode: the site's push port publishes to the broker; the broker's auth asks the site (one ACL).
  const brokerPush =
    options.broker &&
    new BrokerPush({
      opts,
      link: options.broker.link,
      timers,
      randomHex: deps.randomHex,
      now: deps.now,
      urls: options.broker.urls,
      keepalive: options.broker.keepalive,
      simulated: im.simulated,
    });
  const brokerAccess =
    brokerPush &&
    createBrokerAccess({
      data,
      domain: opts.domain,
      account: options.broker!.account,
      ticketUser: (ticket) => brokerPush.ticketUser(ticket),
    });
  const site: SiteContext = {
    data,
    im: brokerPush ?? new ImClient(options.imFetch ?? inProcess, opts.imUrl, opts.domain, opts.apikey),
    opts,
    now: deps.now,
    randomHex: deps.randomHex,
    csrfToken,
    faults: im.faults,
  };

  const state = (): MockState => {
    const users: MockState['users'] = {};
    for (const user of im.users.values()) {
      // Subscribers by a keyed hash of their ticket: stable for tests to compare, useless for subscribing.
      const subscribers = [...user.tickets]
        .filter((t) => im.hub.isSubscribed(t) && t.transport !== null)
        .map((t) => ({
          id: hmacSha256Hex(secret, `subscriber\n${t.id}`).slice(0, 16),
          transport: t.transport ?? 'jsonp',
        }));
      users[user.id] = { show: user.show, subscribers };
    }
    if (!brokerPush) return { users };
    const clients = options.broker!.link.clientCount?.();
    return { users, broker: { ...(clients === undefined ? {} : { clients }), connections: brokerPush.connections() } };
  };
  const reset = (): void => {
    im.reset();
    brokerPush?.reset();
    // Broker mode: connections of forgotten sessions go too, as a NexTalk ticket's socket would (their next login
    // is refused and the browsers log in again).
    options.broker?.link.drop?.();
    seed(site.data, im, deps.now(), opts.bigRoster, opts.siteUrl);
  };
  // A restart over a kept database (the site's data survives; every ticket is gone) seeds only the message server.
  if (options.database) seedMessageServer(im, opts.bigRoster);
  else seed(site.data, im, deps.now(), opts.bigRoster, opts.siteUrl);

  const engine: Engine = {
    options: opts,
    im,
    site,
    broker: brokerPush && brokerAccess && { access: brokerAccess, push: brokerPush },
    controlsSecret,
    handleSite(req) {
      const segments = pathSegments(req.path);
      if (!segments) return Promise.resolve(json(400, { success: false, error_msg: 'malformed path' }));
      const [first, second, third] = segments;
      if (first === 'webim' && segments.length === 2) return safely(onError, () => handleWebim(site, req, second));
      // Only for a broker that asks over HTTP (external); it must prove it is the broker (see handleBrokerAuth).
      if (
        first === 'mqtt' &&
        second === 'auth' &&
        segments.length === 3 &&
        brokerAccess &&
        options.broker!.link.authOverHttp
      )
        return Promise.resolve(handleBrokerAuth(brokerAccess, req, third));
      if (first === 'mock' && segments.length === 2 && controlsSecret !== null) {
        return safely(onError, () =>
          handleControls(
            { im, site, state, reset, secret: controlsSecret, dropBroker: options.broker?.link.drop },
            req,
            second,
          ),
        );
      }
      if (first === 'forum' && second === 'post' && segments.length === 2)
        return safely(onError, () => forumPost(site, req));
      if (first === 'demo' && second === 'avatars' && segments.length === 3)
        return Promise.resolve(avatarSvg(site, third));
      return Promise.resolve(null);
    },
    handleIm(req) {
      return safely(onError, () => handleIm(im, req));
    },
    openSocket(socket) {
      return openSocketSession(im, socket);
    },
    page(req) {
      return pageSession(site, req);
    },
    renderPage(html, session) {
      return renderTemplate(site, html, session.uid);
    },
    state,
    reset,
    close() {
      for (const ticket of im.hub.all()) im.hub.end(ticket);
      timers.clearAll();
    },
  };
  return engine;
}
