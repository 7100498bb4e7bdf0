// @vitest-environment happy-dom
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { init, type WebIMInstance } from '../../../src/init';
import { createEngine, type Engine } from '../../../src/mock-server/index';
import { createMswHandlers } from '../../../src/mock-server/msw';
import { MAX_LINKED_USERS } from '../../../src/ui/chatlink/createChatlink';
import { fakeTransports } from '../../core/fakes';

/** The login of a reader of a forum page full of user links, against the mock site (its 64 KiB body limit). */
const SITE = 'http://site.mock';
const BODY_LIMIT = 64 * 1024;

let engine: Engine;
let server: ReturnType<typeof setupServer>;
let webim: WebIMInstance | undefined;

beforeAll(() => {
  engine = createEngine({ siteUrl: SITE, imUrl: 'http://im.mock', onError: () => undefined });
  server = setupServer(...createMswHandlers(engine, { siteOrigin: SITE, defaultUser: 'alice', websocket: false }));
  server.listen({ onUnhandledRequest: 'bypass' });
});
afterEach(() => {
  webim?.destroy();
  webim = undefined;
  document.body.replaceChildren();
  engine.reset();
});
afterAll(() => {
  server.close();
  engine.close();
});

/** A thread whose posts link a thousand distinct users (ids as long as the chatlink accepts). */
function threadLinking(count: number): string[] {
  const ids = Array.from({ length: count }, (_, i) => `member-${String(i).padStart(4, '0')}-`.padEnd(64, 'x'));
  for (const id of ids) {
    const a = document.createElement('a');
    a.href = `/space.php?uid=${id}`;
    a.textContent = `user ${id.slice(7, 11)}`;
    document.body.append(a);
  }
  return ids;
}

describe('the login of a page with many user links', () => {
  it('a page linking 1,000 distinct users still logs in: the request stays under the limit, with the first ids only', async () => {
    const ids = threadLinking(1000);
    const logins: string[] = [];
    const fetchRecording: typeof fetch = async (input, options) => {
      if (String(input).includes('online')) logins.push(String(options?.body));
      return fetch(input, options);
    };
    webim = init({
      base: `${SITE}/webim/`,
      fetch: fetchRecording,
      csrfToken: engine.site.csrfToken('alice'),
      persist: false,
      tabs: false,
      autoOnline: false,
      createTransport: fakeTransports().factory,
      chatlink: { patterns: ['space\\.php\\?uid=([^&]+)'] },
    });
    await webim.client.online();

    expect(webim.client.store.user.value).toMatchObject({ id: 'alice' });
    expect(logins).toHaveLength(1);
    const body = logins[0]!;
    expect(new TextEncoder().encode(body).length).toBeLessThan(BODY_LIMIT);
    const form = new URLSearchParams(body);
    for (const name of ['stranger_ids', 'chatlink_ids']) {
      expect(form.get(name)!.split(',')).toEqual(ids.slice(0, MAX_LINKED_USERS));
    }
  });
});
