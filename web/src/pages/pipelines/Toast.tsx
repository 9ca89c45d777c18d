// A transient message over the canvas (a refused connection, "saved as version 3"). It stays
// for a few seconds, or until replaced; screen readers hear it (role=status / alert).
import { useEffect } from 'react';
import { t } from '../../i18n';

export interface ToastMessage {
  text: string;
  kind: 'info' | 'error' | 'success';
  serial: number; // a new serial restarts the timer even for the same text
}

export function Toast({ toast, onClose }: { toast: ToastMessage | null; onClose: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = window.setTimeout(onClose, toast.kind === 'error' ? 8000 : 4000);
    return () => window.clearTimeout(timer);
  }, [toast, onClose]);
  if (!toast) return null;
  return (
    <div className={`pl-toast ${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}
      data-testid="pipeline-toast" data-kind={toast.kind}>
      <span>{toast.text}</span>
      <button type="button" className="pl-icon-btn" aria-label={t('pipelines.toast.close')} onClick={onClose}>×</button>
    </div>
  );
}
