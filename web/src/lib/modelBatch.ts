// Pure helpers of the model page's batch prediction: the dataset name an uploaded file gets, the
// output's prediction columns, and one progress fraction over the upload and the transform job.
//
// The flow (pages/models/BatchPredict.tsx): the file is uploaded as a dataset
// (POST /api/v1/datasets), a batch transform job runs the model over it with the input columns
// kept (POST /api/v1/transform-jobs, include_input), and the job's output dataset is previewed
// (/rows) and downloaded (/download).

// Dataset names are 1-128 of [A-Za-z0-9._-]: "my rows (2).csv" -> "my-rows-2". Empty -> "batch".
export function batchDatasetName(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  const cleaned = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 100);
  return cleaned || 'batch';
}

// Whether a picked or dropped file looks like delimited text the batch job can read.
export function isBatchFile(fileName: string): boolean {
  return /\.(csv|tsv|txt)$/i.test(fileName);
}

// The output's columns split into the input columns (kept first) and the prediction columns the
// job appended: `predicted_label` and `prob_<class>`, or `prediction` for regression.
export function splitBatchColumns(output: readonly string[], input: readonly string[]): { input: string[]; predicted: string[] } {
  const inputSet = new Set(input);
  let k = 0;
  while (k < output.length && inputSet.has(output[k])) k++;
  return { input: output.slice(0, k), predicted: output.slice(k) };
}

export type BatchPhase = 'idle' | 'uploading' | 'starting' | 'running' | 'done' | 'failed';

// One bar for the whole run: the upload is the first 40 %, the job's rows the rest.
export function batchFraction(phase: BatchPhase, uploaded: number, rowsDone = 0, rowsTotal = 0): number {
  const clamp = (v: number) => Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  switch (phase) {
    case 'idle':
      return 0;
    case 'uploading':
      return 0.4 * clamp(uploaded);
    case 'starting':
      return 0.4;
    case 'running':
      return 0.4 + 0.6 * (rowsTotal > 0 ? clamp(rowsDone / rowsTotal) : 0);
    case 'done':
      return 1;
    default:
      return 0;
  }
}

// Terminal states of a transform job (docs/api/deploy.md, "Batch transform").
export function isTransformFinished(state: string | undefined): boolean {
  return state === 'Completed' || state === 'Failed' || state === 'Stopped';
}
