import { describe, expect, it } from 'vitest';
import type { InputColumn } from '../api/types';
import {
  cellSummary, confusionAtThreshold, defaultThresholdIndex, defaultWhatIf, normaliseRows, rankContributions,
  sortedProbabilities, whatIfFieldType, whatIfRow, type ThresholdRow,
} from './model';

const SCHEMA: InputColumn[] = [
  { name: 'tenure', type: 'float64', kind: 'numeric', median: 11.2, min: 0, max: 80 },
  { name: 'seats', type: 'int64', kind: 'numeric', median: 3.4 },
  { name: 'plan', type: 'categorical', kind: 'categorical', categories: ['pro', 'team'] },
  { name: 'active', type: 'bool', kind: 'boolean' },
  { name: 'note', type: 'text', kind: 'text' },
];

describe('normaliseRows', () => {
  it('divides each true-class row by its total', () => {
    expect(normaliseRows([[8, 2], [1, 3], [0, 0]])).toEqual([[0.8, 0.2], [0.25, 0.75], [0, 0]]);
  });
});

describe('what-if form', () => {
  it('picks a field per input type and starts from training values', () => {
    expect(SCHEMA.map(whatIfFieldType)).toEqual(['number', 'number', 'category', 'boolean', 'text']);
    expect(defaultWhatIf(SCHEMA)).toEqual({ tenure: '11.2', seats: '3', plan: 'pro', active: 'false', note: '' });
  });

  it('builds the predict row with typed values and nulls for blanks', () => {
    const r = whatIfRow(SCHEMA, { tenure: '12.5', seats: '4', plan: 'team', active: 'true', note: '' });
    expect(r).toEqual({ ok: true, row: { tenure: 12.5, seats: 4, plan: 'team', active: true, note: null } });
  });

  it('names the inputs that do not parse', () => {
    const r = whatIfRow(SCHEMA, { tenure: 'abc', seats: '2.5', plan: 'pro', active: 'false', note: 'x' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.tenure).toMatch(/tenure: 'abc' is not a number/);
      expect(r.errors.seats).toMatch(/whole number/);
      expect(Object.keys(r.errors)).toEqual(['tenure', 'seats']);
    }
  });
});

describe('sortedProbabilities', () => {
  it('orders classes by probability', () => {
    expect(sortedProbabilities({ label: 'b', probabilities: { a: 0.2, b: 0.7, c: 0.1 } }).map((x) => x.label)).toEqual(['b', 'a', 'c']);
    expect(sortedProbabilities({ value: 3 })).toEqual([]);
  });
});

// A seeded set of test rows (score of the positive class, actual class) and the report's rows
// computed from it as the server does (positive when score >= threshold).
function scoredRows(n: number, seed: number): { score: number; positive: boolean }[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  return Array.from({ length: n }, () => {
    const positive = rand() < 0.35;
    const score = Math.min(0.999, Math.max(0, (positive ? 0.62 : 0.3) + (rand() - 0.5) * 0.7));
    return { score, positive };
  });
}

function directMatrix(rows: { score: number; positive: boolean }[], threshold: number, pos: number): number[][] {
  const m = [[0, 0], [0, 0]];
  for (const r of rows) {
    const actual = r.positive ? pos : 1 - pos;
    const predicted = r.score >= threshold ? pos : 1 - pos;
    m[actual][predicted]++;
  }
  return m;
}

function reportRow(m: number[][], threshold: number, pos: number): ThresholdRow {
  const neg = 1 - pos;
  const tp = m[pos][pos], fn = m[pos][neg], fp = m[neg][pos], tn = m[neg][neg];
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, precision, recall, f1, accuracy: (tp + tn) / (tp + tn + fp + fn) };
}

describe('confusionAtThreshold', () => {
  const cases: [string[], string][] = [[['neg', 'pos'], 'pos'], [['yes', 'no'], 'yes']];
  for (const [labels, positive] of cases) {
    it(`recovers the counts at every threshold (positive class '${positive}' at ${labels.indexOf(positive)})`, () => {
      const pos = labels.indexOf(positive);
      const rows = scoredRows(487, 7 + pos);
      const argmax = directMatrix(rows, 0.5, pos);
      for (let k = 1; k <= 19; k++) {
        const threshold = k / 20;
        const expected = directMatrix(rows, threshold, pos);
        const got = confusionAtThreshold(labels, argmax, positive, reportRow(expected, threshold, pos));
        expect(got).toEqual(expected);
      }
    });
  }

  it('keeps every row, even when nothing is predicted positive', () => {
    const m = confusionAtThreshold(['a', 'b'], [[10, 0], [5, 5]], 'b', { threshold: 0.95, precision: 0, recall: 0, f1: 0, accuracy: 0.5 });
    expect(m).toEqual([[10, 0], [10, 0]]);
  });

  it('refuses what is not a binary matrix', () => {
    const row = { threshold: 0.5, precision: 1, recall: 1, f1: 1, accuracy: 1 };
    expect(confusionAtThreshold(['a', 'b', 'c'], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], 'c', row)).toBeNull();
    expect(confusionAtThreshold(['a', 'b'], [[1, 0], [0, 1]], 'z', row)).toBeNull();
  });

  it('starts the slider at the row nearest 0.5', () => {
    const rows = [0.05, 0.25, 0.45, 0.55, 0.95].map((threshold) => ({ threshold, precision: 0, recall: 0, f1: 0, accuracy: 0 }));
    expect(defaultThresholdIndex(rows)).toBe(2);
    expect(defaultThresholdIndex([])).toBe(0);
  });
});

describe('cellSummary', () => {
  it('gives the count and its share of the row, the column and the whole', () => {
    const s = cellSummary(['a', 'b', 'c'], [[8, 2, 0], [1, 6, 3], [0, 2, 8]], 1, 2)!;
    expect(s).toMatchObject({ actual: 'b', predicted: 'c', count: 3, correct: false, actualTotal: 10, predictedTotal: 11, total: 30 });
    expect(s.ofActual).toBeCloseTo(0.3);
    expect(s.ofPredicted).toBeCloseTo(3 / 11);
    expect(s.ofAll).toBeCloseTo(0.1);
    expect(cellSummary(['a'], [[0]], 0, 0)).toMatchObject({ count: 0, correct: true, ofActual: 0, ofPredicted: 0, ofAll: 0 });
    expect(cellSummary(['a'], [[0]], 1, 0)).toBeNull();
  });
});

describe('rankContributions', () => {
  it('orders by magnitude and sums the tail', () => {
    const r = rankContributions({ a: 0.1, b: -0.9, c: 0.5, d: Number.NaN, e: -0.2 }, 2);
    expect(r.items).toEqual([{ column: 'b', value: -0.9 }, { column: 'c', value: 0.5 }]);
    expect(r.other!.count).toBe(2);
    expect(r.other!.value).toBeCloseTo(-0.1);
    expect(rankContributions({ a: 1 }).other).toBeNull();
  });
});
