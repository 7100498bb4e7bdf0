import type { FunctionComponent } from 'preact';
import type { Pane } from '../../store/types';
import { useShell } from '../shell-state';
import { BuddiesPane } from './buddies/BuddiesPane';
import { NotificationsPane } from './NotificationsPane';
import { RoomsPane } from './RoomsPane';
import { SettingsPane } from './SettingsPane';

const PANE_COMPONENTS: Record<Pane, FunctionComponent> = {
  buddies: BuddiesPane,
  rooms: RoomsPane,
  notifications: NotificationsPane,
  settings: SettingsPane,
};

/** The open panes, right-aligned above the bar: the sticky buddy pane at the edge, another pane beside it. */
export function PaneStack() {
  const panes = useShell().openPanes.value;
  if (!panes.length) return null;
  return (
    <div class="webim-panes">
      {panes.map((pane) => {
        const Component = PANE_COMPONENTS[pane];
        return <Component key={pane} />;
      })}
    </div>
  );
}
