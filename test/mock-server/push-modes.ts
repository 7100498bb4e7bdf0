import type { MockServer, MockServerOptions } from '../../src/mock-server/index';
import type { WireOnlineReply } from '../../src/protocol/types';
import { type Inbox, startServer, WsClient } from './helpers';
import { MqttClient } from './mqtt-client';

/**
 * The two push implementations behind the site's one push port: the in-memory NexTalk message server (WebSocket
 * clients) and broker mode (a real embedded aedes, MQTT clients). Protocol tests that make sense in both run in
 * both: `describe.each(PUSH_MODES)`.
 */
export type PushMode = 'nextalk' | 'broker';
export const PUSH_MODES: PushMode[] = ['nextalk', 'broker'];

/** A push subscriber of either kind, as the tests use it. */
export interface PushClient {
  readonly inbox: Inbox;
  ticketOf(): string;
  close(): void;
  readonly closed: Promise<unknown>;
}

export const startServerIn = (mode: PushMode, options: MockServerOptions = {}): Promise<MockServer> =>
  startServer({ ...options, ...(mode === 'broker' ? { broker: 'embedded' as const } : {}) });

/** Connects a subscriber for a login reply the way a browser of that mode would. */
export const connectPush = (mode: PushMode, server: MockServer, reply: WireOnlineReply): Promise<PushClient> =>
  mode === 'broker'
    ? MqttClient.connectAs(reply, (user, clientId) => !!server.engine.broker?.push.isConnected(user, clientId))
    : WsClient.connect(reply.connection);
