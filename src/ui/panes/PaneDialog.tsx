import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import type { Pane } from '../../store/types';
import { Icon } from '../common/Icon';
import { useNarrow } from '../hooks/useMediaQuery';
import { useI18n } from '../i18n';
import { paneId } from '../bar/PaneButtons';
import { useShell } from '../shell-state';
import '../strings/shell';

const FOCUSABLE_IN_BODY = ['input', 'select', 'button', 'a[href]', '[tabindex="0"]'].map((s) => `.webim-pane__body ${s}`).join(', ');

export interface PaneDialogProps {
  pane: Pane;
  title: string;
  children: ComponentChildren;
  /** Extra header content after the title. */
  header?: ComponentChildren;
}

/**
 * The frame of a pane: a non-modal dialog named by its title, with a close control (a back arrow on phones,
 * where the pane fills the screen). When the user opens it, focus moves to its first field or control.
 */
export function PaneDialog({ pane, title, children, header }: PaneDialogProps) {
  const shell = useShell();
  const { t } = useI18n();
  const narrow = useNarrow();
  const titleId = useId();
  const ref = useRef<HTMLElement | null>(null);

  useLayoutEffect(() => {
    if (!shell.takeOpenFocus(pane)) return;
    const el = ref.current;
    const target =
      el?.querySelector<HTMLElement>('[data-autofocus]') ??
      el?.querySelector<HTMLElement>(FOCUSABLE_IN_BODY);
    (target ?? el)?.focus();
  }, [pane]);

  return (
    <section
      class={`webim-pane webim-pane--${pane}`}
      id={paneId(pane)}
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      tabIndex={-1}
      ref={(el) => {
        ref.current = el;
        shell.paneRef(pane)(el);
      }}
    >
      <header class="webim-pane__header">
        <h2 class="webim-pane__title" id={titleId}>
          {title}
        </h2>
        {header}
        <button type="button" class="webim-btn webim-btn--icon webim-pane__close" aria-label={t('pane.close', { name: title })} title={t('pane.close', { name: title })} onClick={() => shell.closePane(pane)}>
          <Icon name={narrow ? 'back' : 'close'} />
        </button>
      </header>
      <div class="webim-pane__body">{children}</div>
    </section>
  );
}
