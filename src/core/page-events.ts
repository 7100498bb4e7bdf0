import type { WebIMApi } from '../api/types';
import type { Dispose } from '../util/disposables';
import { noop } from './context';
import type { Session } from './session';

/** What the page's events act on. */
export interface PageEventsContext {
  win?: EventTarget;
  doc?: Document;
  api: WebIMApi;
  session: Pick<Session, 'info' | 'lost' | 'retryNow'>;
  /** This tab holds the push link (or would). */
  leader(): boolean;
  /** Writes the snapshot now: the page may be gone before a debounced write. */
  flush(): void;
}

/** The page is shown (a host without a document counts as shown). */
export const isVisible = (doc?: Document): boolean => doc?.visibilityState !== 'hidden';

/**
 * Follows the browser's page events: the network back (`online`) or the page shown again retries the leader's link
 * at once, the network gone (`offline`) pauses it, and `pagehide` keeps the session for the next page and saves now.
 * Returns the undo: one abort removes every listener.
 */
export function startPageEvents(context: PageEventsContext): Dispose {
  const { win, doc, session, leader } = context;
  const page = new AbortController();
  const listen = (target: EventTarget | undefined, type: string, fn: () => unknown) =>
    target?.addEventListener(type, fn, { signal: page.signal });
  listen(win, 'online', () => leader() && session.retryNow());
  listen(win, 'offline', () => leader() && session.lost());
  listen(doc, 'visibilitychange', () => isVisible(doc) && leader() && session.retryNow());
  listen(win, 'pagehide', () => {
    // The server keeps the session for its grace period: the next page resumes it (only the leader holds it).
    if (leader() && session.info) context.api.refresh({ beacon: true }).catch(noop);
    context.flush();
  });
  return () => page.abort();
}
