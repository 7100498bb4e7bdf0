import type { WireMessage } from '../../protocol/types';
import type { ImModel } from './im/model';
import type { SiteContext } from './site/context';
import { logKey } from './site/history';

export interface FloodParams {
  /** Sender and receiver of the chat messages (both must exist). */
  from: string;
  to: string;
  /** Messages in all (at most 100,000). */
  count: number;
  /** Messages per pushed packet (at most 10,000). */
  batch: number;
  /** Between packets, ms (0: all at once, one timer each). */
  intervalMs: number;
  /** Only store them in the history (no push): a long conversation to page through. */
  quiet: boolean;
}

export interface FloodReport {
  total: number;
  packets: number;
  /** Timestamp of the first and last message (consecutive milliseconds, ending now). */
  first: number;
  last: number;
}

/**
 * `/mock/flood`: `count` chat messages from `from` to `to`, stored in their history like real ones and (unless
 * `quiet`) pushed to `to` in packets of `batch` every `intervalMs`, for the message benchmarks. Timestamps are
 * consecutive milliseconds ending now, so the history stays ordered and pages by `before` exactly.
 */
export function startFlood(im: ImModel, site: SiteContext, p: FloodParams): FloodReport {
  const count = Math.max(0, Math.min(p.count, 100_000));
  const batch = Math.max(1, Math.min(p.batch, 10_000));
  const sender = site.data.user(p.from);
  const nick = sender?.nick ?? p.from;
  const key = logKey('chat', p.from, p.to);
  const first = site.now() - count;
  const messages: WireMessage[] = [];
  for (let i = 0; i < count; i++) {
    const item = site.data.history.add(key, {
      type: 'chat',
      from: p.from,
      to: p.to,
      nick,
      body: `flood ${i + 1} of ${count}`,
      timestamp: first + i,
    });
    messages.push({ ...item });
  }
  const packets = p.quiet ? 0 : Math.ceil(count / batch);
  const epoch = im.epoch;
  for (let n = 0; n < packets; n++) {
    im.timers.once(
      () => {
        if (im.epoch !== epoch) return;
        im.deliverToUser(p.to, { status: 'ok', messages: messages.slice(n * batch, (n + 1) * batch) });
      },
      n * Math.max(0, p.intervalMs),
    );
  }
  return { total: count, packets, first, last: first + count - 1 };
}
