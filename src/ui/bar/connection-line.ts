import type { ConnectionStatus } from '../../store/types';
import type { Translate } from '../i18n';

/** What the connection line shows; the component only binds it. */
export interface ConnectionLineView {
  /** Visible (not connected and not idle); when false the live region stays in place, empty. */
  shown: boolean;
  /** The state, for the line's modifier class (its dot colour). */
  state: ConnectionStatus['state'];
  /** The status sentence ('' when hidden). */
  text: string;
  /** "Retrying in 4 s" while a retry is scheduled, else ''. */
  countdown: string;
  /** The button: try now (retrying), sign in again (stopped), or none. */
  action: { label: string } | null;
  /** A countdown is on screen: the caller should pass a fresh clock every second. */
  ticking: boolean;
}

/** Stop reasons with a sentence of their own (others are the server's words inside `conn.stoppedReason`). */
const STOP_REASONS = new Set(['unauthorized', 'forbidden']);

/** The connection line for `status` at time `now` (ms, the clock `nextRetryAt` uses). */
export function connectionLineView(status: ConnectionStatus, now: number, t: Translate): ConnectionLineView {
  const { state, reason, nextRetryAt } = status;
  const shown = state !== 'connected' && state !== 'idle';
  const retrying = state === 'reconnecting' || state === 'unreachable';
  const ticking = retrying && !!nextRetryAt;
  let text = '';
  if (shown)
    text =
      state === 'stopped' && reason
        ? STOP_REASONS.has(reason)
          ? t('conn.stopped.' + reason)
          : t('conn.stoppedReason', { reason })
        : // The countdown beside it says when the next try is: "Retrying…" twice would say it twice.
          t(state === 'unreachable' && ticking ? 'conn.unreachableWaiting' : 'conn.' + state);
  return {
    shown,
    state,
    text,
    countdown: ticking ? t('conn.retryIn', { seconds: Math.max(0, Math.ceil((nextRetryAt! - now) / 1000)) }) : '',
    action: retrying ? { label: t('conn.retryNow') } : state === 'stopped' ? { label: t('conn.signIn') } : null,
    ticking,
  };
}
