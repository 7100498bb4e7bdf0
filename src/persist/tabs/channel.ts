import { ENVELOPE_TAG, readEnvelope, type Envelope, type EnvelopeBody } from './envelope';

/** The tab group's BroadcastChannel, speaking only checked envelopes. */
export interface TabChannel {
  /** False where BroadcastChannel is missing: posts go nowhere and nothing arrives. */
  readonly connected: boolean;
  /** Sends to the other tabs (never to this one). Returns false when the message could not be sent. */
  post(body: EnvelopeBody): boolean;
  listen(listener: (envelope: Envelope) => void): () => void;
  close(): void;
}

/**
 * Opens channel `name` as tab `from`. Incoming data that is not one of our envelopes (another script on the same
 * channel name, garbage, a message from a newer/older SDK) is ignored; a throwing listener does not stop the others.
 */
export function openTabChannel(
  Channel: typeof BroadcastChannel | undefined,
  name: string,
  from: string,
  onError: (error: unknown) => void,
): TabChannel {
  const listeners = new Set<(envelope: Envelope) => void>();
  let channel: BroadcastChannel | null = null;
  try {
    channel = Channel ? new Channel(name) : null;
  } catch (error) {
    onError(error);
  }
  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      const envelope = readEnvelope(event.data);
      if (!envelope || envelope.from === from) return;
      for (const listener of [...listeners]) {
        try {
          listener(envelope);
        } catch (error) {
          onError(error);
        }
      }
    };
    channel.onmessageerror = () => {
      // A message that could not be deserialised: nothing to do, it is dropped like any malformed one.
    };
  }
  return {
    get connected() {
      return channel !== null;
    },
    post(body) {
      if (!channel) return false;
      try {
        channel.postMessage({ ...body, tag: ENVELOPE_TAG, from });
        return true;
      } catch (error) {
        // Closed channel, or a payload that is not structured-clone safe (a bug in the sender).
        onError(error);
        return false;
      }
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      if (!channel) return;
      channel.onmessage = null;
      try {
        channel.close();
      } catch {
        // already closed
      }
      channel = null;
    },
  };
}
