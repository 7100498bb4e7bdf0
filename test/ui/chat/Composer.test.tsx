// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ChatWindow } from '../../../src/ui/chat/ChatWindow';
import { DRAFT_SAVE_DELAY_MS, MAX_MESSAGE_LENGTH } from '../../../src/ui/chat/Composer';
import type { ConnectionState } from '../../../src/store/types';
import {
  buddy,
  chatKey,
  createFakeClient,
  room,
  roomKey,
  setBuddies,
  setRooms,
  setUser,
  type FakeClient,
} from '../../support/fake-client';
import { renderWindow, renderWithClient } from './render';

const KEY = chatKey('alice');

function setup(state: ConnectionState = 'connected'): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Me' });
  setBuddies(client.store, [buddy('alice'), buddy('bob')]);
  setRooms(client.store, [room('lobby', { nick: 'Lobby' })]);
  client.store.connection.value = { state };
  return client;
}

const box = () => screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
const sent = (client: FakeClient) => client.callsOf('sendMessage').map(([o]) => o);

afterEach(() => {
  vi.useRealTimers();
});

describe('sending', () => {
  it('sends on Enter, clears the box and the draft', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), 'hello{Enter}');
    expect(sent(client)).toEqual([{ to: 'alice', body: 'hello', type: 'chat' }]);
    expect(box().value).toBe('');
    expect(client.callsOf('setDraft').at(-1)).toEqual([KEY, '']);
  });

  it('inserts a newline on Shift+Enter', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), 'line 1{Shift>}{Enter}{/Shift}line 2');
    expect(box().value).toBe('line 1\nline 2');
    expect(sent(client)).toEqual([]);
    await user.keyboard('{Enter}');
    expect(sent(client)).toEqual([{ to: 'alice', body: 'line 1\nline 2', type: 'chat' }]);
  });

  it('sends room messages as grpchat', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, roomKey('lobby'));
    await user.type(box(), 'hi all{Enter}');
    expect(sent(client)).toEqual([{ to: 'lobby', body: 'hi all', type: 'grpchat' }]);
  });

  it('sends with the Send button and keeps focus in the box', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), 'tap to send');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(sent(client)).toEqual([{ to: 'alice', body: 'tap to send', type: 'chat' }]);
    expect(document.activeElement).toBe(box());
  });

  it('does not send empty or whitespace-only text', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), '   {Enter}');
    await user.type(box(), '{Shift>}{Enter}{/Shift}  {Enter}');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(sent(client)).toEqual([]);
  });

  it('drops blank lines before and whitespace after the text', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), '{Shift>}{Enter}{/Shift}  indented  {Enter}');
    expect(sent(client)).toEqual([{ to: 'alice', body: '  indented', type: 'chat' }]);
  });
});

describe('IME composition', () => {
  it('does not send on an Enter that has isComposing (Chrome)', () => {
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'nihao' } });
    fireEvent.compositionStart(box());
    fireEvent.keyDown(box(), { key: 'Enter', isComposing: true });
    fireEvent.compositionEnd(box());
    fireEvent.keyUp(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([]);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([{ to: 'alice', body: 'nihao', type: 'chat' }]);
  });

  it('does not send on an Enter with keyCode 229', () => {
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: '你好' } });
    fireEvent.keyDown(box(), { key: 'Enter', keyCode: 229 });
    expect(sent(client)).toEqual([]);
  });

  it('does not send on the Enter right after compositionend (Safari), but does on the next one', () => {
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.compositionStart(box());
    fireEvent.input(box(), { target: { value: '你好' } });
    fireEvent.compositionEnd(box());
    fireEvent.keyDown(box(), { key: 'Enter' });
    fireEvent.keyUp(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([]);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([{ to: 'alice', body: '你好', type: 'chat' }]);
  });

  it('forgets a composition ended without a key (by mouse) after a short grace period', () => {
    vi.useFakeTimers();
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.compositionStart(box());
    fireEvent.input(box(), { target: { value: '你好' } });
    fireEvent.compositionEnd(box());
    act(() => {
      vi.advanceTimersByTime(301);
    });
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([{ to: 'alice', body: '你好', type: 'chat' }]);
  });

  it('does not send while a composition is open even if the event does not say so', () => {
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'ka' } });
    fireEvent.compositionStart(box());
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([]);
  });
});

describe('limits', () => {
  it('counts down near the limit and refuses to send over it', async () => {
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'x'.repeat(MAX_MESSAGE_LENGTH - 10) } });
    expect(screen.getByText('10 characters left')).toBeTruthy();
    fireEvent.input(box(), { target: { value: 'x'.repeat(MAX_MESSAGE_LENGTH + 3) } });
    expect(screen.getByText('3 characters over the limit')).toBeTruthy();
    expect(box().getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(sent(client)).toEqual([]);
  });
});

describe('drafts', () => {
  it('saves the draft after a pause and restores it when switching back to the tab', () => {
    vi.useFakeTimers();
    const client = setup();
    const { show } = renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'half a thought' } });
    expect(client.callsOf('setDraft')).toEqual([]);
    act(() => {
      vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    });
    expect(client.callsOf('setDraft')).toEqual([[KEY, 'half a thought']]);

    fireEvent.input(box(), { target: { value: 'half a thought, more' } });
    show(chatKey('bob'));
    expect(client.callsOf('setDraft').at(-1)).toEqual([KEY, 'half a thought, more']);
    expect(box().value).toBe('');
    show(KEY);
    expect(box().value).toBe('half a thought, more');
  });

  it('saves the draft at once when the page goes (reload, next page) within the pause', () => {
    vi.useFakeTimers();
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'typed just before F5' } });
    expect(client.callsOf('setDraft')).toEqual([]);
    window.dispatchEvent(new Event('pagehide'));
    expect(client.callsOf('setDraft')).toEqual([[KEY, 'typed just before F5']]);
    act(() => {
      vi.advanceTimersByTime(DRAFT_SAVE_DELAY_MS);
    });
    expect(client.callsOf('setDraft')).toHaveLength(1);
  });

  it('starts from a draft already in the store', () => {
    const client = setup();
    client.store.drafts.value = new Map([[KEY, 'from last visit']]);
    renderWindow(client, KEY);
    expect(box().value).toBe('from last visit');
  });
});

describe('typing', () => {
  it('tells the buddy on input (the client throttles)', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.type(box(), 'abc');
    expect(client.callsOf('sendTyping')).toEqual([['alice'], ['alice'], ['alice']]);
  });

  it('does not send typing in rooms', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, roomKey('lobby'));
    await user.type(box(), 'abc');
    expect(client.callsOf('sendTyping')).toEqual([]);
  });

  it('shows who is typing and hides it when the entry expires', () => {
    vi.useFakeTimers();
    const client = setup();
    renderWindow(client, KEY);
    act(() => {
      client.store.typing.value = new Map([[KEY, [{ from: 'alice', nick: 'Alice', until: Date.now() + 5000 }]]]);
    });
    expect(screen.getByText('Alice is typing…')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(4000);
    });
    expect(screen.getByText('Alice is typing…')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(1100);
    });
    expect(screen.queryByText('Alice is typing…')).toBeNull();
  });

  it('names two typists, then several', () => {
    const client = setup();
    renderWindow(client, roomKey('lobby'), { locale: 'zh-CN' });
    const until = Date.now() + 5000;
    act(() => {
      client.store.typing.value = new Map([
        [
          roomKey('lobby'),
          [
            { from: 'alice', until },
            { from: 'bob', until },
          ],
        ],
      ]);
    });
    expect(screen.getByText('Alice 和 Bob 正在输入…')).toBeTruthy();
    act(() => {
      client.store.typing.value = new Map([
        [
          roomKey('lobby'),
          [
            { from: 'alice', until },
            { from: 'bob', until },
            { from: 'carol', until },
          ],
        ],
      ]);
    });
    expect(screen.getByText('多人正在输入…')).toBeTruthy();
  });
});

describe('notices', () => {
  it('says an offline buddy will get the message later, and still sends', async () => {
    const user = userEvent.setup();
    const client = setup();
    setBuddies(client.store, [buddy('alice', { presence: 'offline', show: 'unavailable' })]);
    renderWindow(client, KEY);
    const notice = screen.getByText('Alice is offline; your message will be delivered when they are back.');
    expect(box().getAttribute('aria-describedby')).toContain(notice.id);
    await user.type(box(), 'see you{Enter}');
    expect(sent(client)).toHaveLength(1);
  });

  it('explains a blocked room and does not send, but shows the messages', () => {
    const client = setup();
    setRooms(client.store, [room('lobby', { nick: 'Lobby', blocked: true })]);
    renderWindow(client, roomKey('lobby'));
    expect(screen.getByText('You have blocked this room. Unblock it to send messages.')).toBeTruthy();
    expect(box().disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('log')).toBeTruthy();
  });

  it('explains being offline, and queues while reconnecting', async () => {
    const client = setup('offline');
    const { unmount } = renderWindow(client, KEY);
    expect(screen.getByText('You are not connected. Messages can be sent once you are back online.')).toBeTruthy();
    expect(box().disabled).toBe(true);
    unmount();

    const user = userEvent.setup();
    const again = setup('reconnecting');
    renderWindow(again, KEY);
    expect(screen.getByText('Connecting… Messages will be sent when the connection is back.')).toBeTruthy();
    await user.type(box(), 'queued{Enter}');
    expect(sent(again)).toHaveLength(1);
  });
});

describe('emoji picker', () => {
  it('works by keyboard and inserts at the caret', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    fireEvent.input(box(), { target: { value: 'ab' } });
    box().setSelectionRange(1, 1);
    const button = screen.getByRole('button', { name: 'Emoji' });
    button.focus();
    await user.keyboard('{Enter}');
    const grid = screen.getByRole('grid', { name: 'Emoji' });
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(grid).getByRole('gridcell', { name: '😀' }));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(within(grid).getByRole('gridcell', { name: '😄' }));
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('😍');
    await user.keyboard('{ArrowUp}{ArrowLeft}{ArrowLeft}');
    expect(document.activeElement?.textContent).toBe('😀');
    await user.keyboard('{End}');
    expect(document.activeElement?.textContent).toBe('🍺');
    await user.keyboard('{Home}{ArrowRight}{Enter}');
    expect(screen.queryByRole('grid')).toBeNull();
    expect(box().value).toBe('a😄b');
    expect(document.activeElement).toBe(box());
    expect(box().selectionStart).toBe(1 + '😄'.length);
  });

  it('closes on Escape and returns focus to the button', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    const button = screen.getByRole('button', { name: 'Emoji' });
    await user.click(button);
    expect(screen.getByRole('grid', { name: 'Emoji' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('grid')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('inserts by click', async () => {
    const user = userEvent.setup();
    const client = setup();
    renderWindow(client, KEY);
    await user.click(screen.getByRole('button', { name: 'Emoji' }));
    await user.click(screen.getByRole('gridcell', { name: '👍' }));
    expect(box().value).toBe('👍');
  });
});

describe('phones', () => {
  it('scrolls the box into view once the on-screen keyboard has opened', () => {
    vi.useFakeTimers();
    const client = setup();
    renderWindow(client, KEY);
    const scrolled = vi.fn();
    box().scrollIntoView = scrolled;
    box().blur();
    box().focus();
    expect(scrolled).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(300);
    });
    expect(scrolled).toHaveBeenCalledWith({ block: 'nearest', inline: 'nearest' });
  });
});

describe('focus on open', () => {
  it('focuses the box when opened from the bar, not when the user is typing elsewhere', () => {
    const client = setup();
    const { unmount } = renderWindow(client, KEY);
    expect(document.activeElement).toBe(box());
    unmount();

    const pageField = document.createElement('input');
    document.body.append(pageField);
    pageField.focus();
    renderWithClient(client, <ChatWindow convKey={KEY} onClose={() => {}} />);
    expect(document.activeElement).toBe(pageField);
    pageField.remove();
  });
});
