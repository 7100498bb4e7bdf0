import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Pane } from '../../store/types';
import { Icon } from '../common/Icon';
import { useI18n } from '../i18n';
import { useShell } from '../shell-state';
import '../strings/shell';

/**
 * The frame of a pane: a non-modal dialog named by its title, with a close control (a back arrow on phones, where
 * the pane fills the screen). When the user opens it, focus moves in: to its `data-autofocus` field or first
 * control; on touch screens to the dialog itself, so no on-screen keyboard pops up unasked.
 */
export function PaneDialog({ pane, children }: { pane: Pane; children: ComponentChildren }) {
  const shell = useShell();
  const { t } = useI18n();
  const ref = useRef<HTMLElement>(null);
  const title = t('bar.' + pane);
  const close = t('pane.close', { name: title });

  useLayoutEffect(() => {
    if (!shell.opened.delete(pane)) return;
    const el = ref.current!;
    const target = matchMedia('(pointer: coarse)').matches
      ? el
      : (el.querySelector<HTMLElement>('[data-autofocus]') ??
        el.querySelector<HTMLElement>('div input, div select, div button, div a[href], div [tabindex="0"]'));
    (target || el).focus();
  }, []);

  return (
    <section
      class="webim-pane"
      id={'webim-pane-' + pane}
      role="dialog"
      aria-modal="false"
      aria-label={title}
      tabIndex={-1}
      ref={ref}
    >
      <header>
        <h2>{title}</h2>
        <button
          class="webim-button webim-button--icon"
          aria-label={close}
          title={close}
          onClick={() => shell.closePane(pane)}
        >
          <Icon name={shell.narrow.value ? 'back' : 'close'} />
        </button>
      </header>
      <div>{children}</div>
    </section>
  );
}
