import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { WebIMClient } from '../core/types';
import type { ToolbarOptions } from './options';

/** The SDK client the toolbar drives (the real one, or a fake in component tests). */
export const ClientContext = createContext<WebIMClient>(null!);

export const useClient = (): WebIMClient => useContext(ClientContext);

export const OptionsContext = createContext<ToolbarOptions>({});

/** The toolbar's options (menu entries, avatars, chatlink, …). */
export const useToolbarOptions = (): ToolbarOptions => useContext(OptionsContext);
