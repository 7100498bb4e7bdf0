// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeClient, type FakeClient } from '../support/fake-client';

// The real `init` mounts the whole product; the command-queue logic is what is under test here.
const started: Array<{ options: Record<string, unknown>; client: FakeClient; destroyed: boolean }> = [];
vi.mock('../../src/init', () => ({
  init: (options: Record<string, unknown>) => {
    const client = createFakeClient();
    const entry = { options, client, destroyed: false };
    started.push(entry);
    const host = document.createElement('webim-bar');
    document.body.append(host);
    return {
      client,
      toolbar: { host },
      chatlink: null,
      rescan: () => undefined,
      destroy: () => {
        entry.destroyed = true;
        host.remove();
      },
    };
  },
}));

const { installGlobal } = await import('../../src/script-tag/global');
type Win = Window & { WebIM?: unknown; webimConfig?: unknown };

describe('window.WebIM', () => {
  beforeEach(() => {
    started.length = 0;
    delete (window as Win).WebIM;
    delete (window as Win).webimConfig;
  });
  afterEach(() => {
    ((window as Win).WebIM as { destroy?: () => void } | undefined)?.destroy?.();
    document.body.replaceChildren();
  });

  it('auto-starts with webimConfig and replays the queue built before the script loaded', () => {
    const seen: unknown[] = [];
    const win = window as Win;
    win.webimConfig = { base: '/forum/webim/' };
    win.WebIM = [
      ['on', 'message', (m: unknown) => seen.push(m)],
      ['open', 'chat:bob', { nick: 'Bob' }],
      (api: { version: string }) => seen.push(api.version),
    ];
    installGlobal(win, '1.2.3');
    expect(started).toHaveLength(1);
    expect(started[0]!.options).toEqual({ forgetOtherUsers: true, base: '/forum/webim/' });
    const client = started[0]!.client;
    expect(client.callsOf('openConversation')).toEqual([['chat:bob', { nick: 'Bob' }]]);
    client.emit('message', { key: 'chat:bob', message: {} as never, incoming: true });
    expect(seen).toEqual(['1.2.3', { key: 'chat:bob', message: {}, incoming: true }]);
  });

  it('an init command in the queue supplies the options; loading twice never mounts two bars', () => {
    const win = window as Win;
    win.WebIM = [['init', { uid: 'alice' }]];
    const api = installGlobal(win, '1');
    expect(installGlobal(win, '1')).toBe(api);
    expect(api.init({ uid: 'mallory' })).toBe(api.instance);
    expect(started).toHaveLength(1);
    expect(started[0]!.options).toEqual({ forgetOtherUsers: true, uid: 'alice' });
    expect(document.querySelectorAll('webim-bar')).toHaveLength(1);
  });

  it('with autostart off, client commands wait for WebIM.init', () => {
    const win = window as Win;
    win.webimConfig = { autostart: false };
    win.WebIM = [['send', { to: 'bob', body: 'hi' }]];
    const api = installGlobal(win, '1');
    expect(started).toHaveLength(0);
    api.push(['presence', 'away', 'lunch']);
    const instance = api.init({ uid: 'carol' });
    expect(started[0]!.options).toEqual({ forgetOtherUsers: true, uid: 'carol' });
    expect(instance.client).toBe(started[0]!.client);
    expect(started[0]!.client.callsOf('sendMessage')).toEqual([[{ to: 'bob', body: 'hi' }]]);
    expect(started[0]!.client.callsOf('setPresence')).toEqual([['away', 'lunch']]);
  });

  it('a bad command is reported, not thrown, and destroy takes the bar down', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const api = installGlobal(window as Win, '1');
    expect(() =>
      api.push(() => {
        throw new Error('page bug');
      }, ['no-such-command']),
    ).not.toThrow();
    expect(error).toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
    api.push(['destroy']);
    expect(started[0]!.destroyed).toBe(true);
    expect(api.instance).toBeNull();
    error.mockRestore();
    warn.mockRestore();
  });

  it('a forum post that clobbers window.WebIM with elements neither stops the bar nor breaks WebIM.push', () => {
    const win = window as Win;
    const post = document.createElement('div');
    post.innerHTML = '<a id="WebIM"></a><a id="WebIM" name="mountToolbar"></a>';
    document.body.append(post);
    // What a browser's named access on window gives for two elements with that id: an HTMLCollection of them, whose
    // `mountToolbar` is the second anchor. happy-dom has no named access, so it is set up the same way by hand.
    const clobbered = post.children;
    expect((clobbered as unknown as Record<string, unknown>).mountToolbar).toBeTruthy();
    win.WebIM = clobbered;

    const api = installGlobal(win, '1');
    expect(win.WebIM).toBe(api);
    expect(started).toHaveLength(1);
    expect(document.querySelectorAll('webim-bar')).toHaveLength(1);
    expect(api.init()).toBe(api.instance);
    api.push(['open', 'chat:bob']);
    expect(started[0]!.client.callsOf('openConversation')).toEqual([['chat:bob', undefined]]);
    // A second copy of the script still finds the first by its brand, not by the shape a page could fake.
    expect(installGlobal(win, '1')).toBe(api);
    expect(started).toHaveLength(1);
  });

  it('an object that only looks like the global (a mountToolbar field) is not mistaken for a running bar', () => {
    const win = window as Win;
    win.WebIM = { mountToolbar: () => undefined, push: () => 0 };
    const api = installGlobal(win, '1');
    expect(win.WebIM).toBe(api);
    expect(started).toHaveLength(1);
  });
});
