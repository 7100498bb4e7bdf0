import type { PresenceState, Show } from '../../protocol/types';
import { useI18n } from '../i18n';
import '../strings/common';

/** The visible state of a person: offline, or their show when online. */
export const presenceKind = (presence: PresenceState, show: Show): Show | 'offline' =>
  presence === 'offline' || show === 'invisible' || show === 'unavailable' ? 'offline' : show;

/** A decorative presence dot (the state is said in words elsewhere). */
export const dot = (kind: string) => <span class={'webim-dot webim-dot--' + kind} aria-hidden="true" />;

/** A small coloured dot; labelled ("Available", "Away", …) unless `decorative`. */
export function PresenceDot({
  presence,
  show,
  decorative,
}: {
  presence: PresenceState;
  show: Show;
  decorative?: boolean;
}) {
  const { t } = useI18n();
  const kind = presenceKind(presence, show);
  const label = t('presence.' + kind);
  return decorative ? (
    dot(kind)
  ) : (
    <span class={'webim-dot webim-dot--' + kind} role="img" aria-label={label} title={label} />
  );
}
