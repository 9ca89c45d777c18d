// The Run dialog: one typed field per pipeline parameter (defaults filled in; a parameter without
// a default must be given), the cache switch, and the start button. The caller saves unsaved
// changes first and starts the run (POST /api/v1/pipelines/{name}/runs).
import { useEffect, useRef, useState } from 'react';
import type { PipelineParameter } from '../../api/pipelines';
import { ErrorBox } from '../../components/ErrorBox';
import { t } from '../../i18n';
import { parseParamValue as parseDefault } from '../../lib/pipeline';

export interface RunDialogProps {
  open: boolean;
  parameters: Record<string, PipelineParameter>;
  dirty: boolean;
  busy: boolean;
  error: unknown;
  onStart: (values: Record<string, unknown>, cache: boolean) => void;
  onCancel: () => void;
}

export function RunDialog({ open, parameters, dirty, busy, error, onStart, onCancel }: RunDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [cache, setCache] = useState(true);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setTexts(Object.fromEntries(Object.entries(parameters).map(([k, p]) => [k, p.default === undefined ? '' : String(p.default)])));
      d.showModal();
    }
    if (!open && d.open) d.close();
  }, [open, parameters]);

  const problems: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(parameters)) {
    const parsed = parseDefault(p.type, texts[name] ?? '');
    if (parsed === null) problems[name] = t('pipelines.params.badDefault', { type: p.type });
    else if (parsed.value === undefined) problems[name] = t('pipelines.run.required');
    else values[name] = parsed.value;
  }
  const ok = Object.keys(problems).length === 0;

  return (
    <dialog ref={ref} className="dialog pl-run-dialog" data-testid="run-dialog"
      onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <form method="dialog" onSubmit={(e) => { e.preventDefault(); if (ok && !busy) onStart(values, cache); }}>
        <h3>{t('pipelines.run.title')}</h3>
        <div className="dialog-body">
          {dirty && <p className="pl-hint">{t('pipelines.run.savesFirst')}</p>}
          {Object.keys(parameters).length === 0 && <p className="muted">{t('pipelines.run.noParams')}</p>}
          {Object.entries(parameters).map(([name, p]) => (
            <div className={`pl-field${problems[name] ? ' invalid' : ''}`} key={name}>
              <label htmlFor={`run-${name}`}>{name} <span className="pl-field-type">{p.type}</span></label>
              {p.type === 'boolean' ? (
                <select id={`run-${name}`} value={texts[name] ?? ''} data-testid="run-param" data-param={name}
                  onChange={(e) => setTexts({ ...texts, [name]: e.target.value })}>
                  <option value="" disabled>—</option>
                  <option value="true">true</option>
                  <option value="false">false</option>
                </select>
              ) : (
                <input id={`run-${name}`} value={texts[name] ?? ''} data-testid="run-param" data-param={name}
                  type={p.type === 'string' ? 'text' : 'number'} step={p.type === 'integer' ? 1 : 'any'}
                  onChange={(e) => setTexts({ ...texts, [name]: e.target.value })} />
              )}
              {p.description && <div className="pl-field-help">{p.description}</div>}
              {problems[name] && <div className="pl-field-error">{problems[name]}</div>}
            </div>
          ))}
          <label className="pl-check">
            <input type="checkbox" checked={cache} onChange={(e) => setCache(e.target.checked)} data-testid="run-cache" />
            {t('pipelines.run.cache')}
          </label>
          {!!error && <ErrorBox error={error} testId="run-error" />}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={!ok || busy} data-testid="run-start">
            {busy ? t('pipelines.run.starting') : t('pipelines.run.start')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
