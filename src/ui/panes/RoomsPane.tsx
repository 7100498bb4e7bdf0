import type { Signal } from '@preact/signals';
import { useId, useState } from 'preact/hooks';
import { conversationKey } from '../../protocol/keys';
import type { Room } from '../../protocol/types';
import { Avatar } from '../common/Avatar';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';
import { PaneDialog } from './PaneDialog';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The user's rooms with `[online/all]`, an unread count and a blocked marker; activating one opens its
 * conversation. Rooms in the store are the ones the user belongs to; any other id is joined first (the "Join a room"
 * field).
 */
export function RoomsPane() {
  const client = useClient();
  const shell = useShell();
  const { t } = useI18n();
  const rooms = [...client.store.rooms.value.values()].sort((a, b) => collator.compare(a.peek().nick, b.peek().nick));
  const openRoom = (id: string) => shell.openConversation(conversationKey('grpchat', id), { from: 'rooms' });
  return (
    <PaneDialog pane="rooms" title={t('bar.rooms')}>
      {rooms.length ? (
        <ul class="webim-list" aria-label={t('rooms.list')}>
          {rooms.map((room) => (
            <RoomItem key={room.peek().id} room={room} onOpen={openRoom} />
          ))}
        </ul>
      ) : (
        <p class="webim-empty">{t('rooms.empty')}</p>
      )}
      <JoinRoomForm onJoined={openRoom} />
    </PaneDialog>
  );
}

function RoomItem({ room, onOpen }: { room: Signal<Room>; onOpen: (id: string) => void }) {
  const { t } = useI18n();
  const { store } = useClient();
  const r = room.value;
  const unread = store.unread.value.get(conversationKey('grpchat', r.id)) ?? 0;
  return (
    <li>
      <button type="button" class={`webim-item${r.blocked ? ' webim-item--blocked' : ''}`} onClick={() => onOpen(r.id)}>
        <Avatar name={r.nick} src={r.avatar} fallback={r.defaultAvatar} size="md" />
        <span class="webim-item__text">
          <bdi class="webim-item__name">{r.nick}</bdi>
          <span class="webim-item__meta">
            <span aria-hidden="true">
              [{r.count}/{r.allCount}]
            </span>
            <span class="webim-sr">{t('rooms.count', { count: r.count, all: r.allCount })}</span>
          </span>
        </span>
        <Badge count={unread} />
        {r.blocked && (
          <span class="webim-item__flag" title={t('rooms.blocked')}>
            <Icon name="lock" size={14} />
            <span class="webim-sr">{t('rooms.blocked')}</span>
          </span>
        )}
      </button>
    </li>
  );
}

/** Joins a room by id (or just opens it when the user is already in it), reporting failures inline. */
function JoinRoomForm({ onJoined }: { onJoined: (id: string) => void }) {
  const client = useClient();
  const { t } = useI18n();
  const inputId = useId();
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    const id = value.trim();
    if (!id || busy) return;
    setError('');
    if (!client.store.rooms.peek().has(id)) {
      setBusy(true);
      try {
        await client.join(id);
      } catch (err) {
        setError(t('rooms.joinFailed', { id, reason: err instanceof Error ? err.message : String(err) }));
        return;
      } finally {
        setBusy(false);
      }
    }
    setValue('');
    onJoined(id);
  };

  return (
    <form class="webim-join" onSubmit={submit}>
      <label class="webim-join__label" for={inputId}>
        {t('rooms.joinLabel')}
      </label>
      <div class="webim-join__row">
        <input id={inputId} class="webim-input" type="text" autocomplete="off" spellcheck={false} value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} aria-invalid={!!error} aria-describedby={error ? `${inputId}-error` : undefined} />
        <button type="submit" class="webim-btn webim-btn--primary" disabled={busy || !value.trim()}>
          {busy ? t('rooms.joining') : t('rooms.join')}
        </button>
      </div>
      {error && (
        <p class="webim-error" id={`${inputId}-error`} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
