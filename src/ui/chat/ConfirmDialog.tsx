import { useId, useLayoutEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import '../strings/common';

export interface ConfirmDialogProps {
  title: string;
  text: string;
  /** Label of the confirming (destructive) button. */
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * An `alertdialog` over the chat window asking before a destructive action. Focus starts on Cancel (the safe
 * choice), Tab stays between the two buttons, and Escape cancels. The opener restores focus when it closes.
 */
export function ConfirmDialog({ title, text, confirmLabel, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useI18n();
  const titleId = useId();
  const textId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useLayoutEffect(() => {
    cancelRef.current?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      const root = cancelRef.current?.getRootNode() as Document | ShadowRoot | undefined;
      (root?.activeElement === cancelRef.current ? confirmRef : cancelRef).current?.focus();
    }
  };

  return (
    <div class="webim-confirm" role="alertdialog" aria-labelledby={titleId} aria-describedby={textId} onKeyDown={onKeyDown}>
      <div class="webim-confirm__box">
        <h2 id={titleId} class="webim-confirm__title">{title}</h2>
        <p id={textId} class="webim-confirm__text">{text}</p>
        <div class="webim-confirm__actions">
          <button ref={cancelRef} type="button" class="webim-btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button ref={confirmRef} type="button" class="webim-btn webim-btn--danger" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
