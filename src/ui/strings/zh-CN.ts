import type { Translations } from '../i18n';

/**
 * Simplified Chinese: per strings area (`chat.ts`, `shell.ts`, …), the texts in the order of that area's keys, joined with
 * `|`; an empty text falls back to English. Data only: the script-tag build ships it as `dist/locales/zh-CN.js`,
 * loaded when the bar speaks zh-CN; the npm build registers it up front (`all-locales.ts`).
 */
export const zhCN: Translations = {
  chat: '消息记录|消息|发送|表情|关闭聊天|更多操作|成员|{online} 人在线 · 共 {total} 人|{name}（我）|屏蔽群组|取消屏蔽|退出群组|清除聊天记录|退出 {name}？|退出后将不再收到此群组的消息。|退出|清除聊天记录？|此会话中的所有消息都将被删除。|清除|操作失败，请重试。|站长广播|公告|今天|昨天|加载中…|加载更早的消息|会话开始|无法加载聊天记录。|{count} 条新消息 ↓|发送中…|发送失败|重试|{name} 加入了群组|{name} 离开了群组|{name} 上线了|{name} 下线了|{name} 正在输入…|{a} 和 {b} 正在输入…|多人正在输入…|{name} 不在线，消息将在对方上线后送达。|你已屏蔽此群组，取消屏蔽后才能发送消息。|你已断开连接，重新上线后才能发送消息。|正在连接… 连接恢复后消息将自动发送。|还可输入 {count} 个字|超出 {count} 个字|公告只能阅读，不能回复。|与 {name} 聊天|({count}) 来自 {name} 的新消息|站长广播|来自 {name} 的公告|1 条新消息 ↓',
  common: '在线|空闲|离开|忙碌|隐身|离线|离线|{count} 条未读|关闭|取消|确定',
  connection:
    '无法连接聊天服务器，正在重试…|无法连接聊天服务器。|已退出聊天：请重新登录网站。|网站拒绝了聊天登录（安全令牌不匹配），请刷新页面。',
  discussions:
    '发起讨论…|邀请成员…|发起讨论|邀请成员加入 {name}|名称（可选）|例如：周六徒步|要邀请的人|你还没有可以邀请的好友。|发起|邀请|取消|邀请失败：{reason}|临时讨论组|这是一个临时讨论组：最后一位成员退出后它将被解散。|下载聊天记录|最大化窗口|邀请|{name} 邀请你加入“{room}”|加入|拒绝|无法加入“{room}”：{reason}|{name} 邀请你参加讨论|显示图片：{alt}|隐藏图片|来自 {host}|图片无法加载。|文件：{name}|频道新帖|已关注的频道|本页的频道|关注|取消关注|关注 {name}|取消关注 {name}|你还没有关注任何频道。|操作失败：{reason}|{name} 有新帖',
  shell:
    '聊天|站点菜单|好友|群组|通知|设置|最小化聊天|还原聊天|{count} 人在线|打开的对话|前面的对话|前面的对话，{count} 个有未读消息|更多对话|更多对话，{count} 个有未读消息|关闭与 {name} 的对话|正在连接…|连接已断开，正在重新连接…|{seconds} 秒后重试|立即重试|网络已断开，恢复后聊天将继续。|已退出聊天。|已退出聊天（{reason}）。|重新登录|关闭{name}|更改我的状态|我的状态：{status}|状态：|设置状态消息|编辑状态消息：{status}|状态消息|搜索好友|按昵称或 ID 搜索|没有匹配的好友|还没有好友|好友列表|我的好友|访客|{online}/{total} 在线|加载中…|我的群组|你还没有加入任何群组。|{count}/{all} 在线|已屏蔽|按 ID 加入群组|加入|正在加入…|无法加入“{id}”：{reason}|站内通知|暂无通知|新|新消息声音提示|好友列表保持打开|缩小工具条|新消息自动弹出对话|桌面通知|浏览器已阻止本站的通知，请在浏览器的网站设置中允许。|此浏览器不支持桌面通知。|语言|跟随浏览器|本站已设定界面语言。|设置保存失败：{reason}|||',
};
