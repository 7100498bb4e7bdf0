import { useEffect, useState } from 'preact/hooks';
import type { ConversationKey } from '../../protocol/types';
import { useClient } from '../context';
import { useI18n } from '../i18n';
import '../strings/chat';
import { findPerson } from './conversationInfo';

/**
 * "Alice is typing…" from `store.typing`. Each entry carries its own expiry; the indicator hides expired entries
 * itself (a timer wakes it at the next expiry) instead of waiting for the store to sweep them.
 */
export function TypingIndicator({ convKey }: { convKey: ConversationKey }) {
  const client = useClient();
  const { t } = useI18n();
  const [, setTick] = useState(0);
  const entries = client.store.typing.value.get(convKey) ?? [];
  const me = client.store.user.value?.id;
  const now = Date.now();
  const live = entries.filter((e) => e.until > now && e.from !== me);

  const nextExpiry = live.length ? Math.min(...live.map((e) => e.until)) : 0;
  useEffect(() => {
    if (!nextExpiry) return;
    const id = setTimeout(() => setTick((n) => n + 1), Math.max(0, nextExpiry - Date.now()) + 1);
    return () => clearTimeout(id);
  }, [nextExpiry]);

  const names = live.map((e) => e.nick || findPerson(client.store, e.from)?.nick || e.from);
  const text =
    names.length === 0 ? ''
    : names.length === 1 ? t('chat.typing.one', { name: names[0]! })
    : names.length === 2 ? t('chat.typing.two', { a: names[0]!, b: names[1]! })
    : t('chat.typing.many');

  return (
    <p class="webim-typing" role="status" dir="auto">
      {text}
    </p>
  );
}
