import { windowMaximized } from '../chat/window-size';
import { ChatWindow } from '../chat/ChatWindow';
import { Badge } from '../common/Badge';
import { Icon } from '../common/Icon';
import { useFrameValue } from '../hooks/useFrameValue';
import { useNow } from '../hooks/useNow';
import { useI18n } from '../i18n';
import { MenuButton } from '../menu/MenuButton';
import { PresenceMenu } from '../menu/PresenceMenu';
import { useShell } from '../shell-state';
import '../strings/connection';
import '../strings/shell';
import { safeLinkUrl } from '../util/safe-link';
import { connectionLineView } from './connection-line';
import { TabStrip } from './TabStrip';

/** The bar along the bottom: the user and site menu (left), chat tabs (middle), panes and minimise (right). */
export const Bar = () => (
  <div class="webim-toolbar">
    <PresenceMenu bar />
    <SiteMenu />
    {/* In the bar's flow, so it takes room from the tabs instead of covering a window or the page. */}
    <ConnectionLine />
    <TabStrip />
    <PaneButtons />
  </div>
);

/**
 * The site's own menu entries (white paper: "menu customisation"): inline links, or one menu on phones. Only
 * http(s) or relative links; entries with no label, or that do nothing, are dropped.
 */
function SiteMenu() {
  const { options, narrow } = useShell();
  const { t } = useI18n();
  const entries = (options.menu || [])
    .map((item) => ({ ...item, href: safeLinkUrl(item.href) }))
    .filter((item) => (item.href || item.onSelect) && item.label?.trim?.());
  const label = t('bar.siteMenu');
  if (!entries.length) return null;
  return narrow.value ? (
    <MenuButton class="webim-menu-button" label={label} menuLabel={label} entries={entries} up>
      <Icon name="menu" />
    </MenuButton>
  ) : (
    <nav class="webim-site-links" aria-label={label}>
      {entries.map(({ href, target, onSelect, label }) =>
        href ? (
          <a href={href} target={target} rel={target ? 'noopener noreferrer' : undefined} onClick={onSelect}>
            {label}
          </a>
        ) : (
          <button onClick={onSelect}>{label}</button>
        ),
      )}
    </nav>
  );
}

/**
 * A slim status line while not connected: connecting, reconnecting or unreachable (a live countdown and "Retry
 * now"), offline, stopped (the reason and "Sign in again"). The live region stays in place (empty while connected or
 * idle), so every change is announced; the countdown is not (it would flood a screen reader).
 */
export function ConnectionLine() {
  const { client } = useShell();
  const { t } = useI18n();
  const status = client.store.connection.value;
  const now = useNow(status.state === 'reconnecting' || status.state === 'unreachable');
  const line = connectionLineView(status, now, t);
  return (
    <div class={line.shown ? 'webim-connection webim-connection--' + line.state : 'webim-connection-hidden'}>
      <span role="status" class={line.shown ? '' : 'webim-visually-hidden'}>
        {line.text}
      </span>
      {line.countdown && <span aria-live="off">{line.countdown}</span>}
      {line.action && (
        <button class="webim-button webim-button--link" onClick={() => void client.online().catch(() => {})}>
          {line.action.label}
        </button>
      )}
    </div>
  );
}

const PANES = ['buddies', 'rooms', 'notifications', 'settings'] as const;

/** The bar's right side: Buddies (online count), Rooms, Notifications (unread count), Settings, Minimise. */
function PaneButtons() {
  const shell = useShell();
  const { t } = useI18n();
  const open = shell.panes.value;
  const minimize = t('bar.minimize');
  return (
    <>
      {PANES.map((pane) => {
        const expanded = open.includes(pane);
        const label = t('bar.' + pane);
        return (
          <button
            class="webim-pane-button"
            data-focus-target={'pane:' + pane}
            aria-expanded={expanded}
            aria-controls={expanded ? 'webim-pane-' + pane : undefined}
            title={label}
            onClick={() => shell.toggle(pane)}
          >
            <Icon name={pane} />
            <span class={pane === 'buddies' ? '' : 'webim-visually-hidden'}>{label}</span>
            {pane === 'buddies' ? (
              <OnlineCount />
            ) : (
              pane === 'notifications' && <Badge count={shell.client.store.notificationsUnread.value} />
            )}
          </button>
        );
      })}
      <button
        class="webim-pane-button"
        data-focus-target="minimize"
        title={minimize}
        onClick={() => shell.minimize(true)}
      >
        <Icon name="minimize" />
        <span class="webim-visually-hidden">{minimize}</span>
      </button>
    </>
  );
}

/** Buddies online now (visitors aside): a component of its own, re-rendered at most once per frame in a storm. */
function OnlineCount() {
  const { client } = useShell();
  const { t } = useI18n();
  let count = 0;
  for (const g of useFrameValue(client.store.buddyGroups)) if (!g.visitors) count += g.online;
  return (
    <span class="webim-online-count">
      <span aria-hidden="true">{count}</span>
      <span class="webim-visually-hidden">{t('bar.onlineCount', { count })}</span>
    </span>
  );
}

/** The minimised layout's one button, with the total unread count; it restores the bar. */
export function MinimizedBar() {
  const shell = useShell();
  const { t } = useI18n();
  const label = t('bar.restore');
  return (
    <button
      class="webim-restore-button"
      data-focus-target="restore"
      title={label}
      onClick={() => shell.minimize(false)}
    >
      <Icon name="chat" size={22} />
      <span class="webim-visually-hidden">{label}</span>
      <Badge count={shell.client.store.totalUnread.value} />
    </button>
  );
}

/**
 * Where the active conversation's window opens: above its tab on wide screens (the tab strip publishes the tab's
 * left edge; CSS keeps the window inside the viewport), full-screen on phones. Closing it collapses the window
 * (the tab stays) and returns focus to the tab.
 */
export function WindowSlot() {
  const shell = useShell();
  const key = shell.client.store.activeTab.value;
  return (
    key && (
      <div
        class={windowMaximized.value ? 'webim-window-position webim-window--maximized' : 'webim-window-position'}
        id="webim-window"
        style={'--webim-window-left:' + shell.x.value + 'px'}
      >
        <ChatWindow convKey={key} onClose={shell.closeWindow} />
      </div>
    )
  );
}
