import { useId, useRef, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { presenceKind } from '../common/PresenceDot';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { ChatHeader } from './ChatHeader';
import { Composer } from './Composer';
import { ConfirmDialog } from './ConfirmDialog';
import { conversationInfo } from './conversationInfo';
import { MembersSidebar } from './MembersSidebar';
import { MessageList } from './MessageList';
import { TypingIndicator } from './TypingIndicator';

export interface ChatWindowProps {
  convKey: ConversationKey;
  /** The user closed the window (close button or Escape). */
  onClose: () => void;
}

/**
 * A conversation's window: header with actions, message log, typing indicator and composer. A non-modal
 * `dialog` named after the conversation. Switching `convKey` starts a fresh window (draft, scroll, menus).
 */
export function ChatWindow({ convKey, onClose }: ChatWindowProps) {
  return <ChatWindowFor key={convKey} convKey={convKey} onClose={onClose} />;
}

/** The element that has focus, looking inside shadow roots. */
function deepActiveElement(doc: Document): Element | null {
  let el = doc.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  const tag = el.tagName;
  return tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && !['button', 'submit', 'reset', 'checkbox', 'radio'].includes((el as HTMLInputElement).type));
}

type Confirming = 'leave' | 'clear' | null;

function ChatWindowFor({ convKey, onClose }: ChatWindowProps) {
  const client = useClient();
  const { t } = useI18n();
  const info = conversationInfo(client.store, convKey, t);
  const titleId = useId();
  const membersId = useId();
  const [membersOpen, setMembersOpen] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [error, setError] = useState('');
  const returnFocus = useRef<Element | null>(null);
  // A window that opens by itself (a new message) must not take the caret from a field the user is typing in.
  const [autoFocus] = useState(() => !isEditable(deepActiveElement(document)));

  const members = info.kind === 'grpchat' ? client.store.members.value.get(info.id) : undefined;
  const onlineMembers = members?.filter((m) => presenceKind(m.presence, m.show) !== 'offline').length;

  const run = (action: () => Promise<void>) => {
    setError('');
    action().catch(() => setError(t('chat.actionFailed')));
  };

  const ask = (what: Confirming) => {
    returnFocus.current = deepActiveElement(document);
    setConfirming(what);
  };
  const endConfirm = () => {
    setConfirming(null);
    const el = returnFocus.current;
    returnFocus.current = null;
    if (el instanceof HTMLElement && el.isConnected) el.focus();
  };
  const confirm = () => {
    const what = confirming;
    endConfirm();
    if (what === 'clear') run(() => client.clearHistory(convKey));
    else if (what === 'leave' && info.kind === 'grpchat') {
      run(() => client.leave(info.id).then(() => client.closeConversation(convKey)));
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing) {
      e.preventDefault();
      onClose();
    }
  };

  return (
    <section class="webim-chat" role="dialog" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <ChatHeader
        info={info}
        titleId={titleId}
        onlineMembers={onlineMembers}
        membersOpen={membersOpen}
        membersId={membersId}
        onToggleMembers={() => setMembersOpen((v) => !v)}
        onToggleBlock={() => {
          if (info.kind !== 'grpchat') return;
          const blocked = info.room?.blocked ?? false;
          run(() => (blocked ? client.unblock(info.id) : client.block(info.id)));
        }}
        onAskLeave={() => ask('leave')}
        onAskClear={() => ask('clear')}
        onClose={onClose}
      />
      {error && (
        <p class="webim-chat__error" role="alert">
          {error}
        </p>
      )}
      <div class="webim-chat__main">
        <MessageList convKey={convKey} />
        {membersOpen && info.kind === 'grpchat' && <MembersSidebar roomId={info.id} id={membersId} />}
      </div>
      <TypingIndicator convKey={convKey} />
      {info.kind === 'broadcast' ? (
        <p class="webim-chat__readonly">{t('chat.readOnly')}</p>
      ) : (
        <Composer convKey={convKey} info={info} autoFocus={autoFocus} />
      )}
      {confirming && (
        <ConfirmDialog
          title={confirming === 'leave' ? t('chat.leaveConfirm.title', { name: info.name }) : t('chat.clearConfirm.title')}
          text={confirming === 'leave' ? t('chat.leaveConfirm.text') : t('chat.clearConfirm.text')}
          confirmLabel={confirming === 'leave' ? t('chat.leaveConfirm.ok') : t('chat.clearConfirm.ok')}
          onConfirm={confirm}
          onCancel={endConfirm}
        />
      )}
    </section>
  );
}
