import { afterEach, describe, expect, it, vi } from 'vitest';
import { createImeGuard, IME_END_GRACE_MS } from '../../../src/ui/chat/imeGuard';

const key = (over: Partial<Pick<KeyboardEvent, 'isComposing' | 'keyCode'>> = {}) => ({ isComposing: false, keyCode: 13, ...over });

describe('createImeGuard', () => {
  afterEach(() => vi.useRealTimers());

  it('treats keys during a composition, isComposing and keyCode 229 as the IME', () => {
    const g = createImeGuard();
    expect(g.isImeKey(key())).toBe(false);
    expect(g.isImeKey(key({ isComposing: true }))).toBe(true);
    expect(g.isImeKey(key({ keyCode: 229 }))).toBe(true);
    g.compositionStart();
    expect(g.isImeKey(key())).toBe(true);
  });

  it("ignores the Enter that follows compositionend at once (Safari's order), then lets the next one through", () => {
    const g = createImeGuard();
    g.compositionStart();
    g.compositionEnd();
    expect(g.isImeKey(key())).toBe(true);
    g.keyUp();
    expect(g.isImeKey(key())).toBe(false);
  });

  it("does not swallow the next real Enter after Chrome's order (keydown, compositionend, keyup)", () => {
    const g = createImeGuard();
    g.compositionStart();
    expect(g.isImeKey(key({ isComposing: true, keyCode: 229 }))).toBe(true);
    g.compositionEnd();
    g.keyUp();
    expect(g.isImeKey(key())).toBe(false);
  });

  it('forgets a composition ended without a key after a short grace period', () => {
    vi.useFakeTimers();
    const g = createImeGuard();
    g.compositionStart();
    g.compositionEnd();
    vi.advanceTimersByTime(IME_END_GRACE_MS + 1);
    expect(g.isImeKey(key())).toBe(false);
  });
});
