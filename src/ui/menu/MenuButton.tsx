import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** One entry of a menu. */
export interface MenuEntry {
  label: string;
  /** Radio menus: the current choice. */
  checked?: boolean;
  /** Renders the entry as a link; pass only vetted URLs (see `safeLinkUrl`). */
  href?: string;
  target?: string;
  /** Decoration before the label (a presence dot). */
  icon?: ComponentChildren;
  onSelect?: () => void;
}

export interface MenuButtonProps {
  /** Accessible name of the button when its content does not name it (the name must contain the visible label). */
  label?: string;
  /** Accessible name of the menu. */
  menuLabel: string;
  /** Entries are `menuitemradio` with `aria-checked`; else `menuitem`. */
  radio?: boolean;
  entries: readonly MenuEntry[];
  /** The button's content. */
  children: ComponentChildren;
  class: string;
  /** The menu opens above the button (the bar), else below it (pane headers). */
  up?: boolean;
  /** A focus target name for the button (`data-focus-target`, see shell-state). */
  focusTarget?: string;
}

/**
 * A menu button (WAI-ARIA APG): click, Enter, Space or ArrowDown open at the current (or first) entry, ArrowUp at
 * the last; in the menu arrows cycle, Home/End jump, a letter jumps to the next entry starting with it, Esc closes
 * and returns focus to the button, Tab closes and lets focus move on from the button, a click outside closes.
 */
export function MenuButton({
  label,
  menuLabel,
  radio,
  entries,
  children,
  up,
  focusTarget,
  class: cls,
}: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const [index, setIndex] = useState(0);
  const wrap = useRef<HTMLDivElement>(null);
  const id = useId();
  const n = entries.length;
  const item = (i: number) => wrap.current!.lastElementChild!.children[i] as HTMLElement;
  const openAt = (i: number) => {
    setIndex(i);
    setOpen(true);
  };
  const current = () =>
    Math.max(
      0,
      entries.findIndex((e) => e.checked),
    );
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) (wrap.current!.firstChild as HTMLElement).focus();
  };

  useLayoutEffect(() => {
    if (open) item(index).focus();
  }, [open, index]);

  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => e.composedPath().includes(wrap.current!) || setOpen(false);
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [open]);

  const onMenuKey = (e: KeyboardEvent) => {
    const k = e.key;
    let next = ({ ArrowDown: index + 1, ArrowUp: index + n - 1, Home: 0, End: n - 1 } as Record<string, number>)[k];
    if (k === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (k === 'Tab') {
      // The menu (and its focused item) is gone before the browser moves focus: move on from the button.
      close(true);
    } else if (k === ' ' && entries[index]!.href) {
      e.preventDefault();
      item(index).click();
    } else if (next == null && k.length === 1 && k !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      for (let j = 1; j <= n && next == null; j++) {
        if (entries[(index + j) % n]!.label.toLocaleLowerCase().startsWith(k.toLocaleLowerCase())) next = index + j;
      }
    }
    if (next != null) {
      e.preventDefault();
      setIndex(next % n);
    }
  };

  return (
    <div class={cls} ref={wrap}>
      <button
        data-focus-target={focusTarget}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close(false) : openAt(current()))}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            openAt(e.key === 'ArrowUp' ? n - 1 : current());
          }
        }}
      >
        {children}
      </button>
      {open && (
        <div
          id={id}
          role="menu"
          aria-label={menuLabel}
          class={up ? 'webim-menu webim-menu-opens-up' : 'webim-menu'}
          onKeyDown={onMenuKey}
        >
          {entries.map((entry, i) => {
            const Tag = entry.href ? 'a' : 'button';
            return (
              <Tag
                role={radio ? 'menuitemradio' : 'menuitem'}
                class="webim-menu__item"
                tabIndex={-1}
                aria-checked={radio ? !!entry.checked : undefined}
                href={entry.href}
                target={entry.target}
                // Any target may open a new browsing context, which must not get a handle on this page.
                rel={entry.target ? 'noopener noreferrer' : undefined}
                onMouseMove={() => setIndex(i)}
                onClick={() => {
                  entry.onSelect?.();
                  close(!entry.href);
                }}
              >
                {entry.icon}
                {entry.label}
              </Tag>
            );
          })}
        </div>
      )}
    </div>
  );
}
