import { useState } from 'preact/hooks';
import { conversationKey } from '../../protocol/keys';
import { Avatar } from '../common/Avatar';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { useI18n } from '../i18n';
import { useShell, why } from '../shell-state';
import '../strings/discussions';
import '../strings/shell';
import { PaneDialog } from './PaneDialog';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * The user's rooms by name with `[online/all]`, an unread count and a blocked marker; activating one opens its
 * conversation. Any other room is joined by id first ("Join a room"), failures reported inline.
 */
export function RoomsPane() {
  const shell = useShell();
  const { t } = useI18n();
  const { client } = shell;
  const { store } = client;
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const rooms = [...store.rooms.value.values()].map((r) => r.value).sort((a, b) => collator.compare(a.nick, b.nick));
  const open = (room: string) => shell.open(conversationKey('grpchat', room), undefined, 'rooms');
  const blocked = t('rooms.blocked');

  const join = async (e: Event) => {
    e.preventDefault();
    const room = id.trim();
    if (!room || busy) return;
    setError('');
    if (!store.rooms.peek().has(room)) {
      setBusy(true);
      try {
        await client.join(room);
      } catch (err) {
        return setError(t('rooms.joinFailed', { id: room, reason: why(err) }));
      } finally {
        setBusy(false);
      }
    }
    setId('');
    open(room);
  };

  return (
    <PaneDialog pane="rooms">
      {rooms.length ? (
        <ul aria-label={t('rooms.list')}>
          {rooms.map((r) => (
            <li key={r.id}>
              <button
                class={r.blocked ? 'webim-room-item webim-blocked' : 'webim-room-item'}
                onClick={() => open(r.id)}
              >
                <Avatar name={r.nick} src={r.avatar} fallback={r.defaultAvatar} />
                <span>
                  <bdi>{r.nick}</bdi>
                  <small>
                    <span aria-hidden="true">
                      [{r.count}/{r.allCount}]
                    </span>
                    <span class="webim-visually-hidden">{t('rooms.count', { count: r.count, all: r.allCount })}</span>
                    {r.temporary && <span class="webim-temporary-marker"> · {t('discussion.temporary')}</span>}
                  </small>
                </span>
                <Badge count={store.unread.value.get(conversationKey('grpchat', r.id)) || 0} />
                {r.blocked && (
                  <i title={blocked}>
                    <Icon name="lock" size={14} />
                    <span class="webim-visually-hidden">{blocked}</span>
                  </i>
                )}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="webim-empty">{t('rooms.empty')}</p>
      )}
      <form class="webim-join-room" onSubmit={join}>
        <label for="webim-join-room-input">{t('rooms.joinLabel')}</label>
        <input
          id="webim-join-room-input"
          class="webim-input"
          autocomplete="off"
          spellcheck={false}
          value={id}
          onInput={(e) => setId(e.currentTarget.value)}
          aria-invalid={!!error}
          aria-describedby={error ? 'webim-join-room-error' : undefined}
        />
        <button class="webim-button webim-button--primary" disabled={busy || !id.trim()}>
          {t(busy ? 'rooms.joining' : 'rooms.join')}
        </button>
        {error && (
          <p class="webim-error" id="webim-join-room-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </PaneDialog>
  );
}
