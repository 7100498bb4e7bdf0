import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** One entry of a menu. */
export interface MenuEntry {
  id: string;
  label: string;
  /** Radio menus: the current choice. */
  checked?: boolean;
  /** Renders the entry as a link; pass only vetted URLs (see `safeLinkUrl`). */
  href?: string;
  target?: '_self' | '_blank';
  /** Decoration before the label (a presence dot, an icon). */
  icon?: ComponentChildren;
  onSelect?: () => void;
}

export interface MenuButtonProps {
  /**
   * Accessible name of the button when its content has no (or not the right) text; leave it out when the content
   * names it (visible and screen-reader-only text), so the name always contains the visible label (WCAG 2.5.3).
   */
  label?: string;
  /** Accessible name of the menu. */
  menuLabel: string;
  /** `radio`: entries are `menuitemradio` with `aria-checked`; `plain`: `menuitem`. */
  kind: 'radio' | 'plain';
  entries: readonly MenuEntry[];
  /** The button's visible content. */
  children: ComponentChildren;
  class?: string;
  /** The menu opens above the button (bar) or below it (pane headers). */
  placement?: 'above' | 'below';
  align?: 'start' | 'end';
  buttonRef?: (el: HTMLElement | null) => void;
}

/**
 * A menu button (WAI-ARIA APG "menu button"): Enter/Space/ArrowDown open at the current (or first) entry,
 * ArrowUp at the last; in the menu, arrows cycle, Home/End jump, a letter jumps to the next entry starting with it,
 * Esc closes and returns focus to the button, Tab closes and lets focus move on, a click outside closes.
 */
export function MenuButton(props: MenuButtonProps) {
  const { entries, kind } = props;
  const [open, setOpen] = useState(false);
  const [index, setIndex] = useState(0);
  const wrapRef = useRef<HTMLDivElement>(null);
  const buttonEl = useRef<HTMLButtonElement | null>(null);
  const itemEls = useRef<Array<HTMLElement | null>>([]);
  const menuId = useId();

  const openAt = (i: number) => {
    setIndex(Math.max(0, Math.min(entries.length - 1, i)));
    setOpen(true);
  };
  const current = () => Math.max(0, entries.findIndex((e) => e.checked));
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonEl.current?.focus();
  };

  useLayoutEffect(() => {
    if (open) itemEls.current[index]?.focus();
  }, [open, index]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: Event) => {
      const wrap = wrapRef.current;
      if (wrap && !e.composedPath().includes(wrap)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  const select = (entry: MenuEntry) => {
    entry.onSelect?.();
    close(!entry.href);
  };

  const onButtonKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      openAt(current());
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(entries.length - 1);
    }
  };

  const onMenuKeyDown = (e: KeyboardEvent) => {
    const n = entries.length;
    let next: number | null = null;
    if (e.key === 'ArrowDown') next = (index + 1) % n;
    else if (e.key === 'ArrowUp') next = (index - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    } else if (e.key === 'Tab') {
      // Tab moves on from the button: put focus there first, because the menu (and the focused item) is gone
      // before the browser performs the Tab.
      close(true);
      return;
    } else if (e.key === ' ' && entries[index]?.href) {
      e.preventDefault();
      itemEls.current[index]?.click();
      return;
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && e.key !== ' ') {
      const ch = e.key.toLocaleLowerCase();
      for (let k = 1; k <= n; k++) {
        const j = (index + k) % n;
        if (entries[j]!.label.toLocaleLowerCase().startsWith(ch)) {
          next = j;
          break;
        }
      }
    }
    if (next !== null) {
      e.preventDefault();
      setIndex(next);
    }
  };

  const role = kind === 'radio' ? 'menuitemradio' : 'menuitem';
  return (
    <div class={`webim-menubutton${props.class ? ` ${props.class}` : ''}`} ref={wrapRef}>
      <button
        type="button"
        class="webim-menubutton__button"
        ref={(el) => {
          buttonEl.current = el;
          props.buttonRef?.(el);
        }}
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(current()))}
        onKeyDown={onButtonKeyDown}
      >
        {props.children}
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          aria-label={props.menuLabel}
          class={`webim-menu webim-menu--${props.placement ?? 'below'} webim-menu--${props.align ?? 'start'}`}
          onKeyDown={onMenuKeyDown}
        >
          {entries.map((entry, i) => {
            const common = {
              role: role as 'menuitem' | 'menuitemradio',
              class: 'webim-menu__item',
              tabIndex: -1,
              ref: (el: HTMLElement | null) => {
                itemEls.current[i] = el;
              },
              'aria-checked': kind === 'radio' ? !!entry.checked : undefined,
              onMouseMove: () => {
                if (i !== index) setIndex(i);
              },
            };
            const content = (
              <>
                {entry.icon}
                <span class="webim-menu__label">{entry.label}</span>
              </>
            );
            return entry.href ? (
              <a key={entry.id} {...common} href={entry.href} target={entry.target} rel={entry.target === '_blank' ? 'noopener noreferrer' : undefined} onClick={() => select(entry)}>
                {content}
              </a>
            ) : (
              <button key={entry.id} {...common} type="button" onClick={() => select(entry)}>
                {content}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
