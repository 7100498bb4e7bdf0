/** A parsed keyboard shortcut such as `Alt+Shift+M`. */
export interface Shortcut {
  alt: boolean;
  shift: boolean;
  ctrl: boolean;
  meta: boolean;
  /** Lower-case key (`m`, `f1`, `/`). */
  key: string;
}

/** Parses `Alt+Shift+M` (case-insensitive, `Option`/`Cmd`/`Control` accepted); null when it names no key. */
export function parseShortcut(text: string): Shortcut | null {
  const parts = text.split('+').map((p) => p.trim().toLowerCase()).filter(Boolean);
  const s: Shortcut = { alt: false, shift: false, ctrl: false, meta: false, key: '' };
  for (const p of parts) {
    if (p === 'alt' || p === 'option') s.alt = true;
    else if (p === 'shift') s.shift = true;
    else if (p === 'ctrl' || p === 'control') s.ctrl = true;
    else if (p === 'meta' || p === 'cmd' || p === 'command') s.meta = true;
    else s.key = p;
  }
  return s.key ? s : null;
}

/**
 * Whether a keydown matches. Letters and digits are compared by physical key (`KeyM`) as well, because with Alt
 * held macOS reports a different character (`µ` for Alt+M).
 */
export function matchesShortcut(e: KeyboardEvent, s: Shortcut): boolean {
  if (e.altKey !== s.alt || e.shiftKey !== s.shift || e.ctrlKey !== s.ctrl || e.metaKey !== s.meta) return false;
  if ((e.key ?? '').toLowerCase() === s.key) return true;
  if (/^[a-z]$/.test(s.key)) return e.code === `Key${s.key.toUpperCase()}`;
  if (/^[0-9]$/.test(s.key)) return e.code === `Digit${s.key}`;
  return false;
}
