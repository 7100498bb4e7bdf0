import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '../common/Icon';
import { useI18n } from '../i18n';
import '../strings/chat';
import { EMOJI, EMOJI_COLUMNS } from './emoji';
import { useDismiss } from './useDismiss';

export interface EmojiPickerProps {
  /** Called with the chosen emoji; the picker closes itself. */
  onPick: (emoji: string) => void;
  disabled?: boolean;
}

const rows: string[][] = [];
for (let i = 0; i < EMOJI.length; i += EMOJI_COLUMNS) rows.push(EMOJI.slice(i, i + EMOJI_COLUMNS).map((e) => e.char));

/**
 * An "Emoji" button opening a grid of common emoji. Keyboard: arrows move (rows wrap at the edges), Home/End go
 * to the first/last, Enter or Space insert, Escape closes and returns to the button. Each cell is named by its
 * emoji, which screen readers announce in the user's own language.
 */
export function EmojiPicker({ onPick, disabled }: EmojiPickerProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const gridId = useId();

  useDismiss(open, [gridRef, buttonRef], () => setOpen(false));

  useLayoutEffect(() => {
    if (open) gridRef.current?.querySelectorAll<HTMLElement>('[role="gridcell"]')[active]?.focus();
  }, [open, active]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const pick = (index: number) => {
    setOpen(false);
    onPick(EMOJI[index]!.char);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const last = EMOJI.length - 1;
    const moves: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowLeft: active - 1,
      ArrowDown: active + EMOJI_COLUMNS,
      ArrowUp: active - EMOJI_COLUMNS,
      Home: 0,
      End: last,
    };
    if (e.key in moves) {
      e.preventDefault();
      setActive(Math.min(last, Math.max(0, moves[e.key]!)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      pick(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  return (
    <div class="webim-emoji">
      <button
        ref={buttonRef}
        type="button"
        class="webim-btn webim-btn--icon"
        aria-label={t('chat.emoji')}
        title={t('chat.emoji')}
        aria-haspopup="grid"
        aria-expanded={open}
        aria-controls={open ? gridId : undefined}
        disabled={disabled}
        onClick={() => {
          setActive(0);
          setOpen(!open);
        }}
      >
        <Icon name="smile" />
      </button>
      {open && (
        <div ref={gridRef} id={gridId} role="grid" aria-label={t('chat.emoji')} class="webim-emoji__grid" onKeyDown={onKeyDown}>
          {rows.map((row, r) => (
            <div role="row" key={r} class="webim-emoji__row">
              {row.map((char, c) => {
                const index = r * EMOJI_COLUMNS + c;
                return (
                  <button
                    key={char}
                    type="button"
                    role="gridcell"
                    class="webim-emoji__cell"
                    tabIndex={index === active ? 0 : -1}
                    title={`:${EMOJI[index]!.code}:`}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => pick(index)}
                  >
                    {char}
                  </button>
                );
              })}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
