import { useId, useRef, useState } from 'preact/hooks';
import type { ConversationKey, RoomMember } from '../../protocol/types';
import { Avatar } from '../common/Avatar';
import { Icon } from '../common/Icon';
import { dot, PresenceDot } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import { MenuButton } from '../menu/MenuButton';
import '../strings/chat';
import '../strings/common';
import '../strings/discussions';
import { chatWindowView, memberRows } from './chat-window-model';
import { focusOnMount, iconButton } from './common';
import { Composer } from './Composer';
import { DiscussionDialog } from './DiscussionDialog';
import { MessageList } from './MessageList';
import { setWindowMaximized, windowMaximized } from './window-size';

export interface ChatWindowProps {
  convKey: ConversationKey;
  /** The user closed the window (close button or Escape). */
  onClose: () => void;
}

/**
 * A conversation's window: a non-modal `dialog` named after the conversation, with its header (avatar, presence or
 * member count, members, actions, close), message log, typing line and composer. Switching `convKey` starts a
 * fresh window (draft, scroll, menus).
 */
export function ChatWindow(props: ChatWindowProps) {
  return <Window key={props.convKey} {...props} />;
}

function Window({ convKey, onClose }: ChatWindowProps) {
  const client = useClient();
  const { store } = client;
  const { t } = useI18n();
  const id = useId();
  const section = useRef<HTMLElement>(null);
  /** The members sidebar: closed (null), fetching, failed, or the fetched list. */
  const [members, setMembers] = useState<RoomMember[] | 'loading' | 'failed' | null>(null);
  /** The destructive action waiting for confirmation. */
  const [ask, setAsk] = useState<'leave' | 'clear' | ''>('');
  const [error, setError] = useState('');
  /** The buddy picker of "Start a discussion" / "Invite people" is open. */
  const [picking, setPicking] = useState(false);

  const view = chatWindowView(store, convKey, t);
  const { kind, target, name, room, person } = view;
  const stored = room && store.members.value.get(target);

  const run = (action: Promise<unknown>) => {
    setError('');
    action.catch(() => setError(t('chat.actionFailed')));
  };
  const menuButton = () => section.current!.querySelector<HTMLElement>('[aria-haspopup=menu]')!;
  // The confirmation was asked from the actions menu: focus goes back to its button.
  const endAsk = () => {
    setAsk('');
    menuButton().focus();
  };
  // The browser saves the attachment the server sends (`download_history`); the page stays where it is.
  const download = () => {
    const url = client.historyDownloadUrl(convKey);
    if (!url) return;
    const link = document.createElement('a');
    link.href = url;
    link.download = '';
    link.hidden = true;
    section.current!.append(link);
    link.click();
    link.remove();
  };

  return (
    <section
      ref={section}
      class="webim-chat"
      role="dialog"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing) {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <header>
        <Avatar name={name} src={(room ?? person)?.avatar} fallback={(room ?? person)?.defaultAvatar} />
        <hgroup>
          <h2 id={id}>
            <bdi>{name}</bdi>
          </h2>
          {view.presence && (
            <p class="webim-chat__presence">
              {dot(view.presence.kind)}
              <span>{view.presence.label}</span>
              {view.presence.status && <span dir="auto"> · {view.presence.status}</span>}
            </p>
          )}
          {view.temporaryLabel && <p class="webim-temporary-marker">{view.temporaryLabel}</p>}
          {view.memberCount && <p class="webim-chat__presence">{view.memberCount}</p>}
        </hgroup>
        {view.hasMembers &&
          iconButton(t('chat.members'), 'members', {
            'aria-expanded': !!members,
            'aria-controls': members ? `${id}m` : undefined,
            onClick: () => {
              if (members) return setMembers(null);
              setMembers('loading');
              // Fetched on every opening; a reply that comes after closing leaves the sidebar closed.
              client.members(target).then(
                (fetched) => setMembers((open) => open && fetched),
                () => setMembers((open) => open && 'failed'),
              );
            },
          })}
        {view.actions.length > 0 && (
          <MenuButton
            label={t('chat.moreActions')}
            menuLabel={t('chat.moreActions')}
            class="webim-more-menu"
            entries={view.actions.map(({ action, label }) => ({
              label,
              onSelect: () =>
                action === 'block'
                  ? run(client.block(target))
                  : action === 'unblock'
                    ? run(client.unblock(target))
                    : action === 'invite'
                      ? setPicking(true)
                      : action === 'download'
                        ? download()
                        : setAsk(action),
            }))}
          >
            <Icon name="menu" />
          </MenuButton>
        )}
        {/* Phones show windows full-screen already: CSS hides this there. */}
        {iconButton(t('chat.maximize'), 'maximize', {
          class: 'webim-button webim-button--icon webim-maximize',
          'aria-pressed': windowMaximized.value,
          onClick: () => setWindowMaximized(!windowMaximized.value),
        })}
        {iconButton(t('chat.close'), 'close', { onClick: onClose })}
      </header>
      {error && <p role="alert">{error}</p>}
      <div class="webim-chat-body">
        <MessageList convKey={convKey} />
        {members && (
          // The dot follows the name, so a member's button reads "Bob Available"; CSS shows the dot first.
          <aside id={`${id}m`} aria-label={t('chat.members')}>
            <h3>{t('chat.members')}</h3>
            {!stored && members === 'loading' && <p role="status">{t('chat.loading')}</p>}
            {!stored && members === 'failed' && <p role="alert">{t('chat.actionFailed')}</p>}
            <ul>
              {memberRows(store, stored || (Array.isArray(members) ? members : []), t).map((m) => {
                const Tag = m.self ? 'span' : 'button';
                return (
                  <li key={m.id}>
                    <Tag onClick={m.self ? undefined : () => client.openConversation(`chat:${m.id}`, { nick: m.nick })}>
                      <bdi>{m.label}</bdi>
                      <PresenceDot presence={m.presence} show={m.show} />
                    </Tag>
                  </li>
                );
              })}
            </ul>
          </aside>
        )}
      </div>
      {view.readOnly ? (
        <p class="webim-read-only">{t('chat.readOnly')}</p>
      ) : (
        <Composer
          convKey={convKey}
          to={target}
          room={kind === 'grpchat'}
          blocked={!!room?.blocked}
          offlineName={view.offlineName}
        />
      )}
      {picking && (
        <DiscussionDialog
          room={kind === 'grpchat' ? room : undefined}
          preselected={kind === 'chat' ? target : undefined}
          onCancel={() => {
            setPicking(false);
            menuButton().focus();
          }}
          onDone={(made) => {
            setPicking(false);
            if (kind === 'grpchat') menuButton().focus();
            else client.openConversation(`grpchat:${made.id}`);
          }}
        />
      )}
      {ask && (
        // Asks before a destructive action: focus starts on Cancel, Tab stays on the two buttons, Escape cancels.
        <div
          class="webim-confirm"
          role="alertdialog"
          aria-labelledby={`${id}q`}
          aria-describedby={`${id}d`}
          onKeyDown={(e) => {
            if (e.key === 'Escape') endAsk();
            else if (e.key === 'Tab') {
              const [cancel, confirm] = e.currentTarget.querySelectorAll('button');
              (e.target === cancel ? confirm : cancel)!.focus();
            } else return;
            e.preventDefault();
          }}
        >
          <div>
            <h2 id={`${id}q`}>{t(`chat.${ask}Confirm.title`, { name })}</h2>
            <p id={`${id}d`}>
              {ask === 'leave' && room?.temporary ? t('discussion.leaveText') : t(`chat.${ask}Confirm.text`)}
            </p>
            <button ref={focusOnMount} class="webim-button" onClick={endAsk}>
              {t('common.cancel')}
            </button>
            <button
              class="webim-button webim-button--danger"
              onClick={() => {
                endAsk();
                run(
                  ask === 'clear'
                    ? client.clearHistory(convKey)
                    : client.leave(target).then(() => client.closeConversation(convKey)),
                );
              }}
            >
              {t(`chat.${ask}Confirm.ok`)}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
