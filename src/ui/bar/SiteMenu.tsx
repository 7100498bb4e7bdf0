import { Icon } from '../common/Icon';
import { useToolbarOptions } from '../context';
import { useNarrow } from '../hooks/useMediaQuery';
import { useI18n } from '../i18n';
import { MenuButton, type MenuEntry } from '../menu/MenuButton';
import type { MenuItem } from '../options';
import '../strings/shell';
import { safeLinkUrl } from '../util/safe-link';

/** A site's menu entry made safe: the href only when it is http(s) or relative; entries that do nothing dropped. */
export function siteMenuEntries(items: readonly MenuItem[] | undefined): MenuEntry[] {
  const entries: MenuEntry[] = [];
  (items ?? []).forEach((item, i) => {
    const href = safeLinkUrl(item.href);
    if (!href && !item.onSelect) return;
    if (typeof item.label !== 'string' || !item.label.trim()) return;
    entries.push({ id: `site-${i}`, label: item.label, href, target: item.target, onSelect: item.onSelect });
  });
  return entries;
}

/** The site's own menu entries (white paper: "menu customisation"): inline links, or one menu on phones. */
export function SiteMenu() {
  const { menu } = useToolbarOptions();
  const { t } = useI18n();
  const narrow = useNarrow();
  const entries = siteMenuEntries(menu);
  if (!entries.length) return null;
  if (narrow) {
    return (
      <MenuButton class="webim-sitemenu" label={t('bar.siteMenu')} menuLabel={t('bar.siteMenu')} kind="plain" entries={entries} placement="above">
        <Icon name="menu" />
      </MenuButton>
    );
  }
  return (
    <nav class="webim-sitemenu" aria-label={t('bar.siteMenu')}>
      {entries.map((entry) =>
        entry.href ? (
          <a
            key={entry.id}
            class="webim-sitemenu__link"
            href={entry.href}
            target={entry.target}
            rel={entry.target === '_blank' ? 'noopener noreferrer' : undefined}
            onClick={entry.onSelect}
          >
            {entry.label}
          </a>
        ) : (
          <button key={entry.id} type="button" class="webim-sitemenu__link" onClick={entry.onSelect}>
            {entry.label}
          </button>
        ),
      )}
    </nav>
  );
}
