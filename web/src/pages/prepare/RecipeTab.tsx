// The recipe editor: steps built from the operation catalogue on the left, a live preview on the
// right (debounced POST /api/v1/prep/preview after each edit), saved recipes, and "Save as new
// version" (POST /api/v1/datasets/{id}/transform).
import { useEffect, useMemo, useReducer, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { Dataset, OperationInfo, PreviewResult, RecipeJson, SavedRecipe } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { ResultTable } from '../../components/ResultTable';
import { t, tn } from '../../i18n';
import { rich } from '../../i18n/rich';
import { formatCount, formatMillis } from '../../lib/format';
import {
  EMPTY_RECIPE,
  groupOperations,
  locateStepError,
  missingRequired,
  recipeReducer,
  runnablePrefix,
  toRecipe,
} from '../../lib/recipe';
import { navigate } from '../../lib/router';
import { useDebounced } from '../../lib/useDebounced';
import { StepCard, type StepStatus } from './StepCard';

const PREVIEW_ROWS = [1000, 10000, 100000];

function AddStep({ ops, onAdd }: { ops: OperationInfo[]; onAdd: (op: OperationInfo) => void }) {
  return (
    <label className="field add-step">
      <span>{t('prepare.addStep')}</span>
      <select value="" data-testid="add-step"
        onChange={(e) => {
          const op = ops.find((o) => o.name === e.target.value);
          if (op) onAdd(op);
        }}>
        <option value="">{t('prepare.chooseOperation')}</option>
        {groupOperations(ops).map(([group, list]) => (
          <optgroup key={group} label={group}>
            {list.map((o) => (
              <option key={o.name} value={o.name} title={o.summary}>
                {o.name} — {o.summary.length > 60 ? o.summary.slice(0, 59) + '…' : o.summary}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

function SavedRecipes({ onLoad, recipe, disabled }: {
  onLoad: (r: SavedRecipe) => void;
  recipe: RecipeJson;
  disabled: boolean;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const list = useQuery({ queryKey: ['recipes'], queryFn: api.listRecipes });
  const save = useMutation({
    mutationFn: () => api.saveRecipe(name.trim(), recipe),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['recipes'] }),
  });
  return (
    <div className="saved-recipes">
      <label className="field">
        <span>{t('prepare.loadRecipe')}</span>
        <select value="" data-testid="load-recipe"
          onChange={(e) => {
            const r = list.data?.recipes.find((x) => x.id === e.target.value);
            if (r) onLoad(r);
          }}>
          <option value="">{list.isPending ? t('common.loading') : list.data?.recipes.length ? t('prepare.chooseRecipe') : t('prepare.noRecipes')}</option>
          {list.data?.recipes.map((r) => (
            <option key={r.id} value={r.id}>
              {t('prepare.recipeOption', { name: r.name, version: r.version, steps: tn('prepare.steps', r.recipe.steps.length) })}
            </option>
          ))}
        </select>
      </label>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (name.trim()) save.mutate(); }}>
        <label className="field">
          <span>{t('prepare.saveRecipeAs')}</span>
          <input value={name} onChange={(e) => { setName(e.target.value); save.reset(); }}
            placeholder={t('prepare.recipeNamePlaceholder')} data-testid="recipe-name" />
        </label>
        <button className="btn" type="submit" disabled={disabled || !name.trim() || save.isPending}
          data-testid="save-recipe">
          {save.isPending ? t('common.saving') : t('prepare.saveRecipe')}
        </button>
      </form>
      {save.error && <ErrorBox error={save.error} />}
      {save.data && (
        <div className="notice success small" data-testid="recipe-saved">
          {t('prepare.recipeSaved', { name: save.data.name, version: save.data.version })}
        </div>
      )}
    </div>
  );
}

// "120 rows out of 150 · 5 columns", the row count in bold (data-testid preview-total).
function PreviewCounts({ total, input, columns }: { total: number; input: number; columns: number }) {
  return rich('prepare.rowsOutOf', {
    rows: <><strong data-testid="preview-total">{formatCount(total)}</strong> {tn('prepare.sql.rowsWord', total)}</>,
    input: formatCount(input),
    columns: tn('common.columns', columns),
  });
}

function RowWise({ rowSet }: { rowSet: string[] }) {
  if (rowSet.length === 0) {
    return (
      <div className="rowwise ok" data-testid="row-wise" data-row-wise="true"
        title={t('prepare.rowWise.title')}>
        {t('prepare.rowWise.ok')}
      </div>
    );
  }
  return (
    <div className="rowwise warn" data-testid="row-wise" data-row-wise="false"
      title={t('prepare.rowWise.noTitle')}>
      {t('prepare.rowWise.no', { steps: rowSet.join(', ') })}
    </div>
  );
}

export function RecipeTab({ dataset, datasets }: { dataset: Dataset; datasets: Dataset[] }) {
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(recipeReducer, EMPTY_RECIPE);
  const [previewRows, setPreviewRows] = useState(1000);
  const [sample, setSample] = useState(false);
  const [saveName, setSaveName] = useState(dataset.name);
  useEffect(() => setSaveName(dataset.name), [dataset.name]);

  const ops = useQuery({ queryKey: ['prep-operations'], queryFn: api.operations, staleTime: Infinity });
  const opsByName = useMemo(
    () => new Map((ops.data?.operations ?? []).map((o) => [o.name, o] as const)),
    [ops.data],
  );

  const settledSteps = useDebounced(state.steps, 350);
  const runnable = runnablePrefix(settledSteps, opsByName);
  const recipe = useMemo(() => toRecipe(settledSteps.slice(0, runnable)), [settledSteps, runnable]);
  const preview = useQuery({
    queryKey: ['preview', dataset.id, recipe, previewRows, sample],
    queryFn: ({ signal }) =>
      api.preview({ dataset: dataset.id, recipe, rows: previewRows, sample, limit: 100 }, signal),
    enabled: ops.isSuccess,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    retry: false,
  });
  // The last good preview stays on screen (dimmed) while a newer one loads or after an error.
  const [lastGood, setLastGood] = useState<PreviewResult | null>(null);
  useEffect(() => {
    if (preview.data && !preview.isPlaceholderData) setLastGood(preview.data);
  }, [preview.data, preview.isPlaceholderData]);
  const current = preview.isPlaceholderData ? undefined : preview.data;
  const shown = current ?? lastGood;
  const updating = settledSteps !== state.steps || preview.isFetching;
  const stale = updating || !current;

  const error = preview.error;
  const where = error instanceof ApiError ? locateStepError(error.details, error.message) : null;
  const failedStep = error ? where?.step ?? null : null;

  const transform = useMutation({
    mutationFn: () => api.transform(dataset.id, toRecipe(state.steps), saveName.trim() || undefined),
    onSuccess: async (made) => {
      await queryClient.invalidateQueries({ queryKey: ['datasets'] });
      navigate(`/datasets/${encodeURIComponent(made.id)}`);
    },
  });

  const liveRunnable = runnablePrefix(state.steps, opsByName);
  const complete = state.steps.length > 0 && liveRunnable === state.steps.length;
  const localRowSet = state.steps
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => opsByName.get(s.op)?.row_wise === false)
    .map(({ s, i }) => `steps[${i}] (${s.op})`);
  const rowSet = current && !stale && runnable === state.steps.length ? current.row_set_steps : localRowSet;
  const scale = Math.max(
    shown?.input_rows ?? dataset.rows,
    ...(shown?.steps ?? []).map((s) => Math.max(s.rows_in, s.rows_out)),
  );

  if (ops.isPending) return <div className="panel muted pad">{t('prepare.loadingOperations')}</div>;
  if (ops.error) return <ErrorBox error={ops.error} testId="ops-error" />;

  const statusOf = (i: number): StepStatus => {
    const liveMissing = missingRequired(state.steps[i], opsByName.get(state.steps[i].op));
    if (liveMissing.length > 0 || !opsByName.has(state.steps[i].op)) return 'incomplete';
    if (i >= liveRunnable) return 'blocked';
    if (updating) return 'pending';
    if (failedStep === i) return 'failed';
    if (failedStep !== null) return i > failedStep ? 'blocked' : 'ok';
    return current ? 'ok' : 'pending';
  };

  return (
    <div className="prepare-layout">
      <section className="recipe-column" aria-label={t('prepare.recipe')}>
        <SavedRecipes
          recipe={toRecipe(state.steps)}
          disabled={!complete}
          onLoad={(r) => dispatch({ type: 'load', recipe: r.recipe })}
        />
        <div className="recipe-head">
          <h3>{t('prepare.recipe')}</h3>
          <span className="muted small">{tn('prepare.steps', state.steps.length)}</span>
          {state.steps.length > 0 && (
            <button type="button" className="link-button small" onClick={() => dispatch({ type: 'clear' })}>
              {t('prepare.clear')}
            </button>
          )}
        </div>
        {state.steps.length === 0 ? (
          <div className="empty-steps muted" data-testid="recipe-empty">
            {t('prepare.noSteps')}
          </div>
        ) : (
          <ol className="steps" data-testid="steps">
            {state.steps.map((step, i) => (
              <StepCard
                key={step.uid}
                step={step}
                index={i}
                count={state.steps.length}
                op={opsByName.get(step.op)}
                run={shown?.steps[i]}
                scale={scale}
                status={statusOf(i)}
                missing={missingRequired(step, opsByName.get(step.op))}
                error={failedStep === i ? error : null}
                errorField={failedStep === i ? where?.field ?? null : null}
                dataset={dataset}
                datasets={datasets}
                inputRecipe={i <= runnable ? toRecipe(settledSteps.slice(0, i)) : null}
                previewRows={previewRows}
                sample={sample}
                dispatch={dispatch}
              />
            ))}
          </ol>
        )}
        <AddStep ops={ops.data.operations} onAdd={(op) => dispatch({ type: 'add', op })} />
        {state.steps.length > 0 && <RowWise rowSet={rowSet} />}
        <details className="recipe-json">
          <summary>{t('prepare.recipeJson')}</summary>
          <pre className="mono">{JSON.stringify(toRecipe(state.steps), null, 2)}</pre>
        </details>
        <form className="save-version" onSubmit={(e) => { e.preventDefault(); transform.mutate(); }}>
          <label className="field">
            <span>{t('prepare.saveWholeAs')}</span>
            <input value={saveName} onChange={(e) => setSaveName(e.target.value)} data-testid="save-name" />
          </label>
          <button type="submit" className="btn btn-primary"
            disabled={!complete || transform.isPending || failedStep !== null} data-testid="save-version">
            {transform.isPending ? t('common.saving') : saveName.trim() === dataset.name ? t('prepare.saveVersion') : t('prepare.saveDataset')}
          </button>
          {transform.error && <ErrorBox error={transform.error} testId="save-error" />}
        </form>
      </section>

      <section className="preview-column" aria-label={t('prepare.preview')}>
        <div className="preview-toolbar">
          <h3>{t('prepare.preview')}</h3>
          <label className="field inline">
            <span>{t('prepare.runOn')}</span>
            <select value={previewRows} onChange={(e) => setPreviewRows(Number(e.target.value))}
              data-testid="preview-rows" className="narrow">
              {PREVIEW_ROWS.map((n) => (
                <option key={n} value={n}>{t(sample ? 'prepare.sampleOf' : 'prepare.firstRows', { rows: tn('common.rows', n) })}</option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={sample} onChange={(e) => setSample(e.target.checked)} />
            {t('prepare.spread')}
          </label>
          <span className="muted small preview-status" data-testid="preview-status">
            {updating ? t('prepare.updating') : error ? t('prepare.failed') : current ? formatMillis(Math.round(current.millis)) : ''}
          </span>
        </div>
        {error && failedStep === null && <ErrorBox error={error} testId="preview-error" />}
        {error && failedStep !== null && (
          <div className="notice warn small">{t('prepare.stepFailed', { step: failedStep + 1 })}</div>
        )}
        {shown ? (
          <>
            <div className="preview-meta muted" data-testid="preview-meta">
              {runnable < state.steps.length && t('prepare.afterStep', { step: runnable, total: state.steps.length })}
              <PreviewCounts total={shown.total_rows} input={shown.input_rows} columns={shown.columns.length} />
              {shown.rows.length < shown.total_rows && t('prepare.firstShown', { count: formatCount(shown.rows.length) })}
            </div>
            <ResultTable columns={shown.columns} types={shown.types} rows={shown.rows}
              testId="preview-table" dimmed={stale || !!error} />
          </>
        ) : (
          !error && <div className="panel muted pad">{t('prepare.runningPreview')}</div>
        )}
      </section>
    </div>
  );
}
