// The SQL tab: a read-only SELECT over datasets bound to aliases (POST /api/v1/query), the result
// grid, and "Save result as dataset" (save_as).
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Dataset, QueryResult } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { ResultTable } from '../../components/ResultTable';
import { formatCount } from '../../lib/format';
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
        <div className="alias-row" aria-label="Tables">
          <span className="muted small">Tables</span>
          {bindings.map((b, i) => (
            <span key={i} className="alias-chip" data-testid="alias-chip">
              <input className="alias-name mono" value={b.alias} aria-label={`Alias ${i + 1}`}
                size={Math.max(3, b.alias.length)} onChange={(e) => update(i, { alias: e.target.value.trim() })}
                data-testid="alias-name" />
              <span aria-hidden="true">=</span>
              <select value={b.datasetId} aria-label={`Dataset for ${b.alias}`}
                onChange={(e) => update(i, { datasetId: e.target.value })} data-testid="alias-dataset">
                <option value="">Choose…</option>
                {datasets.map((d) => (
                  <option key={d.id} value={d.id}>{d.name} v{d.version}</option>
                ))}
              </select>
              <button type="button" className="chip-x" aria-label={`Remove ${b.alias}`}
                onClick={() => setBindings((list) => list.filter((_, j) => j !== i))}>×</button>
            </span>
          ))}
          <button type="button" className="link-button small" data-testid="add-alias"
            onClick={() => setBindings((list) => [...list, { alias: aliasFor(dataset.name, list.map((x) => x.alias)), datasetId: dataset.id }])}>
            + table
          </button>
        </div>
        {problems.length > 0 && <div className="field-error">{problems.join('; ')}</div>}
        <textarea
          className="sql-editor mono"
          value={sql}
          spellCheck={false}
          rows={8}
          aria-label="SQL"
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
            {run.isPending ? 'Running…' : 'Run'}
          </button>
          <span className="muted small">Ctrl+Enter · one SELECT or WITH statement (SQLite), read-only</span>
          {result && !run.isPending && (
            <span className="sql-stats" data-testid="sql-stats">
              <strong data-testid="sql-row-count">{formatCount(result.row_count)}</strong> rows
              {result.truncated && <span className="warn-text"> (stopped at max_rows)</span>} · {result.millis.toFixed(1)} ms
            </span>
          )}
        </div>
        {run.error && <ErrorBox error={run.error} testId="sql-error" />}
      </section>

      {result && (
        <section className="panel">
          <div className="panel-title-row">
            <h3 className="panel-title">
              Result{result.rows.length < result.row_count && (
                <span className="muted small"> · first {formatCount(result.rows.length)} rows shown</span>
              )}
            </h3>
            <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (saveAs.trim()) save.mutate(); }}>
              <label className="field inline">
                <span>Save result as dataset</span>
                <input value={saveAs} onChange={(e) => setSaveAs(e.target.value)} placeholder="dataset name"
                  data-testid="sql-save-name" />
              </label>
              <button className="btn" type="submit" disabled={!saveAs.trim() || save.isPending} data-testid="sql-save">
                {save.isPending ? 'Saving…' : 'Save'}
              </button>
            </form>
          </div>
          {save.error && <ErrorBox error={save.error} testId="sql-save-error" />}
          {save.data?.dataset && (
            <div className="notice success" data-testid="sql-saved">
              Saved <strong>{save.data.dataset.name}</strong> v{save.data.dataset.version} ({formatCount(save.data.dataset.rows)} rows).{' '}
              <a href={`/datasets/${encodeURIComponent(save.data.dataset.id)}`}
                onClick={linkHandler(`/datasets/${encodeURIComponent(save.data.dataset.id)}`)}>Open →</a>
            </div>
          )}
          <ResultTable columns={result.columns} types={result.types} rows={result.rows} testId="sql-result" />
        </section>
      )}
    </div>
  );
}
