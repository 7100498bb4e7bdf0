import { Avatar } from '../common/Avatar';
import { Icon } from '../common/Icon';
import { PresenceDot, presenceKind } from '../common/PresenceDot';
import { useI18n } from '../i18n';
import '../strings/chat';
import type { ConversationInfo } from './conversationInfo';
import { MenuButton, type MenuAction } from './MenuButton';

export interface ChatHeaderProps {
  info: ConversationInfo;
  /** Id of the element naming the window (the dialog's `aria-labelledby`). */
  titleId: string;
  /** Members known for a room (for the online count), when fetched. */
  onlineMembers?: number;
  membersOpen: boolean;
  membersId: string;
  onToggleMembers: () => void;
  onToggleBlock: () => void;
  onAskLeave: () => void;
  onAskClear: () => void;
  onClose: () => void;
}

/** Avatar, name, presence (1:1) or member count (room), the members toggle, the actions menu, and close. */
export function ChatHeader(props: ChatHeaderProps) {
  const { info, titleId } = props;
  const { t } = useI18n();

  const actions: MenuAction[] = [];
  if (info.kind === 'grpchat') {
    const blocked = info.room?.blocked ?? false;
    actions.push({ id: 'block', label: t(blocked ? 'chat.unblock' : 'chat.block'), onSelect: props.onToggleBlock });
    actions.push({ id: 'leave', label: t('chat.leave'), onSelect: props.onAskLeave });
  }
  actions.push({ id: 'clear', label: t('chat.clear'), onSelect: props.onAskClear });

  const avatar =
    info.kind === 'chat' ? { src: info.person?.avatar, fallback: info.person?.defaultAvatar }
    : info.kind === 'grpchat' ? { src: info.room?.avatar, fallback: info.room?.defaultAvatar }
    : {};

  return (
    <header class="webim-chat__header">
      <Avatar name={info.name} size="md" {...avatar} />
      <div class="webim-chat__title">
        <h2 id={titleId} class="webim-chat__name">
          <bdi>{info.name}</bdi>
        </h2>
        {info.kind === 'chat' && info.person && (
          <p class="webim-chat__presence">
            <PresenceDot presence={info.person.presence} show={info.person.show} decorative />
            <span>{t(`presence.${presenceKind(info.person.presence, info.person.show)}`)}</span>
            {info.person.status && (
              <span class="webim-chat__status" dir="auto">
                {' · '}
                {info.person.status}
              </span>
            )}
          </p>
        )}
        {info.kind === 'grpchat' && info.room && (
          <p class="webim-chat__presence">
            {t('chat.memberCount', { online: props.onlineMembers ?? info.room.count, total: info.room.allCount })}
          </p>
        )}
      </div>
      <div class="webim-chat__tools">
        {info.kind === 'grpchat' && (
          <button
            type="button"
            class="webim-btn webim-btn--icon"
            aria-label={t('chat.members')}
            title={t('chat.members')}
            aria-expanded={props.membersOpen}
            aria-controls={props.membersOpen ? props.membersId : undefined}
            onClick={props.onToggleMembers}
          >
            <Icon name="members" />
          </button>
        )}
        {info.kind !== 'broadcast' && (
          <MenuButton label={t('chat.moreActions')} items={actions}>
            <Icon name="menu" />
          </MenuButton>
        )}
        <button type="button" class="webim-btn webim-btn--icon" aria-label={t('chat.close')} title={t('chat.close')} onClick={props.onClose}>
          <Icon name="close" />
        </button>
      </div>
    </header>
  );
}
