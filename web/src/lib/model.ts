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
