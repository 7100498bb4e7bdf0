import { addTranslations } from '../i18n';
import { zhCN } from './zh-CN';
import { zhTW } from './zh-TW';

// The npm build speaks every locale at once: an SPA's bundler splits code as its app decides. The script-tag build
// leaves this out and loads `dist/locales/<locale>.js` when the bar speaks it (`script-tag/locale-files.ts`).
addTranslations('zh-CN', zhCN);
addTranslations('zh-TW', zhTW);
