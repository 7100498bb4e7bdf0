/**
 * The webim mock backend: a community site (`/webim/*`) and a NexTalk-5-style message server (`/v5/*` REST,
 * `/v5/packets` JSONP, `/v5/wsocket` WebSocket) over one in-memory engine.
 *
 * - `startMockServer()` runs both origins on real sockets (demo, Playwright, integration tests);
 * - `createEngine()` + `createMswHandlers()` serve the same engine in-process to unit tests.
 */
export { createEngine, type Engine } from './engine/engine';
export type {
  EngineOptions,
  Generation,
  MockRequest,
  MockResponse,
  MockState,
  PushSocket,
  ResolvedOptions,
  RestFetch,
  SetTimer,
  SocketSession,
} from './engine/types';

export { type BrokerChoice, type MockServer, type MockServerOptions, startMockServer } from './node/server';
export { parseArgs, USAGE } from './args';
export { defaultStaticDirs, type StaticDirs } from './node/static';
