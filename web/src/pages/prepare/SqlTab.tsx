// The SQL tab: a read-only SELECT over datasets bound to aliases (POST /api/v1/query), the result
// grid, and "Save result as dataset" (save_as).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Dataset, QueryResult } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { ResultTable } from '../../components/ResultTable';
import { t, tn } from '../../i18n';
import { formatCount, formatMillis } from '../../lib/format';
import { linkHandler } from '../../lib/router';
import { aliasFor, bindingProblems, bindingsToDatasets, type AliasBinding } from '../../lib/sql';

export function SqlTab({ dataset, datasets }: { dataset: Dataset; datasets: Dataset[] }) {
  const queryClient = useQueryClient();
  const [bindings, setBindings] = useState<AliasBinding[]>(() => [
    { alias: aliasFor(dataset.name, []), datasetId: dataset.id },
  ]);
  const [sql, setSql] = useState(() => `SELECT *\nFROM ${bindings[0].alias}\nLIMIT 100`);
  const [saveAs, setSaveAs] = useState('');
  const [result, setResult] = useState<QueryResult | null>(null);
  const problems = bindingProblems(bindings);

  const run = useMutation({
    mutationFn: () => api.query({ sql, datasets: bindingsToDatasets(bindings), limit: 1000 }),
    onSuccess: (r) => setResult(r),
  });
  const save = useMutation({
    mutationFn: () =>
      api.query({ sql, datasets: bindingsToDatasets(bindings), limit: 0, save_as: saveAs.trim() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['datasets'] }),
  });
  const canRun = sql.trim() !== '' && problems.length === 0 && !run.isPending;
  const runNow = () => {
    if (canRun) {
      save.reset();
      run.mutate();
    }
  };
  const update = (i: number, b: Partial<AliasBinding>) =>
    setBindings((list) => list.map((x, j) => (j === i ? { ...x, ...b } : x)));

  return (
    <div className="sql-tab">
      <section className="panel">
        <div className="alias-row" aria-label={t('prepare.sql.tables')}>
          <span className="muted small">{t('prepare.sql.tables')}</span>
          {bindings.map((b, i) => (
            <span key={i} className="alias-chip" data-testid="alias-chip">
              <input className="alias-name mono" value={b.alias} aria-label={t('prepare.sql.alias', { n: i + 1 })}
                size={Math.max(3, b.alias.length)} onChange={(e) => update(i, { alias: e.target.value.trim() })}
                data-testid="alias-name" />
              <span aria-hidden="true">=</span>
              <select value={b.datasetId} aria-label={t('prepare.sql.datasetFor', { alias: b.alias })}
                onChange={(e) => update(i, { datasetId: e.target.value })} data-testid="alias-dataset">
                <option value="">{t('common.choose')}</option>
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>{t('common.versionOf', { name: d.name, version: d.version })}</option>
                ))}
              </select>
              <button type="button" className="chip-x" aria-label={t('prepare.sql.remove', { alias: b.alias })}
                onClick={() => setBindings((list) => list.filter((_, j) => j !== i))}>×</button>
            </span>
          ))}
          <button type="button" className="link-button small" data-testid="add-alias"
            onClick={() => setBindings((list) => [...list, { alias: aliasFor(dataset.name, list.map((x) => x.alias)), datasetId: dataset.id }])}>
            {t('prepare.sql.addTable')}
          </button>
        </div>
        {problems.length > 0 && <div className="field-error">{problems.join('; ')}</div>}
        <textarea
          className="sql-editor mono"
          value={sql}
          spellCheck={false}
          rows={8}
          aria-label={t('prepare.sql.editor')}
          data-testid="sql-editor"
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              runNow();
            }
          }}
        />
        <div className="sql-actions">
          <button type="button" className="btn btn-primary" disabled={!canRun} onClick={runNow} data-testid="sql-run">
            {run.isPending ? t('prepare.sql.running') : t('prepare.sql.run')}
          </button>
          <span className="muted small">{t('prepare.sql.hint')}</span>
          {result && !run.isPending && (
            <span className="sql-stats" data-testid="sql-stats">
              <strong data-testid="sql-row-count">{formatCount(result.row_count)}</strong>{' '}
              {tn('prepare.sql.rowsWord', result.row_count)}
              {result.truncated && <span className="warn-text">{t('prepare.sql.truncated')}</span>} · {formatMillis(result.millis)}
            </span>
          )}
        </div>
        {run.error && <ErrorBox error={run.error} testId="sql-error" />}
      </section>

      {result && (
        <section className="panel">
          <div className="panel-title-row">
            <h3 className="panel-title">
              {t('prepare.sql.result')}{result.rows.length < result.row_count && (
                <span className="muted small">{t('prepare.sql.firstShown', { rows: tn('common.rows', result.rows.length) })}</span>
              )}
            </h3>
            <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (saveAs.trim()) save.mutate(); }}>
              <label className="field inline">
                <span>{t('prepare.sql.saveAs')}</span>
                <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} placeholder={t('prepare.sql.saveName')}
                  data-testid="sql-save-name" />
              </label>
              <button className="btn" type="submit" disabled={!saveAs.trim() || save.isPending} data-testid="sql-save">
                {save.isPending ? t('common.saving') : t('common.save')}
              </button>
            </form>
          </div>
          {save.error && <ErrorBox error={save.error} testId="sql-save-error" />}
          {save.data?.dataset && (
            <div className="notice success" data-testid="sql-saved">
              {t('prepare.sql.saved', {
                name: save.data.dataset.name,
                version: save.data.dataset.version,
                rows: tn('common.rows', save.data.dataset.rows),
              })}{' '}
              <a href={`/datasets/${encodeURIComponent(save.data.dataset.id)}`}
                onClick={linkHandler(`/datasets/${encodeURIComponent(save.data.dataset.id)}`)}>{t('common.open')}</a>
            </div>
          )}
          <ResultTable columns={result.columns} types={result.types} rows={result.rows} testId="sql-result" />
        </section>
      )}
    </div>
  );
}
