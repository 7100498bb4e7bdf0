import { computed } from '@preact/signals';
import type { Subscriptions } from '../transport/types';
import type { Core } from './context';

/**
 * What a broker link must follow (`TransportOptions.watchSubscriptions`): the user, the rooms it is in, minus
 * rooms it blocked (their pushes are unwanted, and the site's ACL no longer counts it as listening), and the
 * channels it follows that the server has confirmed (a follow still `pending` would be refused by the broker's
 * ACL, which asks the site). A room joined, left, blocked or unblocked, a channel followed or unfollowed calls the
 * listener again.
 */
export const watchSubscriptions =
  (core: Core) =>
  (listener: (subscriptions: Subscriptions) => void): (() => void) =>
    computed((): Subscriptions => ({
      user: core.me(),
      rooms: [...core.store.rooms.value.values()].filter((room) => !room.value.blocked).map((room) => room.value.id),
      channels: [...core.store.channels.value.values()]
        .filter((channel) => !channel.pending)
        .map((channel) => channel.id),
    })).subscribe(listener);
