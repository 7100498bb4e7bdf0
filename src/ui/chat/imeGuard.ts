/**
 * Tells an Enter that commits an IME composition (Chinese, Japanese, Korean input) from an Enter meant to send.
 *
 * Browsers disagree on the order of events:
 * - Chrome/Edge/Firefox fire `keydown` Enter with `isComposing: true` (and keyCode 229) *before* `compositionend`.
 * - Safari fires `compositionend` *before* the `keydown` Enter, which then looks like an ordinary Enter.
 * So an Enter is the IME's when a composition is open, the event says so, or it is the first key after a
 * `compositionend`. That last mark is cleared by the next keyup (Chrome's order) or after a short while (the
 * composition ended by mouse), so the user's next real Enter still sends.
 */
export interface ImeGuard {
  compositionStart(): void;
  compositionEnd(): void;
  keyUp(): void;
  /** Call on every keydown; true when this key belongs to the IME and must not act as a shortcut. */
  isImeKey(e: Pick<KeyboardEvent, 'isComposing' | 'keyCode'>): boolean;
  dispose(): void;
}

/** How long after `compositionend` a keydown still counts as the IME's (Safari delivers it at once). */
export const IME_END_GRACE_MS = 300;

export function createImeGuard(): ImeGuard {
  let composing = false;
  let justEnded = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clearMark = () => {
    justEnded = false;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return {
    compositionStart() {
      clearMark();
      composing = true;
    },
    compositionEnd() {
      composing = false;
      clearMark();
      justEnded = true;
      timer = setTimeout(clearMark, IME_END_GRACE_MS);
    },
    keyUp() {
      if (!composing) clearMark();
    },
    isImeKey(e) {
      const ime = composing || e.isComposing === true || e.keyCode === 229 || justEnded;
      clearMark();
      return ime;
    },
    dispose: clearMark,
  };
}
