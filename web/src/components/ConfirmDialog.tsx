// A modal confirmation dialog built on <dialog>, for destructive actions.
import { useEffect, useRef } from 'react';
import { t } from '../i18n';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  body: React.ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
      data-testid="confirm-dialog"
    >
      <h3>{props.title}</h3>
      <div className="dialog-body">{props.body}</div>
      <div className="dialog-actions">
        <button className="btn" onClick={props.onCancel} disabled={props.busy}>
          {t('common.cancel')}
        </button>
        <button
          className="btn btn-danger"
          onClick={props.onConfirm}
          disabled={props.busy}
          data-testid="confirm-button"
        >
          {props.busy ? t('common.working') : props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
