import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useDismiss } from './useDismiss';

export interface MenuAction {
  id: string;
  label: string;
  onSelect: () => void;
}

export interface MenuButtonProps {
  /** Accessible name of the button. */
  label: string;
  /** Button content (an icon). */
  children: ComponentChildren;
  items: readonly MenuAction[];
}

/**
 * The WAI-ARIA menu button pattern: Enter, Space or ArrowDown open the menu on its first item, ArrowUp on its
 * last; inside, arrows, Home and End move, Enter/Space choose, Escape closes and Tab leaves. Focus returns to the
 * button whenever the menu closes from the keyboard or by choosing.
 */
export function MenuButton({ label, children, items }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const openAt = (index: number) => {
    setActive((index + items.length) % items.length);
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open) return;
    const item = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active];
    item?.focus();
  }, [open, active]);

  useDismiss(open, [menuRef, buttonRef], () => setOpen(false));

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      openAt(0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(items.length - 1);
    }
  };

  const onMenuKey = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, Home: 0, End: items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      setActive((moves[e.key]! + items.length) % items.length);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  const choose = (item: MenuAction) => {
    close(true);
    item.onSelect();
  };

  return (
    <div class="webim-chat-menu">
      <button
        ref={buttonRef}
        type="button"
        class="webim-btn webim-btn--icon"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt(0))}
        onKeyDown={onButtonKey}
      >
        {children}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-label={label} class="webim-menu webim-chat-menu__list" onKeyDown={onMenuKey}>
          {items.map((item, i) => (
            <div
              key={item.id}
              role="menuitem"
              tabIndex={i === active ? 0 : -1}
              class="webim-menu__item"
              onClick={() => choose(item)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  choose(item);
                }
              }}
            >
              {item.label}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
