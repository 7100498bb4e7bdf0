import { describe, expect, it } from 'vitest';
import * as core from '../src/core/index';
import * as headless from '../src/headless';
import * as webim from '../src/index';

/** One export list: what core/index.ts exports is exactly what the public entries offer of the core. */
describe('public exports', () => {
  it('webim/headless re-exports the core list whole, and webim re-exports headless whole', () => {
    for (const name of Object.keys(core)) expect(headless, name).toHaveProperty(name, (core as never)[name]);
    for (const name of Object.keys(headless)) expect(webim, name).toHaveProperty(name, (headless as never)[name]);
  });

  it('the core list is the SDK entry point and its constants, nothing internal', () => {
    expect(Object.keys(core).sort()).toEqual([
      'DEFAULT_HISTORY_PAGE_SIZE',
      'DEFAULT_TYPING_IDLE_MS',
      'DEFAULT_TYPING_THROTTLE_MS',
      'MAX_FAILURES_PER_TICKET',
      'MAX_SEND_ATTEMPTS',
      'SESSION_FRESH_MS',
      'createClient',
    ]);
  });
});
