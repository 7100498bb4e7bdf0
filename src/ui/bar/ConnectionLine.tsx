import { useClient } from '../context';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n';
import '../strings/shell';

/**
 * A slim status line while not connected: connecting, reconnecting (with a live countdown and "Retry now"),
 * offline (no network), stopped (with the reason and "Sign in again"). Nothing visible when connected or idle.
 * It never covers a conversation: on wide screens it sits in the bar's flow, on phones on the bar's top edge.
 */
export function ConnectionLine() {
  const client = useClient();
  const { t } = useI18n();
  const status = client.store.connection.value;
  const counting = status.state === 'reconnecting' && !!status.nextRetryAt;
  const now = useNow(1000, counting);
  const visible = status.state !== 'connected' && status.state !== 'idle';

  const retry = () => void client.online().catch(() => undefined);
  let message = '';
  let action: { label: string; run: () => void } | null = null;
  let countdown: string | null = null;
  if (status.state === 'connecting') {
    message = t('conn.connecting');
  } else if (status.state === 'reconnecting') {
    message = t('conn.reconnecting');
    if (status.nextRetryAt) {
      const seconds = Math.max(0, Math.ceil((status.nextRetryAt - now) / 1000));
      countdown = t('conn.retryIn', { seconds });
    }
    action = { label: t('conn.retryNow'), run: retry };
  } else if (status.state === 'offline') {
    message = t('conn.offline');
  } else if (status.state === 'stopped') {
    message = status.reason ? t('conn.stoppedReason', { reason: status.reason }) : t('conn.stopped');
    action = { label: t('conn.signIn'), run: retry };
  }

  // The same live region element stays in place (empty while connected), so every change is announced.
  return (
    <div class={visible ? `webim-conn webim-conn--${status.state}` : 'webim-conn-idle'}>
      {visible && <span class="webim-conn__dot" aria-hidden="true" />}
      {/* Only the state is announced; the countdown ticks every second and would flood a screen reader. */}
      <span role="status" class={visible ? 'webim-conn__text' : 'webim-sr'}>
        {message}
      </span>
      {countdown && (
        <span class="webim-conn__countdown" aria-live="off">
          {countdown}
        </span>
      )}
      {action && (
        <button type="button" class="webim-btn webim-btn--link webim-conn__action" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}
