import type { WebIMClient } from '../../core/types';
import type { User } from '../../protocol/types';
import type { ConnectionStatus } from '../../store/types';

/** What the presence menu offers. `offline` logs out of the message server; the others are shows. */
export type PresenceChoice = 'available' | 'away' | 'dnd' | 'invisible' | 'offline';

export const PRESENCE_CHOICES: readonly PresenceChoice[] = ['available', 'away', 'dnd', 'invisible', 'offline'];

/** The user is signed out of chat: logged out by choice (show `unavailable`), never logged in, or the ticket died. */
export function isSignedOut(user: User | null, connection: ConnectionStatus): boolean {
  return !user || user.show === 'unavailable' || connection.state === 'stopped';
}

/** The menu entry that describes the user's state now. */
export function currentPresenceChoice(user: User | null, connection: ConnectionStatus): PresenceChoice {
  if (isSignedOut(user, connection)) return 'offline';
  const show = user!.show;
  return show === 'chat' ? 'available' : show === 'unavailable' ? 'offline' : show;
}

/**
 * Applies a choice: `offline` → `client.offline()`; any other while signed out → `client.online()` first (then the
 * show, unless it is `available`, which is what logging in sets); otherwise `setPresence(show, current status)`.
 * Failures surface through the client's `error` event (the alerts area shows them), so they are not rethrown here.
 */
export async function applyPresenceChoice(client: WebIMClient, choice: PresenceChoice): Promise<void> {
  const { user, connection } = client.store;
  const signedOut = isSignedOut(user.peek(), connection.peek());
  try {
    if (choice === 'offline') {
      if (!signedOut) await client.offline();
      return;
    }
    if (signedOut) {
      await client.online();
      if (choice !== 'available') await client.setPresence(choice, user.peek()?.status);
      return;
    }
    await client.setPresence(choice, user.peek()?.status);
  } catch {
    /* reported by the client's `error` event */
  }
}
