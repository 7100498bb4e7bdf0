import type { Connection } from '../protocol/types';
import { parsePacket } from '../protocol/packet';
import { createEmitter } from './emitter';
import { createTimer, resolveEnv } from './env';
import { nextCallbackName, STALE_CALLBACK_MS } from './jsonp-callbacks';
import { TransportError } from './types';
import type { CloseReason, Transport, TransportEventMap, TransportOptions } from './types';
import { appendQuery } from './url';

/** A first poll still out after this long, with no load error, means the subscription is live. */
export const OPEN_AFTER_MS = 1500;

export const DEFAULT_POLL_TIMEOUT_MS = 35_000;

/** The JSONP transport plus the controls the `auto` transport needs for a lossless handover to WebSocket. */
export interface JsonpTransport extends Transport {
  readonly kind: 'jsonp';
  /** Let the outstanding poll finish (its answer is still emitted) but start no new one until `resume`. */
  pause(): void;
  /** Undo `pause`: poll again at once when no poll is outstanding. */
  resume(): void;
  /** Stop polling for good: the outstanding poll's answer is still emitted, then the transport closes (`client`). */
  retire(): void;
}

interface Poll {
  readonly callback: string;
  readonly script: HTMLScriptElement;
}

/**
 * A JSONP long-poll push transport for `connection.jsonpd`: one `<script async>` poll outstanding at a time, the
 * next one started as soon as an answer arrives. `open` follows the first answered poll, or the first poll staying
 * out for `OPEN_AFTER_MS` without failing (a server holds an idle poll for ~25 s; waiting for its answer would show
 * "connecting" all that time, while a refused or dead ticket fails fast). A poll that fails to load
 * closes the transport with `network`, one that outlives `pollTimeoutMs` with `timeout`. Never reconnects.
 */
export function createJsonpTransport(options: TransportOptions = {}): JsonpTransport {
  const env = resolveEnv(options.env);
  const pollTimeoutMs = options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const events = createEmitter<TransportEventMap>();
  let state: 'idle' | 'polling' | 'closed' = 'idle';
  let opened = false;
  let paused = false;
  let retiring = false;
  let connection: Connection | null = null;
  let current: Poll | null = null;

  const pollTimer = createTimer(env, () => {
    if (current) failPoll(current, 'poll_timeout', `No answer within ${pollTimeoutMs} ms`);
  });
  const openTimer = createTimer(env, () => {
    if (state === 'polling' && current && !opened) markOpen();
  });

  function markOpen(): void {
    opened = true;
    openTimer.stop();
    events.emit('open', { kind: 'jsonp' });
  }

  function startPoll(): void {
    const document = env.document;
    if (!connection?.jsonpd || !document) return;
    const callback = nextCallbackName();
    const script = document.createElement('script');
    const poll: Poll = { callback, script };
    script.async = true;
    script.src = appendQuery(connection.jsonpd, {
      domain: connection.domain,
      ticket: connection.ticket,
      callback,
      _: String(env.now()),
    });
    script.onerror = () => failPoll(poll, 'script_error', 'The poll script failed to load');
    // A script that loaded without calling back (an error page, a proxy's reply) is a failed poll too.
    script.onload = () => failPoll(poll, 'script_error', 'The poll script did not call back');
    env.global[callback] = (data: unknown) => answer(poll, data);
    current = poll;
    pollTimer.start(pollTimeoutMs);
    if (!opened) openTimer.start(OPEN_AFTER_MS);
    (document.head ?? document.documentElement).appendChild(script);
  }

  /** Ends a poll: the element goes; the callback goes too, or is defused when an answer may still come. */
  function release(poll: Poll, answered: boolean): void {
    if (current === poll) {
      current = null;
      pollTimer.stop();
    }
    poll.script.onerror = null;
    poll.script.onload = null;
    poll.script.remove();
    if (answered) {
      delete env.global[poll.callback];
      return;
    }
    // The request may still be answered: it must then find a harmless function, not stale transport code.
    const noop = (): void => {};
    env.global[poll.callback] = noop;
    env.setTimeout(() => {
      if (env.global[poll.callback] === noop) delete env.global[poll.callback];
    }, STALE_CALLBACK_MS);
  }

  function answer(poll: Poll, data: unknown): void {
    if (poll !== current) return;
    release(poll, true);
    const { packet, errors } = parsePacket(data);
    if (!opened) {
      // A dead ticket is refused with a `stopped` answer: the subscription never was live.
      if (packet.status === 'stopped') return finish('stopped');
      markOpen();
      if (state !== 'polling') return;
    }
    for (const error of errors) {
      if (state !== 'polling') return;
      events.emit('error', error);
    }
    if (state !== 'polling') return;
    events.emit('packet', packet);
    if (packet.status === 'stopped') finish('stopped');
    else if (retiring) finish('client');
    else if (state === 'polling' && !paused && !current) startPoll();
  }

  function failPoll(poll: Poll, code: 'script_error' | 'poll_timeout', message: string): void {
    if (poll !== current) return;
    release(poll, false);
    events.emit('error', new TransportError('jsonp', code, message));
    finish(code === 'poll_timeout' ? 'timeout' : 'network');
  }

  function finish(reason: CloseReason): void {
    if (state === 'closed') return;
    state = 'closed';
    openTimer.stop();
    if (current) release(current, false);
    events.emit('close', { reason, wasOpen: opened });
  }

  return {
    get kind() {
      return 'jsonp' as const;
    },
    on: events.on,
    connect(next) {
      if (state === 'closed') return;
      if (state !== 'idle') throw new Error('A transport connects only once; create a new one to reconnect');
      state = 'polling';
      connection = next;
      if (!next.jsonpd || !env.document) {
        const why = !next.jsonpd ? 'The connection has no JSONP URL' : 'JSONP needs a document';
        // Report asynchronously: callers subscribe and connect in one go and expect events afterwards.
        void Promise.resolve().then(() => {
          if (state !== 'polling') return;
          events.emit('error', new TransportError('jsonp', 'open_failed', why));
          finish('network');
        });
        return;
      }
      startPoll();
    },
    close() {
      finish('client');
    },
    pause() {
      paused = true;
    },
    resume() {
      paused = false;
      if (state === 'polling' && !retiring && !current) startPoll();
    },
    retire() {
      retiring = true;
      if (state === 'polling' && !current) finish('client');
    },
  };
}
