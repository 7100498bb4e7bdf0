import { describe, expect, it } from 'vitest';
import { handover, type Handover, type TabRole } from '../../src/core/tab-link';
import type { ConnectionState } from '../../src/store/types';

describe('handover: who holds the push link after the election spoke', () => {
  it.each<[boolean, TabRole, ConnectionState, Handover]>([
    // acted as leader  role now    connection      → step
    [true, 'leader', 'connected', 'none'], // still leading: keep the link
    [false, 'follower', 'connected', 'none'], // still following: keep mirroring
    [true, 'alone', 'connected', 'none'], // alone holds the link like a leader
    [true, 'follower', 'connected', 'release'], // lost the lead: stop the link, keep the shared session
    [true, 'follower', 'reconnecting', 'release'],
    [true, 'follower', 'idle', 'release'],
    [false, 'leader', 'connected', 'take-over'], // the leader closed: re-subscribe with the shared ticket
    [false, 'leader', 'connecting', 'take-over'],
    [false, 'leader', 'reconnecting', 'take-over'],
    [false, 'leader', 'offline', 'take-over'], // the browser has no network: the session waits for it here now
    [false, 'leader', 'unreachable', 'take-over'],
    [false, 'leader', 'idle', 'lead'], // signed out: nothing to hold until online()
    [false, 'leader', 'stopped', 'lead'], // refused: likewise
    [false, 'alone', 'connected', 'take-over'],
  ])('acted as leader %s, now %s, connection %s → %s', (leading, role, connection, expected) => {
    expect(handover(leading, role, connection)).toBe(expected);
  });
});
