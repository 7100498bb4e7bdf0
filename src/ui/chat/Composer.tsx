import { useContext, useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { useClient } from '../context';
import { useClockAt } from '../hooks/useNow';
import { useI18n } from '../i18n';
import { ShellContext, type Shell } from '../shell-state';
import '../strings/chat';
import { focusOnMount, iconButton, nickOf } from './common';
import { EMOJI, SHORTCODES } from './text';

/** Longest message the composer sends. */
export const MAX_MESSAGE_LENGTH = 5000;
/** Keystrokes within this time are saved as one draft write. */
export const DRAFT_SAVE_DELAY_MS = 400;

export interface ComposerProps {
  convKey: ConversationKey;
  /** The buddy's or the room's id. */
  to: string;
  room: boolean;
  /** The user blocked the room: nothing can be sent. */
  blocked: boolean;
  /** The buddy's name when they are offline (the message waits for them). */
  offlineName?: string;
}

/** What the composer keeps outside renders. */
interface Scratch {
  /** Draft text not written yet, and the timer that will write it. */
  pending?: string;
  draftTimer?: ReturnType<typeof setTimeout>;
  /** IME state: 0 none, 1 composing, 2 just ended (the next key still belongs to the IME). */
  ime: number;
  imeTimer?: ReturnType<typeof setTimeout>;
  revealTimer?: ReturnType<typeof setTimeout>;
  /** Where the caret goes after an emoji is inserted. */
  caret?: number;
  /**
   * Focus the box on mount: when the user just opened the window (a click or a key), not when it came by itself
   * (restored with the page, popped up by a message, opened in another tab) or they are typing in a field.
   */
  focus: boolean;
}

/** Whether the focus (looking into shadow roots) is in a field the user types in. */
function typingElsewhere(): boolean {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return (
    !!el &&
    ((el as HTMLElement).isContentEditable ||
      el.matches('textarea,select,input:not([type=button],[type=submit],[type=reset],[type=checkbox],[type=radio])'))
  );
}

const keepFocus = (e: Event) => e.preventDefault();

/**
 * Who is typing, and the message box: Enter sends, Shift+Enter adds a line, and a key that belongs to an IME
 * composition never sends. Browsers disagree on the order: Chrome sends the Enter with `isComposing` (keyCode 229)
 * before `compositionend`, Safari sends `compositionend` first and then a plain-looking Enter; so the first key
 * after `compositionend` is the IME's too (until the next keyup, or 300 ms). Also: a Send button, a per-conversation
 * draft (saved after a pause, on close and on pagehide), typing notifications (1:1), an emoji grid, and a notice
 * when sending is impossible (blocked, disconnected) or delayed (reconnecting, buddy offline).
 */
export function Composer({ convKey, to, room, blocked, offlineName }: ComposerProps) {
  const client = useClient();
  const { store } = client;
  const { t } = useI18n();
  const id = useId();
  const box = useRef<HTMLTextAreaElement>(null);
  const [text, showText] = useState(() => store.drafts.peek().get(convKey) ?? '');
  /** The emoji grid's active cell; -1 while the grid is closed. */
  const [pick, setPick] = useState(-1);
  // Rendered outside a toolbar (a test, an embedder's own shell): no record of input, so the window counts as opened.
  const shell = useContext(ShellContext) as Shell | null;
  const [s] = useState<Scratch>(() => ({ ime: 0, focus: (shell?.userJustActed() ?? true) && !typingElsewhere() }));

  // These read only stable things, so listeners may keep the first render's copies.
  const saveDraft = () => {
    clearTimeout(s.draftTimer);
    if (s.pending != null) client.setDraft(convKey, s.pending);
    s.pending = undefined;
  };
  const setText = (value: string) => {
    showText(value);
    s.pending = value;
    clearTimeout(s.draftTimer);
    s.draftTimer = setTimeout(saveDraft, DRAFT_SAVE_DELAY_MS);
  };
  // Phones: once the on-screen keyboard has opened (or the visual viewport changed), scroll the box into view.
  const reveal = () => {
    clearTimeout(s.revealTimer);
    s.revealTimer = setTimeout(() => box.current!.scrollIntoView?.({ block: 'nearest', inline: 'nearest' }), 300);
  };

  useEffect(() => {
    const el = box.current!;
    const viewport = window.visualViewport;
    const onViewport = () => el.matches(':focus') && reveal();
    if (s.focus) el.focus();
    viewport?.addEventListener('resize', onViewport);
    // A reload or a click to the next page within the pause must not lose the last keystrokes.
    addEventListener('pagehide', saveDraft);
    return () => {
      saveDraft();
      clearTimeout(s.revealTimer);
      removeEventListener('pagehide', saveDraft);
      viewport?.removeEventListener('resize', onViewport);
    };
  }, []);

  // The caret goes after an inserted emoji once the new value is in the box.
  useLayoutEffect(() => {
    if (s.caret == null) return;
    box.current!.focus();
    box.current!.setSelectionRange(s.caret, s.caret);
    s.caret = undefined;
  }, [text]);

  const connection = store.connection.value.state;
  const disconnected = connection === 'offline' || connection === 'stopped';
  const canSend = !blocked && !disconnected;
  const over = text.length - MAX_MESSAGE_LENGTH;
  const notice = blocked
    ? t('chat.blockedNotice')
    : disconnected
      ? t('chat.disconnectedNotice')
      : connection !== 'connected'
        ? t('chat.connectingNotice')
        : offlineName
          ? t('chat.offlineNotice', { name: offlineName })
          : '';

  const send = () => {
    // Blank lines before the text and whitespace after it are dropped; the rest goes as typed.
    const body = text.replace(/^([ \t]*\r?\n)+/, '').trimEnd();
    if (!canSend || !body || over > 0) return;
    client.sendMessage({ to, body, type: room ? 'grpchat' : 'chat' });
    setText('');
    saveDraft();
  };

  const insert = (emoji: string) => {
    const el = box.current!;
    s.caret = el.selectionStart + emoji.length;
    setPick(-1);
    setText(text.slice(0, el.selectionStart) + emoji + text.slice(el.selectionEnd));
  };

  return (
    <>
      <TypingLine convKey={convKey} />
      <div class="webim-composer">
        {notice && (
          <p id={`${id}n`} role="status">
            {notice}
          </p>
        )}
        {/* The grid closes when focus leaves it and its button (Tab, a click elsewhere). */}
        <div
          class="webim-emoji-picker"
          onFocusOut={(e) => e.currentTarget.contains(e.relatedTarget as Node) || setPick(-1)}
        >
          {iconButton(t('chat.emoji'), 'smile', {
            'aria-haspopup': 'grid',
            'aria-expanded': pick >= 0,
            'aria-controls': pick >= 0 ? `${id}g` : undefined,
            disabled: !canSend,
            onMouseDown: keepFocus,
            onClick: () => setPick(pick < 0 ? 0 : -1),
          })}
          {pick >= 0 && (
            // Arrows move (clamped at the ends), Home/End jump, Enter/Space insert (native buttons), Escape closes.
            <div
              id={`${id}g`}
              role="grid"
              aria-label={t('chat.emoji')}
              onKeyDown={(e) => {
                const to = (
                  {
                    ArrowRight: pick + 1,
                    ArrowLeft: pick - 1,
                    ArrowDown: pick + 8,
                    ArrowUp: pick - 8,
                    Home: 0,
                    End: EMOJI.length,
                  } as Record<string, number>
                )[e.key];
                if (to != null) setPick(Math.min(EMOJI.length - 1, Math.max(0, to)));
                else if (e.key === 'Escape') {
                  setPick(-1);
                  (e.currentTarget.previousElementSibling as HTMLElement).focus();
                } else return;
                e.preventDefault();
              }}
            >
              {[0, 8, 16, 24, 32].map((row) => (
                <div key={row} role="row">
                  {EMOJI.slice(row, row + 8).map((emoji, i) => (
                    <button
                      key={emoji}
                      role="gridcell"
                      tabIndex={row + i === pick ? 0 : -1}
                      ref={row + i === pick ? focusOnMount : undefined}
                      title={`:${SHORTCODES[row + i]}:`}
                      onClick={() => insert(emoji)}
                    >
                      {emoji}
                    </button>
                  ))}
                </div>
              ))}
            </div>
          )}
        </div>
        <textarea
          class="webim-input"
          ref={box}
          aria-label={t('chat.message')}
          placeholder={t('chat.message')}
          aria-describedby={notice ? `${id}n ${id}c` : `${id}c`}
          aria-invalid={over > 0 || undefined}
          rows={1}
          enterkeyhint="send"
          dir="auto"
          disabled={!canSend}
          value={text}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            if (!room && value) client.sendTyping(to);
          }}
          onKeyDown={(e) => {
            const ime = s.ime || e.isComposing || e.keyCode === 229;
            if (s.ime > 1) s.ime = 0;
            if (e.key !== 'Enter' || ime || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
            e.preventDefault();
            send();
          }}
          onKeyUp={() => s.ime > 1 && (s.ime = 0)}
          onCompositionStart={() => (s.ime = 1)}
          onCompositionEnd={() => {
            s.ime = 2;
            clearTimeout(s.imeTimer);
            s.imeTimer = setTimeout(() => s.ime > 1 && (s.ime = 0), 300);
          }}
          onFocus={reveal}
        />
        {/* mousedown keeps the focus (and the on-screen keyboard) in the box when Send is tapped. */}
        {iconButton(t('chat.send'), 'send', {
          class: 'webim-button webim-button--primary',
          disabled: !canSend || over > 0,
          onMouseDown: keepFocus,
          onClick: send,
        })}
        <p id={`${id}c`} class={over > 0 ? 'webim-over-limit' : undefined} aria-live="polite">
          {over > 0 ? t('chat.tooLong', { count: over }) : over > -100 ? t('chat.remaining', { count: -over }) : ''}
        </p>
      </div>
    </>
  );
}

/**
 * Who is typing in `convKey`: a component of its own, so that a typing status coming or going (every incoming message
 * ends its sender's) re-renders this line and not the composer.
 */
function TypingLine({ convKey }: { convKey: ConversationKey }) {
  const { store } = useClient();
  const { t } = useI18n();
  const me = store.user.value?.id;
  const typing = store.typing.value.get(convKey) ?? [];
  // Entries expire on their own: the clock moves on at each expiry instead of waiting for the store to sweep them.
  const now = useClockAt(typing.map((e) => e.until));
  const names = typing.filter((e) => e.until > now && e.from !== me).map((e) => nickOf(store, e.from, e.nick));
  const [a, b] = names;
  return (
    <p class="webim-typing" role="status" dir="auto">
      {!a
        ? ''
        : !b
          ? t('chat.typing.one', { name: a })
          : names.length === 2
            ? t('chat.typing.two', { a, b })
            : t('chat.typing.many')}
    </p>
  );
}
