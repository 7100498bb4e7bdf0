import { registerStrings } from '../i18n';

/** Connection-line texts for a site's setup mistakes (issue 17): what went wrong, in words a visitor can act on. */
registerStrings('conn.unreachable conn.unreachableWaiting conn.stopped.unauthorized conn.stopped.forbidden', {
  en: 'Chat server unreachable. Retrying…|Chat server unreachable.|Signed out of chat: sign in to the site again.|The site refused the chat login (its security token did not match). Reload the page.',
  'zh-CN':
    '无法连接聊天服务器，正在重试…|无法连接聊天服务器。|已退出聊天：请重新登录网站。|网站拒绝了聊天登录（安全令牌不匹配），请刷新页面。',
  'zh-TW':
    '無法連線聊天伺服器，正在重試…|無法連線聊天伺服器。|已登出聊天：請重新登入網站。|網站拒絕了聊天登入（安全權杖不符），請重新整理頁面。',
});
