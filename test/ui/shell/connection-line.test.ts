import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../src/store/types';
import { connectionLineView } from '../../../src/ui/bar/connection-line';
import { createTranslator, LOCALES } from '../../../src/ui/i18n';
import '../../../src/ui/strings/connection';
import '../../../src/ui/strings/shell';

/** The connection line's view model: labels and booleans from a status and a clock, no DOM. */
const en = createTranslator('en');
const NOW = 1_000_000;

describe('connectionLineView', () => {
  it.each<[ConnectionStatus, { text: string; countdown: string; action: string | null; ticking: boolean }]>([
    [{ state: 'idle' }, { text: '', countdown: '', action: null, ticking: false }],
    [
      { state: 'connected', transport: 'websocket' },
      { text: '', countdown: '', action: null, ticking: false },
    ],
    [{ state: 'connecting' }, { text: 'Connecting…', countdown: '', action: null, ticking: false }],
    [
      { state: 'reconnecting', reason: 'network', attempt: 2, nextRetryAt: NOW + 4_200 },
      { text: 'Connection lost. Reconnecting…', countdown: 'Retrying in 5 s', action: 'Retry now', ticking: true },
    ],
    [
      { state: 'unreachable', reason: 'network', attempt: 2, nextRetryAt: NOW + 2_000 },
      { text: 'Chat server unreachable.', countdown: 'Retrying in 2 s', action: 'Retry now', ticking: true },
    ],
    // An attempt under way: no countdown, still the button.
    [
      { state: 'unreachable', reason: 'network' },
      { text: 'Chat server unreachable. Retrying…', countdown: '', action: 'Retry now', ticking: false },
    ],
    [
      { state: 'offline', reason: 'network' },
      { text: 'You are offline. Chat resumes when the network is back.', countdown: '', action: null, ticking: false },
    ],
    [
      { state: 'stopped', reason: 'forbidden' },
      {
        text: 'The site refused the chat login (its security token did not match). Reload the page.',
        countdown: '',
        action: 'Sign in again',
        ticking: false,
      },
    ],
    [
      { state: 'stopped', reason: 'unauthorized' },
      {
        text: 'Signed out of chat: sign in to the site again.',
        countdown: '',
        action: 'Sign in again',
        ticking: false,
      },
    ],
    [
      { state: 'stopped', reason: 'login failed: banned' },
      { text: 'Signed out of chat (login failed: banned).', countdown: '', action: 'Sign in again', ticking: false },
    ],
  ])('%j', (status, expected) => {
    const line = connectionLineView(status, NOW, en);
    expect({
      text: line.text,
      countdown: line.countdown,
      action: line.action?.label ?? null,
      ticking: line.ticking,
    }).toEqual(expected);
    expect(line.shown).toBe(status.state !== 'idle' && status.state !== 'connected');
  });

  it('counts down with the clock it is given, never below 0', () => {
    const status: ConnectionStatus = { state: 'reconnecting', nextRetryAt: NOW + 3_000 };
    expect([0, 1_000, 2_500, 9_000].map((dt) => connectionLineView(status, NOW + dt, en).countdown)).toEqual([
      'Retrying in 3 s',
      'Retrying in 2 s',
      'Retrying in 1 s',
      'Retrying in 0 s',
    ]);
  });

  it('says the setup errors in every locale (no English fallback, no raw reason)', () => {
    for (const locale of LOCALES) {
      const t = createTranslator(locale);
      for (const status of [
        { state: 'stopped', reason: 'forbidden' },
        { state: 'stopped', reason: 'unauthorized' },
        { state: 'unreachable' },
      ] as ConnectionStatus[]) {
        const text = connectionLineView(status, NOW, t).text;
        expect(text).not.toMatch(/forbidden|unauthorized|conn\./);
        if (locale !== 'en') expect(text).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
