import { createClient } from '../../src/core/client';
import type { ClientEvent, ClientEventMap, ClientOptions } from '../../src/core/types';
import { createFakeApi, fakeTransports, type FakeApi } from './fakes';

/** A page for the client: window/document event targets and a navigator whose `onLine` the test flips. */
export function createFakePage() {
  const window = new EventTarget() as EventTarget & { location?: { host: string } };
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const navigator = { onLine: true };
  return {
    window,
    document,
    navigator,
    setVisible(visible: boolean) {
      document.visibilityState = visible ? 'visible' : 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    setOnline(online: boolean) {
      navigator.onLine = online;
      window.dispatchEvent(new Event(online ? 'online' : 'offline'));
    },
    env: () => ({
      window: window as unknown as Window,
      document: document as unknown as Document,
      navigator: navigator as unknown as Navigator,
    }),
  };
}

/** A client on a fake API, fake transports and a fake page (no persistence, no tabs). */
export function createTestClient(over: Partial<ClientOptions> & { api?: FakeApi } = {}) {
  const api = over.api ?? createFakeApi();
  const transports = fakeTransports();
  const page = createFakePage();
  const client = createClient({
    persist: false,
    tabs: false,
    random: () => 0.5,
    ...over,
    api,
    createTransport: transports.factory,
    env: { ...page.env(), ...over.env },
  });
  const seen: { [E in ClientEvent]?: Array<ClientEventMap[E]> } = {};
  const record = <E extends ClientEvent>(event: E): Array<ClientEventMap[E]> => {
    const list: Array<ClientEventMap[E]> = [];
    seen[event] = list as never;
    client.on(event, (v) => list.push(v));
    return list;
  };
  return { client, api, transports, page, store: client.store, record };
}
