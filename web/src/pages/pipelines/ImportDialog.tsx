// Import a pipeline from YAML (or JSON): a file or pasted text is checked by the server
// (POST /api/v1/pipelines/validate as application/yaml, every error with its path) and imported
// by saving it (POST /api/v1/pipelines): the server parses the YAML, so the studio needs no
// YAML parser. The caller then opens the saved pipeline.
import { useEffect, useRef, useState } from 'react';
import { pipelinesApi, validationErrors, type Pipeline, type ValidationResult } from '../../api/pipelines';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';

export function ImportDialog({ open, onDone, onCancel }: {
  open: boolean;
  onDone: (p: Pipeline) => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [check, setCheck] = useState<ValidationResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setText('');
      setCheck(null);
      setError(null);
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open]);

  const validate = async () => {
    setBusy(true);
    setError(null);
    try {
      setCheck(await pipelinesApi.validate({ yaml: text }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const doImport = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await pipelinesApi.save({ yaml: text }));
    } catch (e) {
      const issues = validationErrors(e);
      if (issues.length) setCheck({ valid: false, errors: issues });
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog pl-import-dialog" data-testid="import-dialog"
      onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h3>{t('pipelines.import.title')}</h3>
      <div className="dialog-body">
        <p className="pl-hint">{t('pipelines.import.hint')}</p>
        <input type="file" accept=".yaml,.yml,.json,application/yaml,text/yaml,application/json" data-testid="import-file"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) {
              setText(await file.text());
              setCheck(null);
            }
          }} />
        <textarea className="mono pl-import-text" rows={14} value={text} spellCheck={false} data-testid="import-text"
          placeholder={'name: my-pipeline\nsteps:\n  - id: data\n    type: Dataset\n    properties: {name: iris}'}
          onChange={(e) => { setText(e.target.value); setCheck(null); }} />
        {check && (check.valid
          ? <div className="notice success" data-testid="import-valid">{t('pipelines.import.valid', { order: (check.order ?? []).join(' → ') })}</div>
          : (
            <ul className="pl-issue-list" data-testid="import-errors">
              {check.errors.map((i) => <li key={i.path + i.message}><span className="mono">{i.path || '—'}</span> {i.message}</li>)}
            </ul>
          ))}
        {!!error && !validationErrors(error).length && <ErrorBox error={error} />}
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel} disabled={busy}>{t('common.cancel')}</button>
        <button type="button" className="btn" onClick={validate} disabled={busy || !text.trim()} data-testid="import-validate">
          {t('pipelines.import.validate')}
        </button>
        <button type="button" className="btn btn-primary" onClick={doImport} disabled={busy || !text.trim()} data-testid="import-submit">
          {t('pipelines.import.submit')}
        </button>
      </div>
    </dialog>
  );
}
