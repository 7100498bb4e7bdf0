import { ChatWindow } from '../chat/ChatWindow';
import { useClient } from '../context';
import { useShell } from '../shell-state';
import { WINDOW_SLOT_ID } from './TabStrip';

/**
 * Where the active conversation's window opens: above its tab on wide screens (the tab strip publishes the tab's
 * left edge; CSS clamps the window into the viewport), full-screen on phones. The window itself is the chat
 * area's `ChatWindow`; closing it collapses the window (the tab stays) and returns focus to the tab.
 */
export function WindowSlot() {
  const { store } = useClient();
  const shell = useShell();
  const key = store.activeTab.value;
  if (!key) return null;
  return (
    <div class="webim-window-slot" id={WINDOW_SLOT_ID} style={{ '--webim-window-x': `${Math.round(shell.activeTabX.value)}px` }}>
      <ChatWindow key={key} convKey={key} onClose={shell.closeWindow} />
    </div>
  );
}
