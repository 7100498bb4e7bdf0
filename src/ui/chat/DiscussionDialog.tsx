import { useId, useState } from 'preact/hooks';
import type { Buddy, Room } from '../../protocol/types';
import { PresenceDot } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { why } from '../shell-state';
import '../strings/discussions';
import { focusOnMount, isOnline } from './common';

export interface DiscussionDialogProps {
  /** Invite into this room; absent: start a new temporary discussion. */
  room?: Room;
  /** Ticked at the start (the person whose chat window it was opened from). */
  preselected?: string;
  /** Closed without inviting (focus goes back to the caller). */
  onCancel: () => void;
  /** The invitation went out; the room is known to the store. */
  onDone: (room: Room) => void;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Picks buddies for a discussion (online first, then by name): a modal dialog over the chat window with an
 * optional name for a new room. Focus starts on the first field and stays inside (Tab wraps); Escape cancels.
 */
export function DiscussionDialog({ room, preselected, onCancel, onDone }: DiscussionDialogProps) {
  const client = useClient();
  const { store } = client;
  const { t } = useI18n();
  const id = useId();
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set(preselected ? [preselected] : []));
  const [nick, setNick] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const members = room ? new Set((store.members.value.get(room.id) ?? []).map((m) => m.id)) : new Set<string>();
  const buddies: Buddy[] = [...store.buddies.value.values()]
    .map((b) => b.value)
    .filter((b) => !b.visitor && !members.has(b.id))
    .sort((a, b) => +isOnline(b) - +isOnline(a) || collator.compare(a.nick, b.nick));

  const toggle = (buddy: string, on: boolean) => {
    const next = new Set(picked);
    if (on) next.add(buddy);
    else next.delete(buddy);
    setPicked(next);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!picked.size || busy) return;
    setBusy(true);
    setError('');
    try {
      onDone(await client.invite([...picked], room ? { roomId: room.id } : { nick: nick.trim() || undefined }));
    } catch (err) {
      setError(t('discussion.failed', { reason: why(err) }));
      setBusy(false);
    }
  };

  return (
    <div
      class="webim-confirm webim-discussion-dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${id}t`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        } else if (e.key === 'Tab') {
          const controls = [...e.currentTarget.querySelectorAll<HTMLElement>('input, button:not([disabled])')];
          const edge = e.shiftKey ? controls[0] : controls.at(-1);
          if (e.target === edge) {
            e.preventDefault();
            (e.shiftKey ? controls.at(-1) : controls[0])!.focus();
          }
        }
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}t`}>{room ? t('discussion.inviteTitle', { name: room.nick }) : t('discussion.title')}</h2>
        {!room && (
          <p>
            <label for={`${id}n`}>{t('discussion.name')}</label>
            <input
              id={`${id}n`}
              ref={focusOnMount}
              class="webim-input"
              maxLength={100}
              placeholder={t('discussion.namePlaceholder')}
              value={nick}
              onInput={(e) => setNick(e.currentTarget.value)}
            />
          </p>
        )}
        <fieldset>
          <legend>{t('discussion.people')}</legend>
          {buddies.length ? (
            <ul class="webim-discussion-people">
              {buddies.map((b, i) => (
                <li key={b.id}>
                  <label>
                    <input
                      type="checkbox"
                      ref={room && i === 0 ? focusOnMount : undefined}
                      checked={picked.has(b.id)}
                      onChange={(e) => toggle(b.id, e.currentTarget.checked)}
                    />
                    <bdi>{b.nick}</bdi>
                    <PresenceDot presence={b.presence} show={b.show} />
                  </label>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('discussion.noBuddies')}</p>
          )}
        </fieldset>
        {error && <p role="alert">{error}</p>}
        <div class="webim-discussion-actions">
          <button type="button" class="webim-button" onClick={onCancel}>
            {t('discussion.cancel')}
          </button>
          <button class="webim-button webim-button--primary" disabled={busy || !picked.size}>
            {t(room ? 'discussion.inviteSubmit' : 'discussion.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
