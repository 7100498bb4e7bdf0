// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectedClient, renderToolbar } from './render';

const flush = () => act(() => Promise.resolve());

function openSettings(options = {}, locale?: string) {
  const client = connectedClient();
  const result = renderToolbar(client, options, locale);
  fireEvent.click(screen.getByRole('button', { name: /^(Settings|设置|設定)$/ }));
  return { client, result };
}

describe('settings pane', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each setting as a labelled control reflecting the store', () => {
    openSettings();
    const pane = screen.getByRole('dialog', { name: 'Settings' });
    expect(
      (within(pane).getByRole('checkbox', { name: 'Play a sound for new messages' }) as HTMLInputElement).checked,
    ).toBe(true);
    expect((within(pane).getByRole('checkbox', { name: 'Keep the buddy list open' }) as HTMLInputElement).checked).toBe(
      false,
    );
    expect((within(pane).getByRole('checkbox', { name: 'Minimised bar' }) as HTMLInputElement).checked).toBe(false);
    expect(
      (within(pane).getByRole('checkbox', { name: 'Open chats with new messages automatically' }) as HTMLInputElement)
        .checked,
    ).toBe(true);
    const language = within(pane).getByRole('combobox', { name: 'Language' }) as HTMLSelectElement;
    expect(language.value).toBe('');
    expect(
      within(language)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Follow the browser', 'English', '简体中文', '繁體中文']);
  });

  it('saves each change at once through saveSettings(patch)', async () => {
    const { client } = openSettings();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Play a sound for new messages' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Keep the buddy list open' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Open chats with new messages automatically' }));
    await flush();
    expect(client.callsOf('saveSettings')).toEqual([
      [{ play_sound: false }],
      [{ buddy_sticky: true }],
      [{ msg_auto_pop: false }],
    ]);
    expect((screen.getByRole('checkbox', { name: 'Keep the buddy list open' }) as HTMLInputElement).checked).toBe(true);
  });

  it('minimised bar applies at once, and focus goes to the restore button', async () => {
    const { client } = openSettings();
    const box = screen.getByRole('checkbox', { name: 'Minimised bar' });
    box.focus();
    fireEvent.click(box);
    await flush();
    expect(client.callsOf('saveSettings')).toEqual([[{ minimize_layout: true }]]);
    expect(client.store.minimized.value).toBe(true);
    await flush();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Restore chat' }));
  });

  it('switches the whole UI to 中文 as soon as the language changes', async () => {
    const { client } = openSettings();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'zh-CN' } });
    await flush();
    expect(client.callsOf('saveSettings')).toEqual([[{ locale: 'zh-CN' }]]);
    expect(screen.getByRole('region', { name: '聊天' })).toBeTruthy();
    expect(screen.getByRole('dialog', { name: '设置' })).toBeTruthy();
    expect(screen.getByRole('button', { name: /^好友/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: '最小化聊天' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '新消息声音提示' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: '语言' }), { target: { value: 'zh-TW' } });
    await flush();
    expect(screen.getByRole('dialog', { name: '設定' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: '語言' }), { target: { value: 'en' } });
    await flush();
    expect(screen.getByRole('region', { name: 'Chat' })).toBeTruthy();
    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: '' } });
    await flush();
    expect(client.callsOf('saveSettings').at(-1)).toEqual([{ locale: undefined }]);
  });

  it('when the page sets the language, the select is disabled and says why', () => {
    const { result } = openSettings({ locale: 'zh-TW' }, 'zh-TW');
    const select = screen.getByRole('combobox', { name: '語言' }) as HTMLSelectElement;
    expect(select.disabled).toBe(true);
    expect(screen.getByText('本站已設定介面語言。')).toBeTruthy();
    // The page can switch at runtime (mountToolbar's setLocale).
    act(() => {
      result.locale.value = 'en';
    });
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy();
  });

  describe('desktop notifications', () => {
    function stubNotification(permission: NotificationPermission, answer: NotificationPermission) {
      const requestPermission = vi.fn(async () => {
        Fake.permission = answer;
        return answer;
      });
      const Fake = Object.assign(function Notification() {}, { permission, requestPermission });
      vi.stubGlobal('Notification', Fake);
      return requestPermission;
    }

    it('asks the browser when turned on and saves once granted', async () => {
      const request = stubNotification('default', 'granted');
      const { client } = openSettings();
      const box = screen.getByRole('checkbox', { name: 'Desktop notifications' }) as HTMLInputElement;
      fireEvent.click(box);
      await flush();
      await flush();
      expect(request).toHaveBeenCalledTimes(1);
      expect(client.callsOf('saveSettings')).toEqual([[{ desktop_notify: true }]]);
      expect((screen.getByRole('checkbox', { name: 'Desktop notifications' }) as HTMLInputElement).checked).toBe(true);
      fireEvent.click(screen.getByRole('checkbox', { name: 'Desktop notifications' }));
      await flush();
      expect(client.callsOf('saveSettings').at(-1)).toEqual([{ desktop_notify: false }]);
    });

    it('shows that the browser blocked them, and does not turn them on', async () => {
      stubNotification('default', 'denied');
      const { client } = openSettings();
      fireEvent.click(screen.getByRole('checkbox', { name: 'Desktop notifications' }));
      await flush();
      await flush();
      expect(client.callsOf('saveSettings')).toEqual([]);
      expect(screen.getByRole('alert').textContent).toMatch(/blocks notifications/);
      const box = screen.getByRole('checkbox', { name: 'Desktop notifications' }) as HTMLInputElement;
      expect(box.checked).toBe(false);
      expect(box.getAttribute('aria-describedby')).toBe(screen.getByRole('alert').id);
    });

    it('is disabled where the browser has no notifications', () => {
      vi.stubGlobal('Notification', undefined);
      openSettings();
      expect((screen.getByRole('checkbox', { name: 'Desktop notifications' }) as HTMLInputElement).disabled).toBe(true);
      expect(screen.getByText('This browser cannot show desktop notifications.')).toBeTruthy();
    });
  });

  it('reports a failed save', async () => {
    const { client } = openSettings();
    client.saveSettings = async () => {
      throw new Error('server said no');
    };
    fireEvent.click(screen.getByRole('checkbox', { name: 'Play a sound for new messages' }));
    await flush();
    await flush();
    expect(screen.getByRole('alert').textContent).toBe('Could not save the setting: server said no');
  });
});
