import { signal } from '@preact/signals';
import type { Channel } from '../../protocol/types';

/**
 * Channels the page offers (its `data-webim-channel` buttons), so the notifications pane can offer them too. Kept
 * by the page-button scanner; ordered as they appear on the page.
 */
export const pageChannels = signal<readonly Channel[]>([]);
