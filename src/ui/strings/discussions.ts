import { registerStrings } from '../i18n';

/**
 * Strings of issue 16's features: discussions and invitations, history download, the maximised window, images
 * and files in messages, followed channels.
 */
registerStrings(
  // keys, in the order of the texts below
  'discussion.start discussion.invite discussion.title discussion.inviteTitle discussion.name discussion.namePlaceholder discussion.people discussion.noBuddies discussion.submit discussion.inviteSubmit discussion.cancel discussion.failed discussion.temporary discussion.leaveText chat.download chat.maximize invitation.list invitation.text invitation.join invitation.decline invitation.failed invitation.alert image.show image.hide image.from image.failed file.label channels.posts channels.followed channels.onPage channels.follow channels.unfollow channels.followName channels.unfollowName channels.none channels.failed channels.alert',
  {
    en: 'Start a discussion…|Invite people…|Start a discussion|Invite people to {name}|Name (optional)|e.g. Saturday walk|People to invite|You have no buddies to invite.|Start|Invite|Cancel|Could not invite: {reason}|Temporary discussion|This is a temporary discussion: it disappears when its last member leaves.|Download history|Maximise window|Invitations|{name} invites you to “{room}”|Join|Decline|Could not join “{room}”: {reason}|{name} invites you to a discussion|Show image: {alt}|Hide image|from {host}|The image could not be loaded.|File: {name}|Channel posts|Followed channels|Channels on this page|Follow|Unfollow|Follow {name}|Unfollow {name}|You follow no channels yet.|That did not work: {reason}|New post in {name}',
    'zh-CN':
      '发起讨论…|邀请成员…|发起讨论|邀请成员加入 {name}|名称（可选）|例如：周六徒步|要邀请的人|你还没有可以邀请的好友。|发起|邀请|取消|邀请失败：{reason}|临时讨论组|这是一个临时讨论组：最后一位成员退出后它将被解散。|下载聊天记录|最大化窗口|邀请|{name} 邀请你加入“{room}”|加入|拒绝|无法加入“{room}”：{reason}|{name} 邀请你参加讨论|显示图片：{alt}|隐藏图片|来自 {host}|图片无法加载。|文件：{name}|频道新帖|已关注的频道|本页的频道|关注|取消关注|关注 {name}|取消关注 {name}|你还没有关注任何频道。|操作失败：{reason}|{name} 有新帖',
    'zh-TW':
      '發起討論…|邀請成員…|發起討論|邀請成員加入 {name}|名稱（選填）|例如：週六健行|要邀請的人|你還沒有可以邀請的好友。|發起|邀請|取消|邀請失敗：{reason}|臨時討論組|這是一個臨時討論組：最後一位成員退出後它將被解散。|下載聊天記錄|最大化視窗|邀請|{name} 邀請你加入「{room}」|加入|拒絕|無法加入「{room}」：{reason}|{name} 邀請你參加討論|顯示圖片：{alt}|隱藏圖片|來自 {host}|圖片無法載入。|檔案：{name}|頻道新帖|已關注的頻道|本頁的頻道|關注|取消關注|關注 {name}|取消關注 {name}|你還沒有關注任何頻道。|操作失敗：{reason}|{name} 有新帖',
  },
);
