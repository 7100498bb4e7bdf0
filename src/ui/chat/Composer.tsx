import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { Icon } from '../common/Icon';
import { presenceKind } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import type { ConversationInfo } from './conversationInfo';
import { EmojiPicker } from './EmojiPicker';
import { createImeGuard } from './imeGuard';
import { useDraft } from './useDraft';
import { useKeepCaretVisible } from './useKeepCaretVisible';

/** Longest message the composer sends. */
export const MAX_MESSAGE_LENGTH = 5000;
/** Show the remaining count from this close to the limit. */
const COUNT_FROM = 100;

export interface ComposerProps {
  convKey: ConversationKey;
  info: Exclude<ConversationInfo, { kind: 'broadcast' }>;
  /** Focus the text box on mount (the window decides: never steal focus from a field the user is typing in). */
  autoFocus?: boolean;
}

/** Drops blank lines before the text and whitespace after it; the rest is sent as typed. */
function tidy(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
}

/**
 * The message box: Enter sends, Shift+Enter adds a line, an Enter that belongs to an IME composition never sends;
 * a Send button for touch; a per-conversation draft; typing notifications (1:1); emoji; and an explanation when
 * sending is not possible (blocked room, not connected) or will be delayed (offline buddy, reconnecting).
 */
export function Composer({ convKey, info, autoFocus }: ComposerProps) {
  const client = useClient();
  const { t } = useI18n();
  const [text, setText, saveDraftNow] = useDraft(convKey);
  const ref = useRef<HTMLTextAreaElement>(null);
  const caret = useRef<number | null>(null);
  const [ime] = useState(createImeGuard);
  const noticeId = useId();
  const countId = useId();
  useEffect(() => () => ime.dispose(), [ime]);
  useKeepCaretVisible(ref);

  useLayoutEffect(() => {
    if (autoFocus) ref.current?.focus();
  }, []);

  // Put the caret after text inserted programmatically (emoji) once the new value is in the DOM.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && caret.current !== null) {
      el.focus();
      el.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [text]);

  const connection = client.store.connection.value.state;
  const blocked = info.kind === 'grpchat' && (info.room?.blocked ?? false);
  const disconnected = connection === 'offline' || connection === 'stopped';
  const canSend = !blocked && !disconnected;
  const over = text.length - MAX_MESSAGE_LENGTH;

  let notice = '';
  if (blocked) notice = t('chat.blockedNotice');
  else if (disconnected) notice = t('chat.disconnectedNotice');
  else if (connection !== 'connected') notice = t('chat.connectingNotice');
  else if (info.kind === 'chat' && info.person && presenceKind(info.person.presence, info.person.show) === 'offline') {
    notice = t('chat.offlineNotice', { name: info.name });
  }

  const send = () => {
    const body = tidy(text);
    if (!canSend || !body || over > 0) return;
    client.sendMessage({ to: info.id, body, type: info.kind === 'grpchat' ? 'grpchat' : 'chat' });
    setText('');
    saveDraftNow('');
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const composing = ime.isImeKey(e);
    if (e.key !== 'Enter' || composing || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    send();
  };

  const onInput = (e: Event) => {
    const value = (e.currentTarget as HTMLTextAreaElement).value;
    setText(value);
    if (info.kind === 'chat' && value) client.sendTyping(info.id);
  };

  const insert = (emoji: string) => {
    const el = ref.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    caret.current = start + emoji.length;
    setText(text.slice(0, start) + emoji + text.slice(end));
  };

  const describedBy = [notice && noticeId, countId].filter(Boolean).join(' ');
  return (
    <div class="webim-composer">
      {notice && (
        <p id={noticeId} class="webim-composer__notice" role="status">
          {notice}
        </p>
      )}
      <div class="webim-composer__row">
        <EmojiPicker onPick={insert} disabled={!canSend} />
        <textarea
          ref={ref}
          class="webim-composer__input"
          aria-label={t('chat.message')}
          placeholder={t('chat.message')}
          aria-describedby={describedBy}
          aria-invalid={over > 0 || undefined}
          rows={1}
          enterkeyhint="send"
          dir="auto"
          disabled={!canSend}
          value={text}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onKeyUp={() => ime.keyUp()}
          onCompositionStart={() => ime.compositionStart()}
          onCompositionEnd={() => ime.compositionEnd()}
        />
        <button
          type="button"
          class="webim-btn webim-btn--primary webim-composer__send"
          aria-label={t('chat.send')}
          title={t('chat.send')}
          disabled={!canSend || over > 0}
          // Keep focus (and the on-screen keyboard) in the text box when the button is tapped.
          onMouseDown={(e) => e.preventDefault()}
          onClick={send}
        >
          <Icon name="send" />
        </button>
      </div>
      <p id={countId} class={`webim-composer__count${over > 0 ? ' webim-composer__count--over' : ''}`} aria-live="polite">
        {over > 0 ? t('chat.tooLong', { count: over }) : over > -COUNT_FROM ? t('chat.remaining', { count: -over }) : ''}
      </p>
    </div>
  );
}
