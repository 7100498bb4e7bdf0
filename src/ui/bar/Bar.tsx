import { PresenceMenu } from '../menu/PresenceMenu';
import { useShell } from '../shell-state';
import { ConnectionLine } from './ConnectionLine';
import { PaneButtons } from './PaneButtons';
import { SiteMenu } from './SiteMenu';
import { TabStrip } from './TabStrip';

/** The bar along the bottom: the user and site menu (left), chat tabs (middle), panes and minimise (right). */
export function Bar() {
  const shell = useShell();
  return (
    <div class="webim-bar">
      <div class="webim-bar__start">
        <PresenceMenu variant="bar" buttonRef={shell.focusRef('bar:user')} />
        <SiteMenu />
      </div>
      {/* In the bar's flow, so it takes room from the tabs instead of covering a window or the page. */}
      <ConnectionLine />
      <TabStrip />
      <PaneButtons />
    </div>
  );
}
