import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { useClient } from '../context';

/** Keystrokes within this time are saved as one draft write. */
export const DRAFT_SAVE_DELAY_MS = 400;

/**
 * The composer's text, starting from the conversation's saved draft. Changes are written back with
 * `client.setDraft` after a short pause, and at once when the window closes or switches conversation, so the
 * draft is there when the user comes back.
 *
 * Returns `[text, setText, saveNow]`: `setText` updates the text and schedules the write; `saveNow` writes a
 * value immediately (e.g. `''` after sending) and cancels any scheduled write.
 */
export function useDraft(key: ConversationKey): [string, (text: string) => void, (text: string) => void] {
  const client = useClient();
  const [text, setTextState] = useState(() => client.store.drafts.peek().get(key) ?? '');
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const flush = () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (pending.current === null) return;
    const value = pending.current;
    pending.current = null;
    client.setDraft(key, value);
  };

  const setText = (value: string) => {
    setTextState(value);
    pending.current = value;
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, DRAFT_SAVE_DELAY_MS);
  };

  const saveNow = (value: string) => {
    pending.current = value;
    flush();
  };

  useEffect(() => flush, [key]);

  // A reload or a click to the next forum page within the pause must not lose the last keystrokes (the client
  // writes changes made while the page is being hidden at once).
  const latestFlush = useRef(flush);
  latestFlush.current = flush;
  useEffect(() => {
    const onPagehide = () => latestFlush.current();
    window.addEventListener('pagehide', onPagehide);
    return () => window.removeEventListener('pagehide', onPagehide);
  }, []);

  return [text, setText, saveNow];
}
