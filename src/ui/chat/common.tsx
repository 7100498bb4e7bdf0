import type { Buddy, PresenceState, Show } from '../../protocol/types';
import type { Store } from '../../store/types';
import { Icon, type IconName } from '../common/Icon';
import { presenceKind } from '../common/PresenceDot';

/**
 * A buddy or, failing that, a known stranger (chatlink user, room member opened for chat). Reads the signals, so
 * a component or effect calling it follows that person.
 */
export const personOf = (store: Store, id: string): Buddy | undefined =>
  (store.buddies.value.get(id) ?? store.strangers.value.get(id))?.value;

/** How to name someone: the nick that came with the event, else the one we know, else the id. */
export const nickOf = (store: Store, id: string, nick?: string): string => nick || personOf(store, id)?.nick || id;

/** Whether someone shows as online to others (not offline, invisible or unavailable). */
export const isOnline = (p: { presence: PresenceState; show: Show }): boolean =>
  presenceKind(p.presence, p.show) !== 'offline';

/**
 * A ref that focuses its element when it is attached. Module-level, so it stays the same function across renders
 * and Preact calls it only when the element appears (or when the ref moves to another element).
 */
export const focusOnMount = (el: HTMLElement | null): void => el?.focus();

/** A borderless button around an icon, named by `label` (also its tooltip); `props` may override the class. */
export const iconButton = (label: string, icon: IconName, props: Record<string, unknown> = {}) => (
  <button class="webim-button webim-button--icon" aria-label={label} title={label} {...props}>
    <Icon name={icon} />
  </button>
);
