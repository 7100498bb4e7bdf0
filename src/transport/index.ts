export * from './types';
export {
  CALLBACK_NAME_PATTERN,
  createAutoTransport,
  createJsonpTransport,
  createTransport,
  createTransportMemory,
  createWebSocketTransport,
  DEFAULT_OPEN_TIMEOUT_MS,
  DEFAULT_POLL_TIMEOUT_MS,
  DEFAULT_PROBE_INTERVAL_MS,
  DEFAULT_WATCHDOG_MS,
} from './create';
export type { JsonpTransport } from './create';
export { createBackoff, DEFAULT_BACKOFF } from './backoff';
export type { Backoff } from './backoff';
export { selectTransport } from './select';
export { createMqttTransport, DEFAULT_KEEPALIVE_SECONDS, DEFAULT_MQTT_OPEN_TIMEOUT_MS } from './mqtt/transport';
