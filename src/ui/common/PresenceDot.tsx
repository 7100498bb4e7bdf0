import type { PresenceState, Show } from '../../protocol/types';
import { useI18n } from '../i18n';
import '../strings/common';

/** The visible state of a person: offline, or their show when online. */
export function presenceKind(presence: PresenceState, show: Show): Show | 'offline' {
  if (presence === 'offline' || show === 'invisible' || show === 'unavailable') return 'offline';
  return show;
}

/** A small coloured dot with an accessible label ("Available", "Away", …). */
export function PresenceDot({ presence, show, decorative = false }: { presence: PresenceState; show: Show; decorative?: boolean }) {
  const { t } = useI18n();
  const kind = presenceKind(presence, show);
  const label = t(`presence.${kind}`);
  return decorative ? (
    <span class={`webim-dot webim-dot--${kind}`} aria-hidden="true" />
  ) : (
    <span class={`webim-dot webim-dot--${kind}`} role="img" aria-label={label} title={label} />
  );
}
