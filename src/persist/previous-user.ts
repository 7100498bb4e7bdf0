import type { Persistence } from './types';
import { attempt, pageGlobal } from './util';

/** Where the browser remembers whose data it last stored for a site domain (a user id, nothing else). */
export const lastUserKey = (domain: string): string => 'webim:last-user:' + encodeURIComponent(domain);

/**
 * A shared computer: when the page's user (`uid`, or nobody) is not the one whose data this browser last stored
 * for the domain, that user's data goes (snapshot, pagehide copy, archived messages: the caller's `clear`) before anything else
 * runs. The script tag does this, since its `data-uid` is the site's word on who is signed in.
 */
export async function forgetPreviousUser(
  domain: string,
  uid: string | undefined,
  persistence: Pick<Persistence, 'clear'>,
  env: { localStorage?: Storage | null } = {},
): Promise<void> {
  const storage = pageGlobal(env, 'localStorage', () => localStorage);
  const key = lastUserKey(domain);
  const previous = attempt(() => storage?.getItem(key));
  if (previous && previous !== uid) await persistence.clear(previous);
  attempt(() => (uid ? storage?.setItem(key, uid) : storage?.removeItem(key)));
}
