import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useClient } from '../../context';
import { useI18n } from '../../i18n';
import '../../strings/shell';

/**
 * The user's status text: shown as a button; click or Enter turns it into a field where Enter saves (through
 * `setPresence(show, text)`), Esc cancels, and leaving the field saves too.
 */
export function StatusEditor() {
  const client = useClient();
  const { t } = useI18n();
  const user = client.store.user.value;
  const status = user?.status ?? '';
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const done = useRef(false);

  useLayoutEffect(() => {
    if (!editing) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [editing]);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    setEditing(false);
    const text = draft.trim();
    if (save && user && text !== status) void client.setPresence(user.show, text).catch(() => undefined);
    queueMicrotask(() => buttonRef.current?.focus());
  };

  if (editing) {
    return (
      <input
        ref={inputRef}
        class="webim-input webim-status__input"
        type="text"
        maxLength={140}
        aria-label={t('status.label')}
        placeholder={t('status.placeholder')}
        value={draft}
        onInput={(e) => setDraft((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.isComposing) return;
          if (e.key === 'Enter') {
            e.preventDefault();
            finish(true);
          } else if (e.key === 'Escape') {
            // Esc here cancels the edit only; it must not also close the pane.
            e.preventDefault();
            e.stopPropagation();
            finish(false);
          }
        }}
        onBlur={() => finish(true)}
      />
    );
  }
  return (
    <button
      ref={buttonRef}
      type="button"
      class={`webim-status${status ? '' : ' webim-status--empty'}`}
      aria-label={status ? t('status.edit', { status }) : t('status.placeholder')}
      disabled={!user}
      onClick={() => {
        done.current = false;
        setDraft(status);
        setEditing(true);
      }}
    >
      <span dir="auto">{status || t('status.placeholder')}</span>
    </button>
  );
}
