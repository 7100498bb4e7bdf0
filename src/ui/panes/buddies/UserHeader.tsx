import { Avatar } from '../../common/Avatar';
import { useClient } from '../../context';
import { PresenceMenu } from '../../menu/PresenceMenu';
import { StatusEditor } from './StatusEditor';

/** The buddy pane's header: the user's avatar and nick, the presence menu and the editable status text. */
export function UserHeader() {
  const { store } = useClient();
  const user = store.user.value;
  return (
    <div class="webim-me">
      <Avatar name={user?.nick ?? '?'} src={user?.avatar} fallback={user?.defaultAvatar} size="lg" />
      <div class="webim-me__text">
        <div class="webim-me__line">
          <bdi class="webim-me__nick">{user?.nick ?? ''}</bdi>
          <PresenceMenu variant="pane" />
        </div>
        <StatusEditor />
      </div>
    </div>
  );
}
