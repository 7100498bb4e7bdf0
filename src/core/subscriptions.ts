import { computed } from '@preact/signals';
import type { Subscriptions } from '../transport/types';
import type { Core } from './context';

/**
 * What a broker link must follow (`TransportOptions.watchSubscriptions`): the user and the rooms it is in, minus
 * rooms it blocked (their pushes are unwanted, and the site's ACL no longer counts it as listening). A room joined,
 * left, blocked or unblocked calls the listener again. Channels join the list once the store keeps them.
 */
export const watchSubscriptions =
  (core: Core) =>
  (listener: (subscriptions: Subscriptions) => void): (() => void) =>
    computed((): Subscriptions => ({
      user: core.me(),
      rooms: [...core.store.rooms.value.values()].filter((room) => !room.value.blocked).map((room) => room.value.id),
    })).subscribe(listener);
