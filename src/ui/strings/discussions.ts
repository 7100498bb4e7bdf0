import { registerStrings } from '../i18n';

/**
 * Strings of issue 16's features: discussions and invitations, history download, the maximised window, images
 * and files in messages, followed channels.
 */
registerStrings(
  'discussions',
  // keys, in the order of the texts below and of `discussions` in each translation (`zh-CN.ts`, `zh-TW.ts`)
  'discussion.start discussion.invite discussion.title discussion.inviteTitle discussion.name discussion.namePlaceholder discussion.people discussion.noBuddies discussion.submit discussion.inviteSubmit discussion.cancel discussion.failed discussion.temporary discussion.leaveText chat.download chat.maximize invitation.list invitation.text invitation.join invitation.decline invitation.failed invitation.alert image.show image.hide image.from image.failed file.label channels.posts channels.followed channels.onPage channels.follow channels.unfollow channels.followName channels.unfollowName channels.none channels.failed channels.alert',
  'Start a discussion…|Invite people…|Start a discussion|Invite people to {name}|Name (optional)|e.g. Saturday walk|People to invite|You have no buddies to invite.|Start|Invite|Cancel|Could not invite: {reason}|Temporary discussion|This is a temporary discussion: it disappears when its last member leaves.|Download history|Maximise window|Invitations|{name} invites you to “{room}”|Join|Decline|Could not join “{room}”: {reason}|{name} invites you to a discussion|Show image: {alt}|Hide image|from {host}|The image could not be loaded.|File: {name}|Channel posts|Followed channels|Channels on this page|Follow|Unfollow|Follow {name}|Unfollow {name}|You follow no channels yet.|That did not work: {reason}|New post in {name}',
);
