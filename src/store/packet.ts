import type { Packet } from '../protocol/types';
import type { ReduceContext } from './actions';
import { applyMessages } from './messages';
import { applyPresence } from './presence';
import { applyTyping } from './typing';
import type { Store } from './types';

/**
 * `packet`: one pushed packet. Presences first, then typing statuses, then messages — so that a message
 * arriving together with its sender's `typing` still clears the indicator. A replayed packet changes nothing:
 * messages merge by identity and presences are idempotent (see `applyRoomPresence`).
 */
export function applyPacket(store: Store, packet: Packet, ctx: ReduceContext): void {
  for (const p of packet.presences) applyPresence(store, p, ctx);
  for (const s of packet.statuses) applyTyping(store, s, ctx);
  if (packet.messages.length) applyMessages(store, packet.messages, ctx, { source: 'server', live: true });
}
