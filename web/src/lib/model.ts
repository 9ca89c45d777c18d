// Pure helpers of the Model page: confusion matrix normalisation, the what-if form's default
// values and the row it sends to /predict, and sorting class probabilities.
import type { InputColumn, Prediction } from '../api/types';
import { t } from '../i18n';

// Each row divided by its total (the share of that true class predicted as each class); a row
// with no examples stays all zeros.
export function normaliseRows(counts: number[][]): number[][] {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total > 0 ? v / total : 0));
  });
}

export type FieldType = 'number' | 'category' | 'boolean' | 'text';

export function whatIfFieldType(col: InputColumn): FieldType {
  if (col.type === 'bool' || col.kind === 'boolean') return 'boolean';
  if (col.type === 'int64' || col.type === 'float64' || col.kind === 'numeric') return 'number';
  if (col.categories && col.categories.length > 0) return 'category';
  return 'text';
}

// A starting value per input: the training median for numbers, the first known category, false.
export function defaultWhatIf(schema: readonly InputColumn[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of schema) {
    const kind = whatIfFieldType(c);
    if (kind === 'number') {
      const m = c.median ?? (c.min != null && c.max != null ? (c.min + c.max) / 2 : null);
      out[c.name] = m == null ? '' : String(c.type === 'int64' ? Math.round(m) : Number(m.toPrecision(6)));
    } else if (kind === 'category') {
      out[c.name] = c.categories![0];
    } else if (kind === 'boolean') {
      out[c.name] = 'false';
    } else {
      out[c.name] = '';
    }
  }
  return out;
}

export type WhatIfRow = { ok: true; row: Record<string, string | number | boolean | null> } | { ok: false; errors: Record<string, string> };

// The row for POST /predict: numbers parsed (blank = null, the model fills missing values as in
// training), booleans as booleans, the rest as strings. Unparseable numbers are reported by name.
export function whatIfRow(schema: readonly InputColumn[], values: Record<string, string>): WhatIfRow {
  const row: Record<string, string | number | boolean | null> = {};
  const errors: Record<string, string> = {};
  for (const c of schema) {
    const text = (values[c.name] ?? '').trim();
    const kind = whatIfFieldType(c);
    if (text === '') {
      row[c.name] = null;
    } else if (kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[c.name] = t('models.whatIf.notNumber', { column: c.name, text });
      else if (c.type === 'int64' && !Number.isInteger(n)) errors[c.name] = t('models.whatIf.wholeNumber', { column: c.name });
      else row[c.name] = n;
    } else if (kind === 'boolean') {
      row[c.name] = text === 'true';
    } else {
      row[c.name] = values[c.name];
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, row };
}

// Class probabilities, most likely first.
export function sortedProbabilities(p: Prediction): { label: string; probability: number }[] {
  if (!('probabilities' in p)) return [];
  return Object.entries(p.probabilities)
    .map(([label, probability]) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
}

export type ThresholdRow = { threshold: number; precision: number; recall: number; f1: number; accuracy: number };

// The binary confusion matrix at one row of the report's `thresholds.rows` (a row is predicted
// positive when its score ≥ threshold), in the order of `labels` (counts[actual][predicted]).
// The report keeps per threshold only precision, recall, F1 and accuracy, so the four counts are
// recovered from the class totals of the argmax matrix (which the threshold does not change):
// TP = recall · P, TN = accuracy · (P + N) − TP, FN = P − TP, FP = N − TN.
// Null when the matrix is not 2 × 2 or the positive class is not one of its labels.
export function confusionAtThreshold(
  labels: readonly string[],
  counts: readonly (readonly number[])[],
  positiveClass: string | undefined,
  row: ThresholdRow,
): number[][] | null {
  if (labels.length !== 2 || counts.length !== 2) return null;
  const pos = positiveClass === undefined ? 1 : labels.indexOf(positiveClass);
  if (pos < 0) return null;
  const neg = 1 - pos;
  const p = counts[pos].reduce((a, b) => a + b, 0);
  const n = counts[neg].reduce((a, b) => a + b, 0);
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, Math.round(v)));
  const tp = clamp(row.recall * p, p);
  const tn = clamp(row.accuracy * (p + n) - tp, n);
  const out = [[0, 0], [0, 0]];
  out[pos][pos] = tp;
  out[pos][neg] = p - tp;
  out[neg][neg] = tn;
  out[neg][pos] = n - tn;
  return out;
}

// The index of the threshold row closest to 0.5 (where the slider starts: the argmax decision of
// a binary model, so the matrix first shows what the report's own matrix shows).
export function defaultThresholdIndex(rows: readonly ThresholdRow[]): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (best < 0 || Math.abs(r.threshold - 0.5) < Math.abs(rows[best].threshold - 0.5)) best = i;
  });
  return Math.max(0, best);
}

// What one confusion-matrix cell holds: its count and its share of the actual class (row), of the
// predicted class (column) and of every test row.
export interface CellSummary {
  actual: string;
  predicted: string;
  count: number;
  correct: boolean;
  ofActual: number;
  ofPredicted: number;
  ofAll: number;
  actualTotal: number;
  predictedTotal: number;
  total: number;
}

export function cellSummary(labels: readonly string[], counts: readonly (readonly number[])[], i: number, j: number): CellSummary | null {
  if (i < 0 || j < 0 || i >= counts.length || j >= (counts[i]?.length ?? 0)) return null;
  const count = counts[i][j];
  const actualTotal = counts[i].reduce((a, b) => a + b, 0);
  const predictedTotal = counts.reduce((a, r) => a + (r[j] ?? 0), 0);
  const total = counts.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
  const share = (x: number, of: number) => (of > 0 ? x / of : 0);
  return {
    actual: labels[i],
    predicted: labels[j],
    count,
    correct: i === j,
    ofActual: share(count, actualTotal),
    ofPredicted: share(count, predictedTotal),
    ofAll: share(count, total),
    actualTotal,
    predictedTotal,
    total,
  };
}

// The explanation's contributions, largest magnitude first; beyond `limit` the rest are summed
// into one "other" entry (null when nothing is left over).
export function rankContributions(
  contributions: Record<string, number>,
  limit = 12,
): { items: { column: string; value: number }[]; other: { count: number; value: number } | null } {
  const all = Object.entries(contributions)
    .filter(([, v]) => Number.isFinite(v))
    .map(([column, value]) => ({ column, value }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.column.localeCompare(b.column));
  const items = all.slice(0, limit);
  const rest = all.slice(limit);
  return { items, other: rest.length ? { count: rest.length, value: rest.reduce((a, b) => a + b.value, 0) } : null };
}
