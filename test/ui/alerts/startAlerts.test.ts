// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAlerts, type AlertsOptions } from '../../../src/ui/alerts/startAlerts';
import type { ConversationKey, Message } from '../../../src/protocol/types';
import {
  buddy,
  chatKey,
  createFakeClient,
  message,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
  type FakeClient,
} from '../../support/fake-client';
import { FakeAudio, FakeAudioContext, FakeNotification } from './fakes';

let visibility: DocumentVisibilityState = 'visible';
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });

const PAGE_TITLE = 'Forum — Thread about things';
let stop: () => void = () => {};

function setup(options: AlertsOptions = {}): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  setBuddies(client.store, [buddy('alice'), buddy('bob')]);
  setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
  client.store.settings.value = {
    ...client.store.settings.value,
    play_sound: true,
    msg_auto_pop: false,
    desktop_notify: false,
  };
  stop = startAlerts(client, { locale: 'en', ...options });
  return client;
}

function receive(client: FakeClient, key: ConversationKey, m: Message, incoming = true) {
  client.emit('message', { key, message: m, incoming });
}

const fromAlice = (body = 'hi') => message('alice', 'me', body, { nick: 'Alice' });
const gesture = () => window.dispatchEvent(new Event('pointerdown'));
const hide = () => {
  visibility = 'hidden';
  document.dispatchEvent(new Event('visibilitychange'));
};
const show = () => {
  visibility = 'visible';
  document.dispatchEvent(new Event('visibilitychange'));
};

beforeEach(() => {
  vi.useFakeTimers();
  visibility = 'visible';
  document.title = PAGE_TITLE;
  FakeAudioContext.instances = [];
  FakeNotification.instances = [];
  FakeNotification.permission = 'granted';
  FakeAudio.instances = [];
  vi.stubGlobal('AudioContext', FakeAudioContext);
  vi.stubGlobal('Notification', FakeNotification);
  vi.stubGlobal('Audio', FakeAudio);
});

afterEach(() => {
  stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('title flash', () => {
  it('alternates the title while the page is hidden and restores it exactly when the user is back', () => {
    const client = setup();
    hide();
    receive(client, chatKey('alice'), fromAlice());
    expect(document.title).toBe('(1) New message from Alice');
    vi.advanceTimersByTime(1000);
    expect(document.title).toBe(PAGE_TITLE);
    vi.advanceTimersByTime(1000);
    expect(document.title).toBe('(1) New message from Alice');
    receive(client, chatKey('alice'), fromAlice('again'));
    receive(client, chatKey('bob'), message('bob', 'me', 'yo', { nick: 'Bob' }));
    expect(document.title).toBe('(3) New message from Bob');
    show();
    expect(document.title).toBe(PAGE_TITLE);
    vi.advanceTimersByTime(5000);
    expect(document.title).toBe(PAGE_TITLE);

    hide();
    receive(client, chatKey('alice'), fromAlice());
    expect(document.title).toBe('(1) New message from Alice');
  });

  it('does not flash while the page is visible, nor for outgoing messages', () => {
    const client = setup();
    receive(client, chatKey('alice'), fromAlice());
    hide();
    receive(client, chatKey('alice'), message('me', 'alice', 'mine'), false);
    receive(client, chatKey('alice'), message('me', 'alice', 'from my other tab'), true);
    expect(document.title).toBe(PAGE_TITLE);
  });

  it('keeps a title the page set meanwhile, and restores on stop', () => {
    const client = setup();
    hide();
    receive(client, chatKey('alice'), fromAlice());
    document.title = 'Forum — Another thread';
    vi.advanceTimersByTime(1000);
    vi.advanceTimersByTime(1000);
    expect(document.title).toBe('(1) New message from Alice');
    stop();
    expect(document.title).toBe('Forum — Another thread');
  });

  it('speaks the user’s language', () => {
    const client = setup({ locale: 'zh-TW' });
    hide();
    receive(client, chatKey('alice'), fromAlice());
    expect(document.title).toBe('(1) 來自 Alice 的新訊息');
  });
});

describe('sound', () => {
  it('beeps for a message the user is not looking at, after the first gesture, in the leader tab', () => {
    const client = setup();
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.instances).toHaveLength(0);
    gesture();
    expect(FakeAudioContext.instances).toHaveLength(1);
    expect(FakeAudioContext.instances[0]!.resumed).toBe(1);
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(1);
  });

  it('stays quiet when the conversation is open and the page attended', () => {
    const client = setup();
    gesture();
    client.store.activeTab.value = chatKey('alice');
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(0);
    receive(client, chatKey('bob'), message('bob', 'me', 'yo'));
    expect(FakeAudioContext.beeps()).toBe(1);
    client.store.minimized.value = true;
    vi.advanceTimersByTime(5000);
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(2);
  });

  it('plays only in the leader tab and only when play_sound is on', () => {
    const client = setup();
    gesture();
    client.store.leader.value = false;
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(0);
    client.store.leader.value = true;
    client.store.settings.value = { ...client.store.settings.value, play_sound: false };
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(0);
  });

  it('is throttled', () => {
    const client = setup({ soundThrottleMs: 2000 });
    gesture();
    receive(client, chatKey('alice'), fromAlice());
    receive(client, chatKey('alice'), fromAlice());
    vi.advanceTimersByTime(1999);
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(1);
    vi.advanceTimersByTime(1);
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudioContext.beeps()).toBe(2);
  });

  it('plays the site’s sound file when given one, primed by the first gesture', () => {
    const client = setup({ sound: '/sounds/ding.mp3' });
    window.dispatchEvent(new Event('keydown'));
    expect(FakeAudio.instances.map((a) => a.src)).toEqual(['/sounds/ding.mp3']);
    expect(FakeAudio.instances[0]!.plays).toBe(1);
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeAudio.instances[0]!.plays).toBe(2);
    expect(FakeAudioContext.instances).toHaveLength(0);
  });

  it('releases audio on stop', () => {
    setup();
    gesture();
    stop();
    expect(FakeAudioContext.instances[0]!.closed).toBe(true);
  });
});

describe('desktop notification', () => {
  function enable(client: FakeClient) {
    client.store.settings.value = { ...client.store.settings.value, desktop_notify: true };
  }

  it('shows one per conversation while the page is hidden; clicking focuses and opens the conversation', () => {
    const client = setup();
    enable(client);
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {});
    hide();
    receive(client, chatKey('alice'), fromAlice('are you there?'));
    receive(client, roomKey('lobby'), message('bob', 'lobby', 'hello room', { type: 'grpchat', nick: 'Bob' }));
    expect(FakeNotification.instances.map((n) => [n.title, n.options.body, n.options.tag])).toEqual([
      ['Alice', 'are you there?', 'webim:chat:alice'],
      ['Bob · Lobby', 'hello room', 'webim:grpchat:lobby'],
    ]);
    FakeNotification.instances[0]!.onclick!();
    expect(focus).toHaveBeenCalled();
    expect(client.callsOf('openConversation')).toEqual([['chat:alice', { activate: true }]]);
    expect(FakeNotification.instances[0]!.closed).toBe(true);
  });

  it('needs the setting, the permission, the leader role and a hidden page', () => {
    const client = setup();
    hide();
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeNotification.instances).toHaveLength(0);
    enable(client);
    FakeNotification.permission = 'denied';
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeNotification.instances).toHaveLength(0);
    FakeNotification.permission = 'granted';
    client.store.leader.value = false;
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeNotification.instances).toHaveLength(0);
    client.store.leader.value = true;
    show();
    receive(client, chatKey('alice'), fromAlice());
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('shortens long bodies', () => {
    const client = setup();
    enable(client);
    hide();
    receive(client, chatKey('alice'), fromAlice('x'.repeat(500)));
    expect(FakeNotification.instances[0]!.options.body).toHaveLength(161);
  });
});

describe('auto-pop', () => {
  function enable(client: FakeClient) {
    client.store.settings.value = { ...client.store.settings.value, msg_auto_pop: true };
  }

  it('opens and shows the conversation when no window is open', () => {
    const client = setup();
    enable(client);
    receive(client, chatKey('alice'), fromAlice());
    expect(client.callsOf('openConversation')).toEqual([['chat:alice', { activate: true, nick: 'Alice' }]]);
    expect(client.store.activeTab.value).toBe('chat:alice');
  });

  it('only adds the tab when another window is open, so the user keeps typing there', () => {
    const client = setup();
    enable(client);
    client.openConversation(chatKey('bob'));
    client.calls.length = 0;
    receive(client, chatKey('alice'), fromAlice());
    expect(client.callsOf('openConversation')).toEqual([['chat:alice', { activate: false, nick: 'Alice' }]]);
    expect(client.store.activeTab.value).toBe('chat:bob');
    receive(client, chatKey('alice'), fromAlice());
    expect(client.callsOf('openConversation')).toHaveLength(1);
  });

  it('is off when the setting is off, and leaves tab state to the leader', () => {
    const client = setup();
    receive(client, chatKey('alice'), fromAlice());
    enable(client);
    client.store.leader.value = false;
    receive(client, chatKey('alice'), fromAlice());
    expect(client.callsOf('openConversation')).toEqual([]);
  });
});
