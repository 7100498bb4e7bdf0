import type { Connection } from '../protocol/types';
import { createEmitter } from '../util/emitter';
import { chooseCarrier } from './choose';
import { createTransport } from './create';
import { createMqttTransport } from './mqtt/transport';
import type { Transport, TransportEventMap, TransportOptions, TransportPreference } from './types';

/**
 * The transport for a preference, choosing at `connect` when the choice depends on what the online reply offers:
 * `mqtt` always takes the broker; `auto` takes it when the reply offers one (broker mode) and the host has
 * WebSocket, and otherwise the NexTalk transports (`createTransport`: WebSocket with JSONP fallback).
 */
export function selectTransport(preference: TransportPreference, options: TransportOptions = {}): Transport {
  if (preference === 'websocket' || preference === 'jsonp') return createTransport(preference, options);
  const events = createEmitter<TransportEventMap>();
  let chosen: Transport | undefined;
  let closed = false;
  const env = options.env ?? {};
  const hasWebSocket = () => !!('WebSocket' in env ? env.WebSocket : globalThis.WebSocket);
  return {
    get kind() {
      return chosen?.kind ?? (preference === 'mqtt' ? 'mqtt' : 'websocket');
    },
    on: events.on,
    connect(connection: Connection) {
      if (chosen || closed) {
        if (!closed) throw new Error('connects only once');
        return;
      }
      const { carrier } = chooseCarrier({
        preference,
        offers: { websocket: !!connection.websocket, mqtt: !!connection.mqtt },
        hasWebSocket: hasWebSocket(),
        websocketOpenFailures: 0,
      });
      // WebSocket or JSONP: the NexTalk transport chooses between them itself (it remembers this page's failures).
      const transport = (chosen = carrier === 'mqtt' ? createMqttTransport(options) : createTransport('auto', options));
      for (const event of ['open', 'packet', 'error', 'close'] as const)
        transport.on(event, (value) => events.emit(event, value as never));
      transport.on('close', () => (closed = true));
      transport.connect(connection);
    },
    close() {
      if (chosen) return chosen.close();
      if (closed) return;
      closed = true;
      events.emit('close', { reason: 'client', wasOpen: false });
    },
  };
}
