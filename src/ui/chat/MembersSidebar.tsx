import { useEffect, useState } from 'preact/hooks';
import type { RoomMember } from '../../protocol/types';
import { conversationKey } from '../../protocol/keys';
import { PresenceDot, presenceKind } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';

export interface MembersSidebarProps {
  roomId: string;
  id: string;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Online first, then by nick. */
export function sortMembers(list: readonly RoomMember[]): RoomMember[] {
  const online = (m: RoomMember) => presenceKind(m.presence, m.show) !== 'offline';
  return [...list].sort((a, b) => Number(online(b)) - Number(online(a)) || collator.compare(a.nick, b.nick));
}

/**
 * A room's members with presence. The list comes from the store (kept current by presences) once fetched; the
 * sidebar fetches it when it opens. Activating someone opens a 1:1 chat with them. The presence dot follows the
 * name in the DOM so the accessible name reads "Bob Available"; CSS shows the dot first.
 */
export function MembersSidebar({ roomId, id }: MembersSidebarProps) {
  const client = useClient();
  const { t } = useI18n();
  const stored = client.store.members.value.get(roomId);
  const [fetched, setFetched] = useState<readonly RoomMember[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    client.members(roomId).then(
      (list) => live && (setFetched(list), setLoading(false)),
      () => live && (setFailed(true), setLoading(false)),
    );
    return () => {
      live = false;
    };
  }, [client, roomId]);

  const me = client.store.user.value?.id;
  const members = sortMembers(stored ?? fetched ?? []);

  return (
    <aside id={id} class="webim-members" aria-label={t('chat.members')}>
      <h3 class="webim-members__title">{t('chat.members')}</h3>
      {loading && !stored && !fetched && <p class="webim-members__state" role="status">{t('chat.loading')}</p>}
      {failed && !stored && <p class="webim-members__state" role="alert">{t('chat.actionFailed')}</p>}
      <ul class="webim-members__list">
        {members.map((m) => (
          <li key={m.id} class="webim-members__item">
            {m.id === me ? (
              <span class="webim-members__self">
                <bdi>{t('chat.you', { name: m.nick })}</bdi>
                <PresenceDot presence={m.presence} show={m.show} />
              </span>
            ) : (
              <button
                type="button"
                class="webim-members__person"
                onClick={() => client.openConversation(conversationKey('chat', m.id), { nick: m.nick })}
              >
                <bdi>{m.nick}</bdi>
                <PresenceDot presence={m.presence} show={m.show} />
              </button>
            )}
          </li>
        ))}
      </ul>
    </aside>
  );
}
