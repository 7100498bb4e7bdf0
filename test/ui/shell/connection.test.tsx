// @vitest-environment happy-dom
import { act, fireEvent, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectedClient, renderToolbar } from './render';

describe('connection line', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-05-01T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('shows nothing while connected', () => {
    const client = connectedClient();
    renderToolbar(client);
    // An empty live region waits for the next change.
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByRole('button', { name: /Retry|Sign in/ })).toBeNull();
  });

  it('says connecting', () => {
    const client = connectedClient();
    client.store.connection.value = { state: 'connecting' };
    renderToolbar(client);
    expect(screen.getByRole('status').textContent).toBe('Connecting…');
  });

  it('counts down to the next retry and retries now on request', () => {
    const client = connectedClient();
    client.store.connection.value = {
      state: 'reconnecting',
      nextRetryAt: Date.now() + 5000,
      attempt: 2,
      reason: 'network',
    };
    renderToolbar(client);
    expect(screen.getByRole('status').textContent).toBe('Connection lost. Reconnecting…');
    expect(screen.getByText('Retrying in 5 s')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(1000);
    });
    expect(screen.getByText('Retrying in 4 s')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(3000);
    });
    expect(screen.getByText('Retrying in 1 s')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(5000);
    });
    expect(screen.getByText('Retrying in 0 s')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(client.callsOf('online')).toHaveLength(1);
    // The next attempt's schedule replaces the countdown.
    act(() => {
      client.store.connection.value = { state: 'reconnecting', nextRetryAt: Date.now() + 12_000, attempt: 3 };
    });
    expect(screen.getByText('Retrying in 12 s')).toBeTruthy();
    act(() => {
      client.store.connection.value = { state: 'connected', transport: 'jsonp' };
    });
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
  });

  it('tells the user they are offline, without an action (the client retries when the network is back)', () => {
    const client = connectedClient();
    client.store.connection.value = { state: 'offline', reason: 'network' };
    renderToolbar(client);
    expect(screen.getByRole('status').textContent).toMatch(/You are offline/);
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
  });

  it('shows why the session stopped and offers to sign in again', () => {
    const client = connectedClient();
    client.store.connection.value = { state: 'stopped', reason: 'ticket expired' };
    renderToolbar(client);
    expect(screen.getByRole('status').textContent).toBe('Signed out of chat (ticket expired).');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(client.callsOf('online')).toHaveLength(1);
  });

  it('stays visible in the minimised layout and does not cover the chat controls', () => {
    const client = connectedClient();
    client.store.minimized.value = true;
    client.store.connection.value = { state: 'reconnecting', nextRetryAt: Date.now() + 3000 };
    renderToolbar(client);
    expect(screen.getByRole('status').textContent).toBe('Connection lost. Reconnecting…');
    expect(screen.getByRole('button', { name: 'Restore chat' })).toBeTruthy();
  });
});
