import { describe, expect, it } from 'vitest';
import type { InputColumn } from '../api/types';
import { defaultWhatIf, normaliseRows, sortedProbabilities, whatIfFieldType, whatIfRow } from './model';

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
