import { registerStrings } from '../i18n';

/** Strings shared by every UI area: presence names, counters, generic buttons. */
registerStrings(
  'common',
  // keys, in the order of the texts below and of `common` in each translation (`zh-CN.ts`, `zh-TW.ts`)
  'presence.available presence.chat presence.away presence.dnd presence.invisible presence.unavailable presence.offline common.unread common.close common.cancel common.ok',
  'Available|Free to chat|Away|Busy|Invisible|Offline|Offline|{count} unread|Close|Cancel|OK',
);
