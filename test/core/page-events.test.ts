import { describe, expect, it, vi } from 'vitest';
import type { WebIMApi } from '../../src/api/types';
import { startPageEvents } from '../../src/core/page-events';

function setup(leader: boolean, info: object | null = { me: 'alice' }) {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document;
  const refresh = vi.fn(() => Promise.resolve());
  const session = { info: info as never, lost: vi.fn(), retryNow: vi.fn() };
  const flush = vi.fn();
  const stop = startPageEvents({
    win,
    doc,
    api: { refresh } as unknown as WebIMApi,
    session,
    leader: () => leader,
    flush,
  });
  const fire = (target: EventTarget, type: string) => target.dispatchEvent(new Event(type));
  return { win, doc, refresh, session, flush, stop, fire };
}

describe('startPageEvents', () => {
  it('retries the leader link when the network is back or the page is shown, pauses it when the network goes', () => {
    const { win, doc, session, fire } = setup(true);
    fire(win, 'online');
    fire(doc, 'visibilitychange');
    expect(session.retryNow).toHaveBeenCalledTimes(2);
    (doc as { visibilityState: string }).visibilityState = 'hidden';
    fire(doc, 'visibilitychange');
    expect(session.retryNow).toHaveBeenCalledTimes(2);
    fire(win, 'offline');
    expect(session.lost).toHaveBeenCalledTimes(1);
  });

  it('leaves the link to the leader: a follower only saves on pagehide', () => {
    const { win, doc, session, refresh, flush, fire } = setup(false);
    fire(win, 'online');
    fire(win, 'offline');
    fire(doc, 'visibilitychange');
    fire(win, 'pagehide');
    expect(session.retryNow).not.toHaveBeenCalled();
    expect(session.lost).not.toHaveBeenCalled();
    expect(refresh).not.toHaveBeenCalled();
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('on pagehide the leader keeps its session for the next page (a beacon) and saves now', () => {
    const { win, refresh, flush, fire } = setup(true);
    fire(win, 'pagehide');
    expect(refresh).toHaveBeenCalledWith({ beacon: true });
    expect(flush).toHaveBeenCalledTimes(1);
    const signedOut = setup(true, null);
    signedOut.fire(signedOut.win, 'pagehide');
    expect(signedOut.refresh).not.toHaveBeenCalled();
  });

  it('hears nothing once undone', () => {
    const { win, doc, session, flush, stop, fire } = setup(true);
    stop();
    fire(win, 'online');
    fire(doc, 'visibilitychange');
    fire(win, 'pagehide');
    expect(session.retryNow).not.toHaveBeenCalled();
    expect(flush).not.toHaveBeenCalled();
  });
});
