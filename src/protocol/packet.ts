import type { ProtocolError } from './errors';
import { normalizePresence, normalizeStatus } from './events';
import { normalizeList, type ItemNormalizer } from './list';
import { normalizeMessage } from './message';
import { field, isRecord, type Rec } from './read';
import type { Packet } from './types';
import { reject } from './values';

/** Packet text longer than this is refused unread (a push is a few messages, not megabytes). */
export const MAX_PACKET_TEXT = 8 * 1024 * 1024;
/** Items per array of one packet beyond which the rest are dropped (reported). */
export const MAX_PACKET_ITEMS = 5_000;

/**
 * Validates a pushed packet of either generation: an object or its JSON text (a WebSocket frame, a JSONP
 * argument). Malformed items are dropped and reported; everything valid is kept. Never throws: unusable input
 * (not JSON, not an object) yields an empty `ok` packet and an error. `status` other than `stopped` is `ok`.
 */
export function parsePacket(raw: unknown): { packet: Packet; errors: ProtocolError[] } {
  const errors: ProtocolError[] = [];
  const packet: Packet = { status: 'ok', messages: [], presences: [], statuses: [] };
  const rec = packetRecord(raw, errors);
  if (rec === null) return { packet, errors };
  const status = field(rec, 'status');
  if (typeof status === 'string' && status.trim().toLowerCase() === 'stopped') packet.status = 'stopped';
  packet.messages = list(rec, 'messages', normalizeMessage, errors);
  packet.presences = list(rec, 'presences', normalizePresence, errors);
  packet.statuses = list(rec, 'statuses', normalizeStatus, errors);
  return { packet, errors };
}

function packetRecord(raw: unknown, errors: ProtocolError[]): Rec | null {
  let value = raw;
  if (typeof raw === 'string') {
    if (raw.length > MAX_PACKET_TEXT) return reject(errors, 'bad_json', `packet text of ${raw.length} characters refused`, '', raw.length);
    try {
      value = JSON.parse(raw) as unknown;
    } catch (e) {
      return reject(errors, 'bad_json', `packet is not JSON: ${(e as Error).message}`, '', raw.slice(0, 200));
    }
  }
  return isRecord(value) ? value : reject(errors, 'bad_packet', 'packet is not an object', '', value);
}

function list<T>(rec: Rec, key: string, item: ItemNormalizer<T>, errors: ProtocolError[]): T[] {
  const raw = field(rec, key);
  if (raw === undefined || raw === null) return [];
  return normalizeList(raw, errors, key, item, 'bad_packet', MAX_PACKET_ITEMS) ?? [];
}
