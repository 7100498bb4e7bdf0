import { signal } from '@preact/signals';
import { cleanup, render, type RenderResult } from '@testing-library/preact';
import { afterEach } from 'vitest';
import { Toolbar } from '../../../src/ui/Toolbar';
import type { ToolbarOptions } from '../../../src/ui/options';
import { createFakeClient, setUser, type FakeClient } from '../../support/fake-client';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

/** A fake client, signed in and connected, as the bar sees it after `online`. */
export function connectedClient(): FakeClient {
  const client = createFakeClient();
  setUser(client.store, { id: 'me', nick: 'Mei', show: 'available', status: 'Hello' });
  client.store.connection.value = { state: 'connected', transport: 'websocket' };
  return client;
}

/** Renders the whole toolbar into a plain container (the mount tests cover the shadow root). */
export function renderToolbar(
  client: FakeClient,
  options: ToolbarOptions = {},
  locale?: string,
): RenderResult & { locale: ReturnType<typeof signal<string | undefined>> } {
  const localeSignal = signal<string | undefined>(locale);
  const result = render(<Toolbar client={client} options={options} locale={localeSignal} />);
  return Object.assign(result, { locale: localeSignal });
}

type ResizeCallback = (entries: Array<{ contentRect: { width: number; height: number } }>) => void;

/**
 * A ResizeObserver whose sizes the test sets: `resize(width, height)` reports a size to every observer (as the
 * browser would after layout). Install with `installResizeObserver()`; restore with the returned function.
 */
export function installResizeObserver(): { resize(width: number, height?: number): void; restore(): void } {
  const observers = new Set<{ cb: ResizeCallback }>();
  const original = globalThis.ResizeObserver;
  class FakeResizeObserver {
    private entry: { cb: ResizeCallback };
    constructor(cb: ResizeCallback) {
      this.entry = { cb };
    }
    observe() {
      observers.add(this.entry);
    }
    unobserve() {
      observers.delete(this.entry);
    }
    disconnect() {
      observers.delete(this.entry);
    }
  }
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
  return {
    resize(width, height = 0) {
      for (const o of [...observers]) o.cb([{ contentRect: { width, height } }]);
    },
    restore() {
      globalThis.ResizeObserver = original;
    },
  };
}
