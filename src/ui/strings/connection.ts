import { registerStrings } from '../i18n';

/** Connection-line texts for a site's setup mistakes (issue 17): what went wrong, in words a visitor can act on. */
registerStrings(
  'connection',
  // keys, in the order of the texts below and of `connection` in each translation (`zh-CN.ts`, `zh-TW.ts`)
  'conn.unreachable conn.unreachableWaiting conn.stopped.unauthorized conn.stopped.forbidden',
  'Chat server unreachable. Retrying…|Chat server unreachable.|Signed out of chat: sign in to the site again.|The site refused the chat login (its security token did not match). Reload the page.',
);
