import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, type Engine } from '../engine/engine';
import type { EngineOptions } from '../engine/types';
import { readRequest, writeError, writeResponse } from './http-adapter';
import { defaultStaticDirs, serveStatic, type StaticDirs } from './static';
import { type BrokerSetup, setUpBroker } from './broker';
import { attachWebSockets } from './wsocket';

/**
 * Broker mode (PROTOCOL.md, "MQTT push: broker mode"): `embedded` runs aedes in this process on the message server's
 * port at `/mqtt`; otherwise an external broker (RabbitMQ, EMQX, …): the site's link `url` (`mqtt://host:port`), the
 * WebSocket URL of each node for browsers, and the site's own account on it.
 */
export type BrokerChoice =
  'embedded' | { url: string; websockets: string[]; username: string; password: string; keepalive?: number };

export interface MockServerOptions extends Omit<
  EngineOptions,
  'siteUrl' | 'imUrl' | 'imFetch' | 'now' | 'setTimer' | 'randomHex' | 'broker'
> {
  /** Push through an MQTT broker instead of the in-memory message server. Default: none (NexTalk mode). */
  broker?: BrokerChoice;
  /** Site origin port; 0 picks a free one. Default 8080. */
  port?: number;
  /** Message server port; 0 picks a free one. Default `port + 1` (or 0 when `port` is 0). */
  imPort?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Static directories by URL prefix. Default: `demo/` at `/` and `/demo/`, `dist/` at `/dist/` under `root`. */
  staticDirs?: StaticDirs;
  /** Repository root for the default static directories. Default `process.cwd()`. */
  root?: string;
}

export interface MockServer {
  /** e.g. `http://127.0.0.1:8080` */
  siteUrl: string;
  /** e.g. `http://127.0.0.1:8081` */
  imUrl: string;
  /** What `/mock/*` requests carry in `x-mock-secret`; null unless the controls were asked for. */
  controlsSecret: string | null;
  engine: Engine;
  /** Broker mode: the WebSocket URLs browsers are given for the broker. */
  brokerUrls?: string[];
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Every request is answered or dropped; nothing a client sends can take the process down. */
function guard(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handler(req, res).catch((error: unknown) => {
      console.error('[mock-server]', error);
      writeError(res, 500, 'internal error');
    });
  };
}

function hardenServer(server: Server): void {
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
}

/** A wildcard listen address is not something a browser can connect to; advertise loopback instead. */
const publicHost = (host: string): string =>
  host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

/**
 * Starts the mock backend like a production deployment: the community site on `port` and the message server on
 * `imPort`, the site reaching the message server over real HTTP with Basic auth.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  const imPort = options.imPort ?? (port === 0 ? 0 : port + 1);
  const dirs = options.staticDirs ?? defaultStaticDirs(options.root ?? process.cwd());
  let engine: Engine | undefined;
  const ready = (): Engine => {
    if (!engine) throw new Error('mock server is still starting');
    return engine;
  };

  // 64 KiB request lines: `GET /webim/buddies?ids=…` for a big roster is long.
  const siteServer = createServer(
    { maxHeaderSize: 64 * 1024 },
    guard(async (req, res) => {
      const mreq = await readRequest(req, res);
      const answer = await ready().handleSite(mreq);
      if (answer) writeResponse(req, res, answer);
      else await serveStatic(ready(), dirs, mreq, req, res);
    }),
  );
  const imServer = createServer(
    { maxHeaderSize: 64 * 1024 },
    guard(async (req, res) => {
      const mreq = await readRequest(req, res);
      writeResponse(req, res, await ready().handleIm(mreq));
    }),
  );
  hardenServer(siteServer);
  hardenServer(imServer);

  const sitePort = await listen(siteServer, port, host);
  let boundImPort: number;
  try {
    boundImPort = await listen(imServer, imPort, host);
  } catch (error) {
    siteServer.close();
    throw error;
  }
  const siteUrl = `http://${publicHost(host)}:${sitePort}`;
  const imUrl = `http://${publicHost(host)}:${boundImPort}`;
  let broker: BrokerSetup | undefined;
  try {
    broker = options.broker && (await setUpBroker(options.broker, imUrl, () => ready().broker!.access));
  } catch (error) {
    siteServer.close();
    imServer.close();
    throw error;
  }
  engine = createEngine({
    ...options,
    broker: broker?.options,
    siteUrl,
    imUrl,
    randomHex: (bytes) => randomBytes(bytes).toString('hex'),
    // The site is a separate party: it talks to the message server's REST API over the network.
    imFetch: (url, init) => fetch(url, init),
  });
  const closeSockets = attachWebSockets(imServer, ready, engine.options.maxBody, broker?.upgrades);
  await broker?.ready;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      closeSockets();
      ready().close();
      await broker?.options.link.close();
      const stop = (server: Server): Promise<void> =>
        new Promise((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      await Promise.all([stop(siteServer), stop(imServer)]);
    })());

  return { siteUrl, imUrl, controlsSecret: engine.controlsSecret, engine, brokerUrls: broker?.options.urls, close };
}
