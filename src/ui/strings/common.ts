import { registerStrings } from '../i18n';

/** Strings shared by every UI area: presence names, counters, generic buttons. */
registerStrings(
  // keys, in the order of the texts below
  'presence.available presence.chat presence.away presence.dnd presence.invisible presence.unavailable presence.offline common.unread common.close common.cancel common.ok',
  {
    en: 'Available|Free to chat|Away|Busy|Invisible|Offline|Offline|{count} unread|Close|Cancel|OK',
    'zh-CN': '在线|空闲|离开|忙碌|隐身|离线|离线|{count} 条未读|关闭|取消|确定',
    'zh-TW': '線上|空閒|離開|忙碌|隱身|離線|離線|{count} 則未讀|關閉|取消|確定',
  },
);
