import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import type { ToolbarOptions } from './options';

/** The SDK client the toolbar drives (the real one, or a fake in component tests). */
export const ClientContext = createContext<WebIMClient | null>(null);

export function useClient(): WebIMClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('webim: UI rendered outside <ClientContext.Provider>');
  return client;
}

export const OptionsContext = createContext<ToolbarOptions>({});

/** The toolbar's options (menu entries, avatars, chatlink, …). */
export function useToolbarOptions(): ToolbarOptions {
  return useContext(OptionsContext);
}
