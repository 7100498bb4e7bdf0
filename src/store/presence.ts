import type { PresenceUpdate } from '../protocol/types';
import type { ReduceContext } from './actions';
import { applyRoomPresence } from './room-presence';
import { applySelf, findPerson, presenceOfShow, setPersonPresence } from './roster';
import type { Store } from './types';

/**
 * Applies one pushed presence. Buddy/stranger presences set state (a replay is a no-op by construction);
 * room presences go to {@link applyRoomPresence}. People we do not know are not added: a presence alone is not a
 * reason to show someone.
 */
export function applyPresence(store: Store, p: PresenceUpdate, ctx: ReduceContext): void {
  if (p.type === 'grponline' || p.type === 'grpoffline' || p.type === 'join' || p.type === 'leave') {
    applyRoomPresence(store, p, ctx);
    return;
  }
  if (p.from === ctx.me) {
    // Our own show changed in another browser; our own online/offline is the connection's business.
    if (p.type === 'show' && p.show) applySelf(store, p.show, p.status);
    return;
  }
  const person = findPerson(store, p.from);
  if (!person) return;
  const presence = p.type === 'offline' ? 'offline' : presenceOfShow(p.show);
  const details: { show?: typeof p.show; status?: string; nick?: string } = {};
  if (p.show !== undefined) details.show = p.show;
  if (p.status !== undefined) details.status = p.status;
  if (p.nick !== undefined) details.nick = p.nick;
  setPersonPresence(person, presence, details);
}
