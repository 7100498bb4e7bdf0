import { createAutoTransport } from './auto';
import { createJsonpTransport } from './jsonp';
import type { Transport, TransportOptions, TransportPreference } from './types';
import { createWebSocketTransport } from './websocket';

/** The transport for a preference: `websocket`, `jsonp`, or `auto` (WebSocket with JSONP fallback). */
export function createTransport(preference: TransportPreference, options: TransportOptions = {}): Transport {
  switch (preference) {
    case 'websocket':
      return createWebSocketTransport(options);
    case 'jsonp':
      return createJsonpTransport(options);
    case 'auto':
      return createAutoTransport(options);
  }
}
