import { Window } from 'happy-dom';
import { createClient } from '../../src/core/client';
import type { ClientOptions, WebIMClient } from '../../src/core/types';
import type { ConversationKey, Message } from '../../src/protocol/types';
import type { TransportPreference } from '../../src/transport/types';

/** A fetch that acts as `uid` on the mock site (the site identifies users by the `webim_uid` cookie). */
export function fetchAs(uid: string): typeof fetch {
  return (input, init) =>
    fetch(input, {
      ...init,
      headers: {
        ...(init?.headers as Record<string, string> | undefined),
        cookie: `webim_uid=${encodeURIComponent(uid)}`,
      },
    });
}

/** A forum page in happy-dom that runs the JSONP `<script>`s (its window gets the callbacks). */
export function createJsonpPage(siteUrl: string): Window {
  return new Window({
    url: `${siteUrl}/`,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
  });
}

/** A headless client of `uid` against the mock server at `siteUrl`, over one transport. */
export function mockServerClient(
  siteUrl: string,
  uid: string,
  transport: TransportPreference,
  page?: Window,
  over: Partial<ClientOptions> = {},
): WebIMClient {
  const options: ClientOptions = {
    base: `${siteUrl}/webim/`,
    fetch: fetchAs(uid),
    credentials: 'omit',
    transport,
    persist: false,
    tabs: false,
    reconnect: [200],
    ...over,
  };
  if (page) options.env = { document: page.document as unknown as Document };
  return createClient(options);
}

/** Resolves when `predicate` holds for the store (checked on every action), or rejects after `ms`. */
export function until(client: WebIMClient, predicate: () => boolean, ms = 15_000, what = 'condition'): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const stop = client.on('action', () => {
      if (!predicate()) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

export function messagesOf(client: WebIMClient, key: ConversationKey): readonly Message[] {
  return client.store.conversations.value.get(key)?.value.messages ?? [];
}
