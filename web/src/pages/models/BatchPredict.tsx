// Batch prediction on the model page: drop or pick a CSV with the model's input columns; the file
// is uploaded as a dataset (POST /api/v1/datasets, with upload progress), a batch transform job
// runs the model over it keeping the input columns (POST /api/v1/transform-jobs, polled for its
// rows done), and the output dataset's first rows are shown with the prediction columns
// highlighted, with a download link of the whole result (/api/v1/datasets/{id}/download).
// Errors (a CSV the server cannot parse, a missing input column, a failed job) are shown in place
// with the server's message. Helpers in lib/modelBatch.ts.
import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import { deployApi, type TransformJob } from '../../api/deploy';
import type { Cell, Dataset, Model, RowsPage } from '../../api/types';
import { uploadDataset, type UploadHandle } from '../../api/upload';
import { ErrorBox } from '../../components/ErrorBox';
import { formatNumber, t, tn } from '../../i18n';
import { formatBytes, formatPercent } from '../../lib/format';
import { batchDatasetName, batchFraction, isBatchFile, isTransformFinished, splitBatchColumns, type BatchPhase } from '../../lib/modelBatch';
import { linkHandler } from '../../lib/router';

const PREVIEW_ROWS = 10;

interface Run {
  phase: BatchPhase;
  file: File;
  uploaded: number;
  input?: Dataset;
  job?: TransformJob;
  preview?: RowsPage;
  error?: unknown;
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v, { maximumSignificantDigits: 6 });
  return String(v);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function BatchPredict({ model }: { model: Model }) {
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const token = useRef(0); // bumped to abandon a run (new file, unmount)
  const upload = useRef<UploadHandle | null>(null);

  useEffect(() => () => {
    token.current++;
    upload.current?.abort();
  }, []);

  const busy = run != null && ['uploading', 'starting', 'running'].includes(run.phase);

  async function start(file: File | undefined) {
    if (!file || busy) return;
    const my = ++token.current;
    const alive = () => token.current === my;
    const update = (patch: Partial<Run>) => { if (alive()) setRun((cur) => (cur ? { ...cur, ...patch } : cur)); };
    if (!isBatchFile(file.name)) {
      setRun({ phase: 'failed', file, uploaded: 0, error: new Error(t('models.batch.notCsv', { name: file.name })) });
      return;
    }
    setRun({ phase: 'uploading', file, uploaded: 0 });
    let dataset: Dataset;
    try {
      const h = uploadDataset(file, batchDatasetName(file.name), (f) => update({ uploaded: f }));
      upload.current = h;
      dataset = await h.promise;
    } catch (error) {
      update({ phase: 'failed', error });
      return;
    } finally {
      upload.current = null;
    }
    update({ phase: 'starting', uploaded: 1, input: dataset });
    let job: TransformJob;
    try {
      job = await deployApi.createTransformJob({ model_id: model.id, dataset_id: dataset.id, include_input: true });
    } catch (error) {
      // The file never became a job (a missing column, say): do not leave it in the dataset list.
      void api.deleteDataset(dataset.id).catch(() => {});
      update({ phase: 'failed', error, input: undefined });
      return;
    }
    update({ phase: 'running', job });
    try {
      while (!isTransformFinished(job.state)) {
        await sleep(400);
        if (!alive()) return;
        job = await deployApi.getTransformJob(job.id);
        update({ job });
      }
      if (job.state !== 'Completed' || !job.output_dataset) {
        const reason = job.state === 'Stopped' ? t('models.batch.stopped') : job.failure_reason || job.state;
        update({ phase: 'failed', job, error: new ApiError(0, job.state === 'Stopped' ? 'Stopped' : 'JobFailed', reason) });
        return;
      }
      const preview = await api.rows(job.output_dataset.id, 0, PREVIEW_ROWS);
      update({ phase: 'done', job, preview });
      void queryClient.invalidateQueries({ queryKey: ['datasets'] });
    } catch (error) {
      update({ phase: 'failed', error });
    }
  }

  const stop = () => {
    if (run?.phase === 'uploading') upload.current?.abort();
    else if (run?.job) void deployApi.stopTransformJob(run.job.id).catch(() => {});
  };

  const choose = (file: File | undefined) => {
    if (input.current) input.current.value = '';
    void start(file);
  };

  const columns = model.input_columns ?? model.input_schema?.map((c) => c.name) ?? [];
  const fraction = run ? batchFraction(run.phase, run.uploaded, run.job?.progress?.rows_done, run.job?.progress?.rows_total) : 0;
  const out = run?.job?.output_dataset;
  const split = run?.preview ? splitBatchColumns(run.preview.columns, run.input?.columns.map((c) => c.name) ?? []) : null;
  const predicted = new Set(split?.predicted ?? []);

  let status = '';
  if (run?.phase === 'uploading') status = t('models.batch.uploading', { percent: formatPercent(run.uploaded) });
  else if (run?.phase === 'starting') status = t('models.batch.starting');
  else if (run?.phase === 'running') {
    const p = run.job?.progress;
    status = p && p.rows_total > 0
      ? t('models.batch.running', { done: formatNumber(p.rows_done), total: formatNumber(p.rows_total) })
      : t('models.batch.queued');
  }

  return (
    <section className="panel batch-predict" data-testid="batch-predict">
      <h3 className="panel-title">{t('models.batch.title')}</h3>
      <p className="muted small">{t('models.batch.hint')}</p>
      {columns.length > 0 && (
        <p className="small batch-columns">
          <span className="muted">{t('models.batch.columns')}</span>{' '}
          {columns.map((c, i) => <span key={c}>{i > 0 && ', '}<code>{c}</code></span>)}
        </p>
      )}
      <div
        className={`dropzone batch-drop${dragging ? ' dragging' : ''}${busy ? ' busy' : ''}`}
        data-testid="batch-dropzone"
        role="button"
        tabIndex={0}
        aria-disabled={busy}
        onClick={() => !busy && input.current?.click()}
        onKeyDown={(e) => {
          if ((e.key === 'Enter' || e.key === ' ') && !busy) {
            e.preventDefault();
            input.current?.click();
          }
        }}
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); choose(e.dataTransfer.files[0]); }}
      >
        <svg viewBox="0 0 24 24" width="24" height="24" fill="none" stroke="currentColor"
          strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M12 16V4m0 0l-4 4m4-4l4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" />
        </svg>
        {run ? (
          <div>
            <strong data-testid="batch-file">{run.file.name}</strong>
            <span className="muted"> · {formatBytes(run.file.size)}{busy ? '' : ` · ${t('models.batch.another')}`}</span>
          </div>
        ) : (
          <div>
            <strong>{t('models.batch.drop')}</strong>
            <span className="muted"> {t('models.batch.orClick')}</span>
          </div>
        )}
        <input ref={input} type="file" accept=".csv,.tsv,.txt,text/csv" hidden data-testid="batch-file-input"
          onChange={(e) => choose(e.target.files?.[0])} />
      </div>

      {run && run.phase !== 'failed' && (
        <div className="batch-progress-row">
          <div className="progress" data-testid="batch-progress" data-phase={run.phase} role="progressbar"
            aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-label={t('models.batch.progress')}>
            <div className="progress-bar" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
            <div className="progress-label">{run.phase === 'done' ? t('models.batch.done') : status}</div>
          </div>
          {busy && <button type="button" className="btn" onClick={stop} data-testid="batch-stop">{t('models.batch.stop')}</button>}
        </div>
      )}

      {run?.phase === 'failed' && <ErrorBox error={run.error} testId="batch-error" />}

      {run?.phase === 'done' && out && run.preview && (
        <div className="batch-result" data-testid="batch-result" data-rows={out.rows}>
          <div className="batch-summary">
            <span>
              {tn('models.batch.predictedRows', out.rows)}
              {run.job?.elapsed_seconds != null && <span className="muted"> · {t('models.batch.seconds', { seconds: formatNumber(run.job.elapsed_seconds, { maximumFractionDigits: 2 }) })}</span>}
            </span>
            <a className="btn btn-primary" href={api.downloadUrl(out.id)} download={`${out.name}.csv`} data-testid="batch-download">
              {t('models.batch.download', { size: formatBytes(out.bytes) })}
            </a>
          </div>
          <div className="batch-table-wrap">
            <table className="table compact batch-table" data-testid="batch-preview">
              <thead>
                <tr>
                  {run.preview.columns.map((c) => (
                    <th key={c} className={predicted.has(c) ? 'pred' : ''} data-testid={predicted.has(c) ? 'batch-pred-col' : undefined}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {run.preview.rows.map((row, i) => (
                  <tr key={i} data-testid="batch-preview-row">
                    {row.map((v, j) => (
                      <td key={j} className={`${typeof v === 'number' ? 'num' : ''}${predicted.has(run.preview!.columns[j]) ? ' pred' : ''}`}>
                        {v === null ? <span className="null">{t('common.null')}</span> : cellText(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">
            {out.rows > PREVIEW_ROWS ? t('models.batch.previewNote', { shown: formatNumber(PREVIEW_ROWS), rows: formatNumber(out.rows) }) : ''}
            {t('models.batch.storedAs')}{' '}
            <a href={`/datasets/${encodeURIComponent(out.id)}`} onClick={linkHandler(`/datasets/${encodeURIComponent(out.id)}`)} data-testid="batch-output-link">
              {t('common.versionOf', { name: out.name, version: out.version })}
            </a>
            {run.input && (
              <>
                {t('models.batch.inputAs')}{' '}
                <a href={`/datasets/${encodeURIComponent(run.input.id)}`} onClick={linkHandler(`/datasets/${encodeURIComponent(run.input.id)}`)}>
                  {t('common.versionOf', { name: run.input.name, version: run.input.version })}
                </a>
              </>
            )}
          </p>
        </div>
      )}
    </section>
  );
}
