import { randomBytes } from 'node:crypto';
import type { BrokerAccess } from '../engine/broker/access';
import type { BrokerOptions } from '../engine/types';
import { createExternalBrokerLink } from './broker-external';
import type { BrokerChoice } from './server';
import type { UpgradeHandler } from './wsocket';

/** How long start-up waits for an external broker to take the site's login before going on without it. */
const EXTERNAL_READY_MS = 10_000;

export interface BrokerSetup {
  options: BrokerOptions;
  /** Settles once the site's link is logged in and subscribed (or gave up waiting); await it once the site serves. */
  ready: Promise<void>;
  /** WebSocket paths on the message server's port (the embedded broker's `/mqtt`). */
  upgrades: Record<string, UpgradeHandler>;
}

/** Builds the broker link for a choice: aedes in-process, or a TCP link to an external broker. */
export async function setUpBroker(
  choice: BrokerChoice,
  imUrl: string,
  access: () => BrokerAccess,
): Promise<BrokerSetup> {
  if (choice === 'embedded') {
    // aedes is an optional peer dependency: loaded only when broker mode asks for it.
    const { EMBEDDED_BROKER_PATH, startEmbeddedBroker } = await import('./broker-embedded');
    const embedded = await startEmbeddedBroker(access);
    return {
      options: {
        link: embedded.link,
        urls: [`${imUrl.replace(/^http/, 'ws')}${EMBEDDED_BROKER_PATH}`],
        // In-process, the site never logs in; the account exists so that no browser can take its name.
        account: { username: 'webim-site', password: randomBytes(24).toString('hex') },
      },
      upgrades: { [EMBEDDED_BROKER_PATH]: embedded.upgrade },
      ready: embedded.ready,
    };
  }
  if (!choice.websockets.length) throw new Error('an external broker needs at least one --broker-ws URL');
  const account = { username: choice.username, password: choice.password };
  const link = createExternalBrokerLink({ url: choice.url, account });
  // A broker that asks the site's HTTP auth backend can accept the site's own login only once the site serves.
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, EXTERNAL_READY_MS, 'timeout').unref());
  const ready = Promise.race([link.ready, timeout]).then((result) => {
    if (result === 'timeout')
      console.error(`[mock-server] broker: ${choice.url} has not accepted the site's login yet; going on`);
  });
  return {
    options: { link, urls: [...choice.websockets], account, keepalive: choice.keepalive },
    upgrades: {},
    ready,
  };
}
