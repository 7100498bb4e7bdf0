import type { Translations } from '../i18n';

/**
 * Traditional Chinese: per strings area (`chat.ts`, `shell.ts`, …), the texts in the order of that area's keys, joined with
 * `|`; an empty text falls back to English. Data only: the script-tag build ships it as `dist/locales/zh-TW.js`,
 * loaded when the bar speaks zh-TW; the npm build registers it up front (`all-locales.ts`).
 */
export const zhTW: Translations = {
  chat: '訊息記錄|訊息|傳送|表情符號|關閉聊天|更多操作|成員|{online} 人在線 · 共 {total} 人|{name}（我）|封鎖群組|解除封鎖|退出群組|清除聊天記錄|退出 {name}？|退出後將不再收到此群組的訊息。|退出|清除聊天記錄？|此對話中的所有訊息都將被刪除。|清除|操作失敗，請重試。|站長廣播|公告|今天|昨天|載入中…|載入更早的訊息|對話開始|無法載入聊天記錄。|{count} 則新訊息 ↓|傳送中…|傳送失敗|重試|{name} 加入了群組|{name} 離開了群組|{name} 上線了|{name} 下線了|{name} 正在輸入…|{a} 和 {b} 正在輸入…|多人正在輸入…|{name} 不在線，訊息將在對方上線後送達。|你已封鎖此群組，解除封鎖後才能傳送訊息。|你已中斷連線，重新上線後才能傳送訊息。|正在連線… 連線恢復後訊息將自動傳送。|還可輸入 {count} 個字|超出 {count} 個字|公告只能閱讀，無法回覆。|與 {name} 聊天|({count}) 來自 {name} 的新訊息|站長廣播|來自 {name} 的公告|1 則新訊息 ↓',
  common: '線上|空閒|離開|忙碌|隱身|離線|離線|{count} 則未讀|關閉|取消|確定',
  connection:
    '無法連線聊天伺服器，正在重試…|無法連線聊天伺服器。|已登出聊天：請重新登入網站。|網站拒絕了聊天登入（安全權杖不符），請重新整理頁面。',
  discussions:
    '發起討論…|邀請成員…|發起討論|邀請成員加入 {name}|名稱（選填）|例如：週六健行|要邀請的人|你還沒有可以邀請的好友。|發起|邀請|取消|邀請失敗：{reason}|臨時討論組|這是一個臨時討論組：最後一位成員退出後它將被解散。|下載聊天記錄|最大化視窗|邀請|{name} 邀請你加入「{room}」|加入|拒絕|無法加入「{room}」：{reason}|{name} 邀請你參加討論|顯示圖片：{alt}|隱藏圖片|來自 {host}|圖片無法載入。|檔案：{name}|頻道新帖|已關注的頻道|本頁的頻道|關注|取消關注|關注 {name}|取消關注 {name}|你還沒有關注任何頻道。|操作失敗：{reason}|{name} 有新帖',
  shell:
    '聊天|站點選單|好友|群組|通知|設定|最小化聊天|還原聊天|{count} 人在線|開啟的對話|前面的對話|前面的對話，{count} 個有未讀訊息|更多對話|更多對話，{count} 個有未讀訊息|關閉與 {name} 的對話|正在連線…|連線已中斷，正在重新連線…|{seconds} 秒後重試|立即重試|網路已中斷，恢復後聊天將繼續。|已登出聊天。|已登出聊天（{reason}）。|重新登入|關閉{name}|變更我的狀態|我的狀態：{status}|狀態：|設定狀態訊息|編輯狀態訊息：{status}|狀態訊息|搜尋好友|依暱稱或 ID 搜尋|沒有相符的好友|還沒有好友|好友列表|我的好友|訪客|{online}/{total} 在線|載入中…|我的群組|你還沒有加入任何群組。|{count}/{all} 在線|已封鎖|依 ID 加入群組|加入|正在加入…|無法加入「{id}」：{reason}|站內通知|沒有通知|新|新訊息聲音提示|好友列表保持開啟|縮小工具列|新訊息自動彈出對話|桌面通知|瀏覽器已封鎖本站的通知，請在瀏覽器的網站設定中允許。|此瀏覽器不支援桌面通知。|語言|跟隨瀏覽器|本站已設定介面語言。|設定儲存失敗：{reason}|||',
};
