// One step of the recipe: its operation, the form generated from the operation's parameters,
// the rows in → rows out bar from the last preview, and the server's error when it names this
// step. Move up / down and delete buttons reorder the recipe.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Dataset, DatasetColumn, OperationInfo, RecipeJson, StepRun } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { t, tn } from '../../i18n';
import { rich } from '../../i18n/rich';
import { formatMillis } from '../../lib/format';
import type { RecipeAction, Step } from '../../lib/recipe';
import { ParamField } from './ParamField';

export type StepStatus = 'ok' | 'pending' | 'incomplete' | 'blocked' | 'failed';

export interface StepCardProps {
  step: Step;
  index: number;
  count: number; // steps in the recipe
  op: OperationInfo | undefined;
  run: StepRun | undefined; // from the latest preview
  scale: number; // rows that fill a bar
  status: StepStatus;
  missing: string[];
  error: unknown; // the preview's error, when it names this step
  errorField: string | null;
  dataset: Dataset;
  datasets: readonly Dataset[];
  inputRecipe: RecipeJson | null; // the steps before this one, once settled; null = not runnable
  previewRows: number;
  sample: boolean;
  dispatch: (a: RecipeAction) => void;
}

function toColumns(names: string[], types: string[]): DatasetColumn[] {
  return names.map((name, i) => ({ name, type: types[i], nullable: true }));
}

// The columns a step sees: the dataset's for the first step, else those of a preview of the
// steps before it (limit 0: schema only). Falls back to the dataset's while loading or on error.
function useInputColumns(props: StepCardProps): DatasetColumn[] {
  const { index, dataset, inputRecipe, previewRows, sample } = props;
  const needed = index > 0 && inputRecipe !== null && inputRecipe.steps.length > 0;
  const { data } = useQuery({
    queryKey: ['preview-schema', dataset.id, inputRecipe, previewRows, sample],
    queryFn: ({ signal }) =>
      api.preview({ dataset: dataset.id, recipe: inputRecipe!, rows: previewRows, sample, limit: 0 }, signal),
    enabled: needed,
    staleTime: Infinity,
    retry: false,
  });
  if (needed && data) return toColumns(data.columns, data.types);
  return dataset.columns;
}

// "150 rows → 120 rows · 5 cols", with the rows out in bold.
function rowsLabel(run: StepRun): React.ReactNode {
  return rich('prepare.step.rowsLabel', {
    rowsIn: tn('common.rows', run.rows_in),
    rowsOut: <strong>{tn('common.rows', run.rows_out)}</strong>,
    columns: tn('prepare.step.cols', run.columns_out),
  });
}

function RowsBar({ run, scale }: { run: StepRun; scale: number }) {
  const pct = (n: number) => `${Math.max(0, Math.min(100, (n / Math.max(1, scale)) * 100))}%`;
  const changed = run.rows_out !== run.rows_in;
  return (
    <div className="rows-bar" data-testid="step-rows" data-rows-in={run.rows_in} data-rows-out={run.rows_out}
      title={t('prepare.step.rowsTitle', {
        rowsIn: tn('common.rows', run.rows_in),
        rowsOut: tn('common.rows', run.rows_out),
        columns: tn('common.columns', run.columns_out),
        millis: formatMillis(run.millis),
      })}>
      <div className="rows-track">
        <div className="rows-in" style={{ width: pct(run.rows_in) }} />
        <div className={`rows-out${changed ? ' changed' : ''}`} style={{ width: pct(run.rows_out) }} />
      </div>
      <span className="rows-label">
        {rowsLabel(run)}
      </span>
    </div>
  );
}

export function StepCard(props: StepCardProps) {
  const { step, index, count, op, run, scale, status, missing, error, errorField, dispatch } = props;
  const columns = useInputColumns(props);
  const otherColumns = (name: string): DatasetColumn[] | null => {
    // Join keys of the other side come from the other dataset.
    if (!name.startsWith('right_') || typeof step.params.dataset !== 'string') return null;
    const ref = step.params.dataset;
    const other = props.datasets.find((d) => d.id === ref) ??
      props.datasets.filter((d) => d.name === ref).sort((a, b) => b.version - a.version)[0];
    return other ? other.columns : null;
  };
  return (
    <li className={`step-card status-${status}`} data-testid="step-card" data-op={step.op}>
      <div className="step-head">
        <span className="step-index" aria-hidden="true">{index + 1}</span>
        <div className="step-title">
          <strong>{step.op}</strong>
          {op && <span className="step-group">{op.group}</span>}
          {op && !op.row_wise && (
            <span className="tag warn" title={t('prepare.step.rowSetTitle')}>{t('prepare.step.rowSet')}</span>
          )}
        </div>
        <div className="step-actions">
          <button type="button" className="icon-btn" aria-label={t('prepare.step.up', { step: index + 1 })}
            disabled={index === 0} onClick={() => dispatch({ type: 'move', uid: step.uid, delta: -1 })}
            data-testid="step-up">↑</button>
          <button type="button" className="icon-btn" aria-label={t('prepare.step.down', { step: index + 1 })}
            disabled={index === count - 1} onClick={() => dispatch({ type: 'move', uid: step.uid, delta: 1 })}
            data-testid="step-down">↓</button>
          <button type="button" className="icon-btn danger" aria-label={t('prepare.step.delete', { step: index + 1 })}
            onClick={() => dispatch({ type: 'remove', uid: step.uid })} data-testid="step-delete">×</button>
        </div>
      </div>
      {op ? (
        <>
          <p className="step-summary">{op.summary}</p>
          <div className="params">
            {op.params.map((p) => (
              <ParamField
                key={p.name}
                param={p}
                value={step.params[p.name]}
                onChange={(value) => dispatch({ type: 'set', uid: step.uid, name: p.name, value })}
                columns={otherColumns(p.name) ?? columns}
                datasets={props.datasets}
                invalid={errorField === p.name}
              />
            ))}
          </div>
        </>
      ) : (
        <ErrorBox error={new Error(t('prepare.step.unknown', { op: step.op }))} />
      )}
      {status === 'incomplete' && (
        <div className="step-note" data-testid="step-incomplete">{t('prepare.step.fillIn', { fields: missing.join(', ') })}</div>
      )}
      {status === 'blocked' && <div className="step-note muted">{t('prepare.step.waiting')}</div>}
      {run && status !== 'incomplete' && status !== 'blocked' && <RowsBar run={run} scale={scale} />}
      {status === 'failed' && error != null && <ErrorBox error={error} testId="step-error" />}
    </li>
  );
}
