// The recipe editor: steps built from the operation catalogue on the left, a live preview on the
// right (debounced POST /api/v1/prep/preview after each edit), saved recipes, and "Save as new
// version" (POST /api/v1/datasets/{id}/transform).
import { useEffect, useMemo, useReducer, useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import type { Dataset, OperationInfo, PreviewResult, RecipeJson, SavedRecipe } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { ResultTable } from '../../components/ResultTable';
import { formatCount } from '../../lib/format';
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
      <span>Add a step</span>
      <select value="" data-testid="add-step"
        onChange={(e) => {
          const op = ops.find((o) => o.name === e.target.value);
          if (op) onAdd(op);
        }}>
        <option value="">Choose an operation…</option>
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
        <span>Load a saved recipe</span>
        <select value="" data-testid="load-recipe"
          onChange={(e) => {
            const r = list.data?.recipes.find((x) => x.id === e.target.value);
            if (r) onLoad(r);
          }}>
          <option value="">{list.isPending ? 'Loading…' : list.data?.recipes.length ? 'Choose a recipe…' : 'No saved recipes'}</option>
          {list.data?.recipes.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name} v{r.version} · {r.recipe.steps.length} steps
            </option>
          ))}
        </select>
      </label>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (name.trim()) save.mutate(); }}>
        <label className="field">
          <span>Save this recipe as</span>
          <input value={name} onChange={(e) => { setName(e.target.value); save.reset(); }}
            placeholder="recipe name" data-testid="recipe-name" />
        </label>
        <button className="btn" type="submit" disabled={disabled || !name.trim() || save.isPending}
          data-testid="save-recipe">
          {save.isPending ? 'Saving…' : 'Save recipe'}
        </button>
      </form>
      {save.error && <ErrorBox error={save.error} />}
      {save.data && (
        <div className="notice success small" data-testid="recipe-saved">
          Saved {save.data.name} v{save.data.version}.
        </div>
      )}
    </div>
  );
}

function RowWise({ rowSet }: { rowSet: string[] }) {
  if (rowSet.length === 0) {
    return (
      <div className="rowwise ok" data-testid="row-wise" data-row-wise="true"
        title="Every output row depends on one input row: the recipe can run in a model's feature pipeline">
        ● Row-wise: can run at serving time
      </div>
    );
  }
  return (
    <div className="rowwise warn" data-testid="row-wise" data-row-wise="false"
      title="These steps need the whole table, so the recipe cannot run on single rows at serving time">
      ● Not row-wise: {rowSet.join(', ')}
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

  if (ops.isPending) return <div className="panel muted pad">Loading operations…</div>;
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
      <section className="recipe-column" aria-label="Recipe">
        <SavedRecipes
          recipe={toRecipe(state.steps)}
          disabled={!complete}
          onLoad={(r) => dispatch({ type: 'load', recipe: r.recipe })}
        />
        <div className="recipe-head">
          <h3>Recipe</h3>
          <span className="muted small">{state.steps.length} step{state.steps.length === 1 ? '' : 's'}</span>
          {state.steps.length > 0 && (
            <button type="button" className="link-button small" onClick={() => dispatch({ type: 'clear' })}>
              Clear
            </button>
          )}
        </div>
        {state.steps.length === 0 ? (
          <div className="empty-steps muted" data-testid="recipe-empty">
            No steps yet: add one below. The preview on the right shows the data as it stands.
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
          <summary>Recipe JSON</summary>
          <pre className="mono">{JSON.stringify(toRecipe(state.steps), null, 2)}</pre>
        </details>
        <form className="save-version" onSubmit={(e) => { e.preventDefault(); transform.mutate(); }}>
          <label className="field">
            <span>Save the whole dataset through this recipe as</span>
            <input value={saveName} onChange={(e) => setSaveName(e.target.value)} data-testid="save-name" />
          </label>
          <button type="submit" className="btn btn-primary"
            disabled={!complete || transform.isPending || failedStep !== null} data-testid="save-version">
            {transform.isPending ? 'Saving…' : saveName.trim() === dataset.name ? 'Save as new version' : 'Save as new dataset'}
          </button>
          {transform.error && <ErrorBox error={transform.error} testId="save-error" />}
        </form>
      </section>

      <section className="preview-column" aria-label="Preview">
        <div className="preview-toolbar">
          <h3>Preview</h3>
          <label className="field inline">
            <span>Run on</span>
            <select value={previewRows} onChange={(e) => setPreviewRows(Number(e.target.value))}
              data-testid="preview-rows" className="narrow">
              {PREVIEW_ROWS.map((n) => (
                <option key={n} value={n}>{sample ? 'a sample of' : 'the first'} {formatCount(n)} rows</option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={sample} onChange={(e) => setSample(e.target.checked)} />
            spread over the file
          </label>
          <span className="muted small preview-status" data-testid="preview-status">
            {updating ? 'Updating…' : error ? 'Failed' : current ? `${current.millis.toFixed(0)} ms` : ''}
          </span>
        </div>
        {error && failedStep === null && <ErrorBox error={error} testId="preview-error" />}
        {error && failedStep !== null && (
          <div className="notice warn small">Step {failedStep + 1} failed; the preview below is from before that edit.</div>
        )}
        {shown ? (
          <>
            <div className="preview-meta muted" data-testid="preview-meta">
              {runnable < state.steps.length && `After step ${runnable} of ${state.steps.length} · `}
              <strong data-testid="preview-total">{formatCount(shown.total_rows)}</strong> rows out of{' '}
              {formatCount(shown.input_rows)} · {shown.columns.length} columns
              {shown.rows.length < shown.total_rows && ` · first ${shown.rows.length} shown`}
            </div>
            <ResultTable columns={shown.columns} types={shown.types} rows={shown.rows}
              testId="preview-table" dimmed={stale || !!error} />
          </>
        ) : (
          !error && <div className="panel muted pad">Running the preview…</div>
        )}
      </section>
    </div>
  );
}
