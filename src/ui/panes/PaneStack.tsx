import { useShell } from '../shell-state';
import { BuddiesPane } from './buddies/BuddiesPane';
import { NotificationsPane } from './NotificationsPane';
import { RoomsPane } from './RoomsPane';
import { SettingsPane } from './SettingsPane';

const PANES = { buddies: BuddiesPane, rooms: RoomsPane, notifications: NotificationsPane, settings: SettingsPane };

/** The open panes, right-aligned above the bar: the sticky buddy pane at the edge, another pane beside it. */
export function PaneStack() {
  const panes = useShell().panes.value;
  return panes.length ? (
    <div class="webim-pane-stack">
      {panes.map((pane) => {
        const Pane = PANES[pane];
        return <Pane key={pane} />;
      })}
    </div>
  ) : null;
}
