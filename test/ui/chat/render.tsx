import { act, cleanup, render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach } from 'vitest';
import { ChatWindow } from '../../../src/ui/chat/ChatWindow';
import { ClientContext, OptionsContext } from '../../../src/ui/context';
import { createTranslator, I18nContext, type Locale } from '../../../src/ui/i18n';
import type { ToolbarOptions } from '../../../src/ui/options';
import type { ConversationKey } from '../../../src/protocol/types';
import type { FakeClient } from '../../support/fake-client';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

export interface RenderOptions {
  locale?: Locale;
  options?: ToolbarOptions;
}

function wrap(client: FakeClient, ui: ComponentChildren, { locale = 'en', options = {} }: RenderOptions) {
  return (
    <ClientContext.Provider value={client}>
      <OptionsContext.Provider value={options}>
        <I18nContext.Provider value={{ locale, t: createTranslator(locale) }}>{ui}</I18nContext.Provider>
      </OptionsContext.Provider>
    </ClientContext.Provider>
  );
}

/** Renders UI inside the providers the shell sets up (client, toolbar options, i18n). */
export function renderWithClient(client: FakeClient, ui: ComponentChildren, opts: RenderOptions = {}) {
  const result = render(wrap(client, ui, opts));
  return { ...result, rerender: (next: ComponentChildren) => result.rerender(wrap(client, next, opts)) };
}

/** Renders a chat window; `closed` counts onClose calls; `show(key)` re-renders it on another conversation. */
export function renderWindow(client: FakeClient, convKey: ConversationKey, opts: RenderOptions = {}) {
  const closed = { count: 0 };
  const onClose = () => closed.count++;
  const result = renderWithClient(client, <ChatWindow convKey={convKey} onClose={onClose} />, opts);
  return {
    ...result,
    closed,
    show: (key: ConversationKey) => result.rerender(<ChatWindow convKey={key} onClose={onClose} />),
  };
}

/** Lets the next animation frame run (the message list settles its scroll position there after new rows). */
export const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
