// @vitest-environment happy-dom
import { act, fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptStyles } from '../../../src/ui/adopt-styles';
import { mountToolbar, type MountedToolbar } from '../../../src/ui/mount';
import { buddy, chatKey, setBuddies } from '../../support/fake-client';
import { connectedClient } from './render';

const mounted: MountedToolbar[] = [];
function mount(...args: Parameters<typeof mountToolbar>) {
  const m = mountToolbar(...args);
  mounted.push(m);
  return m;
}
afterEach(() => {
  for (const m of mounted.splice(0)) m.destroy();
  vi.unstubAllGlobals();
});

const inShadow = (m: MountedToolbar) => within(m.shadowRoot as unknown as HTMLElement);

describe('mountToolbar', () => {
  it('renders into an open shadow root on a new <webim-bar> at the end of the body', () => {
    const client = connectedClient();
    const m = mount(client);
    expect(m.host.tagName).toBe('WEBIM-BAR');
    expect(document.body.lastElementChild).toBe(m.host);
    expect(m.host.shadowRoot).toBe(m.shadowRoot);
    expect(m.shadowRoot.mode).toBe('open');
    const bar = inShadow(m).getByRole('region', { name: 'Chat' });
    expect(within(bar).getByRole('button', { name: /^Buddies/ })).toBeTruthy();
    // Nothing of ours is in the light DOM or the document's head.
    expect(m.host.childNodes).toHaveLength(0);
    expect(document.head.querySelector('style')).toBeNull();
    expect(document.querySelector('.webim-bar')).toBeNull();
  });

  it('adopts its stylesheet into the shadow root only', () => {
    const client = connectedClient();
    const m = mount(client);
    const sheets = m.shadowRoot.adoptedStyleSheets ?? [];
    const styleEls = m.shadowRoot.querySelectorAll('style');
    expect(sheets.length + styleEls.length).toBe(1);
    expect(document.adoptedStyleSheets?.length ?? 0).toBe(0);
  });

  it('falls back to a <style> element (text, not HTML) where constructable stylesheets are missing', () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    const original = window.CSSStyleSheet;
    vi.stubGlobal('CSSStyleSheet', undefined);
    const remove = adoptStyles(root, ':host { --webim-window-left: 1 } .a::after { content: "</style><img src=x>" }');
    vi.stubGlobal('CSSStyleSheet', original);
    const style = root.querySelector('style')!;
    expect(style.textContent).toContain('</style><img src=x>');
    expect(root.querySelector('img')).toBeNull();
    remove();
    expect(root.querySelector('style')).toBeNull();
  });

  it('puts z-index, theme, font scale and transparency on the host', () => {
    const client = connectedClient();
    const m = mount(client, {
      zIndex: 5000,
      theme: { '--webim-accent': '#c00', color: 'red', '--bad name': 'x' },
      fontScale: 1.25,
      transparent: true,
    });
    expect(m.host.style.getPropertyValue('--webim-z')).toBe('5000');
    expect(m.host.style.getPropertyValue('--webim-accent')).toBe('#c00');
    // Only custom properties: a theme can't restyle the host itself.
    expect(m.host.style.getPropertyValue('color')).toBe('');
    expect(m.host.style.getPropertyValue('--webim-font-scale')).toBe('1.25');
    expect(m.host.hasAttribute('data-transparent')).toBe(true);
  });

  it('clamps the font scale, and leaves the z-index to the stylesheet unless given', () => {
    const m = mount(connectedClient(), { fontScale: 40 });
    expect(m.host.style.getPropertyValue('--webim-z')).toBe('');
    expect(m.host.style.getPropertyValue('--webim-font-scale')).toBe('3');
    expect(mount(connectedClient(), { fontScale: 0.1 }).host.style.getPropertyValue('--webim-font-scale')).toBe('0.5');
    expect(mount(connectedClient(), { fontScale: -2 }).host.style.getPropertyValue('--webim-font-scale')).toBe('1');
    expect(mount(connectedClient(), { zIndex: 12.4 }).host.style.getPropertyValue('--webim-z')).toBe('12');
    expect(mount(connectedClient(), { zIndex: NaN }).host.style.getPropertyValue('--webim-z')).toBe('');
  });

  it('measures --webim-visual-viewport-height in the zoomed px of the root', () => {
    vi.stubGlobal('visualViewport', Object.assign(new EventTarget(), { height: 700, width: 390 }));
    expect(
      mount(connectedClient(), { fontScale: 2 }).host.style.getPropertyValue('--webim-visual-viewport-height'),
    ).toBe('350px');
  });

  it('keeps --webim-visual-viewport-height equal to the visual viewport height', () => {
    const vv = Object.assign(new EventTarget(), { height: 700, width: 390 });
    vi.stubGlobal('visualViewport', vv);
    const m = mount(connectedClient());
    expect(m.host.style.getPropertyValue('--webim-visual-viewport-height')).toBe('700px');
    vv.height = 420;
    vv.dispatchEvent(new Event('resize'));
    expect(m.host.style.getPropertyValue('--webim-visual-viewport-height')).toBe('420px');
    vv.height = 400;
    vv.dispatchEvent(new Event('scroll'));
    expect(m.host.style.getPropertyValue('--webim-visual-viewport-height')).toBe('400px');
    m.destroy();
    vv.height = 100;
    vv.dispatchEvent(new Event('resize'));
    expect(m.host.style.getPropertyValue('--webim-visual-viewport-height')).toBe('');
  });

  it('destroy() unmounts, removes the host it created, and stops listening', () => {
    const client = connectedClient();
    const m = mount(client);
    m.destroy();
    expect(m.host.isConnected).toBe(false);
    expect(m.shadowRoot.childNodes.length).toBe(0);
    fireEvent.keyDown(document, { key: 'm', code: 'KeyM', altKey: true, shiftKey: true });
    m.destroy(); // idempotent
  });

  it('renders into a host the page provides and leaves that host in place on destroy', () => {
    const host = document.createElement('div');
    host.id = 'chat-here';
    document.body.append(host);
    const m = mount(connectedClient(), { host, zIndex: 10 });
    expect(m.host).toBe(host);
    expect(inShadow(m).getByRole('region', { name: 'Chat' })).toBeTruthy();
    m.destroy();
    expect(host.isConnected).toBe(true);
    expect(host.style.getPropertyValue('--webim-z')).toBe('');
    // Mounting again reuses the shadow root.
    const again = mount(connectedClient(), { host });
    expect(again.shadowRoot).toBe(m.shadowRoot);
    expect(inShadow(again).getAllByRole('region', { name: 'Chat' })).toHaveLength(1);
    host.remove();
  });

  it('puts the host it creates in the top layer (a manual popover), so page transforms cannot capture it', () => {
    const calls: string[] = [];
    const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
    proto.showPopover = function (this: HTMLElement) {
      calls.push(`show ${this.localName} ${this.getAttribute('popover')} ${this.isConnected}`);
    };
    try {
      const m = mountToolbar(connectedClient());
      expect(m.host.getAttribute('popover')).toBe('manual');
      expect(calls).toEqual(['show webim-bar manual true']);
      // Leaving the document takes it out of the top layer.
      m.destroy();
      expect(m.host.isConnected).toBe(false);

      // A host the page provides stays where and how the page put it.
      const own = document.createElement('div');
      document.body.append(own);
      mount(connectedClient(), { host: own });
      expect(own.hasAttribute('popover')).toBe(false);

      // An explicit zIndex asks for a classic fixed layer at that z-index instead.
      const fixed = mount(connectedClient(), { zIndex: 900 });
      expect(fixed.host.hasAttribute('popover')).toBe(false);
      expect(fixed.host.style.getPropertyValue('--webim-z')).toBe('900');
      expect(calls).toHaveLength(1);
    } finally {
      delete proto.showPopover;
    }
  });

  it('without a top layer (older browsers) the host simply stays fixed in the page', () => {
    expect('showPopover' in HTMLElement.prototype).toBe(false);
    const m = mount(connectedClient());
    expect(m.host.hasAttribute('popover')).toBe(false);
    expect(m.host.isConnected).toBe(true);
  });

  it('setLocale switches the language at once (zh-CN 聊天)', () => {
    const m = mount(connectedClient());
    act(() => m.setLocale('zh-CN'));
    expect(inShadow(m).getByRole('region', { name: '聊天' })).toBeTruthy();
    expect(inShadow(m).getByRole('button', { name: '最小化聊天' })).toBeTruthy();
    act(() => m.setLocale('zh-TW'));
    expect(inShadow(m).getByRole('button', { name: '設定' })).toBeTruthy();
    act(() => m.setLocale(null));
    expect(inShadow(m).getByRole('region', { name: 'Chat' })).toBeTruthy();
  });

  it('takes options.locale first', () => {
    const m = mount(connectedClient(), { locale: 'zh-CN' });
    expect(inShadow(m).getByRole('region', { name: '聊天' })).toBeTruthy();
  });

  it('works end to end inside the shadow root: open a buddy, Esc closes, focus returns inside the shadow root', async () => {
    const client = connectedClient();
    setBuddies(client.store, [buddy('ann', { nick: 'Ann' })]);
    const m = mount(client);
    const ui = inShadow(m);
    const buddies = ui.getByRole('button', { name: /^Buddies/ });
    buddies.focus();
    fireEvent.click(buddies);
    const pane = ui.getByRole('dialog', { name: 'Buddies' });
    expect(m.shadowRoot.activeElement).toBe(within(pane).getByRole('searchbox'));
    fireEvent.keyDown(m.shadowRoot.activeElement!, { key: 'Escape' });
    expect(ui.queryByRole('dialog', { name: 'Buddies' })).toBeNull();
    await act(() => Promise.resolve());
    expect(m.shadowRoot.activeElement).toBe(ui.getByRole('button', { name: /^Buddies/ }));
    fireEvent.click(ui.getByRole('button', { name: /^Buddies/ }));
    fireEvent.click(ui.getByRole('treeitem', { name: /^Ann/ }));
    expect(client.store.tabs.value).toEqual([chatKey('ann')]);
    expect(ui.getByRole('dialog', { name: 'Ann' })).toBeTruthy();
    // The global shortcut reaches into the shadow root.
    fireEvent.keyDown(document, { key: 'M', code: 'KeyM', altKey: true, shiftKey: true });
    expect(m.shadowRoot.activeElement).toBe(ui.getByRole('tab', { name: /^Ann/ }));
  });
});
