import { describe, expect, it } from 'vitest';
import { aliasFor, bindingProblems, bindingsToDatasets } from './sql';

describe('aliasFor', () => {
  it('makes a SQL identifier from a dataset name', () => {
    expect(aliasFor('iris', [])).toBe('iris');
    expect(aliasFor('Iris 2024.csv', [])).toBe('iris_2024_csv');
    expect(aliasFor('2024 sales', [])).toBe('t_2024_sales');
    expect(aliasFor('ÿÿ', [])).toBe('t');
  });

  it('avoids aliases already taken', () => {
    expect(aliasFor('iris', ['iris'])).toBe('iris_2');
    expect(aliasFor('iris', ['iris', 'iris_2'])).toBe('iris_3');
  });
});

describe('bindingProblems', () => {
  it('accepts distinct identifiers bound to datasets', () => {
    const b = [{ alias: 'p', datasetId: 'ds_1' }, { alias: 'o', datasetId: 'ds_2' }];
    expect(bindingProblems(b)).toEqual([]);
    expect(bindingsToDatasets(b)).toEqual({ p: 'ds_1', o: 'ds_2' });
  });

  it('names the alias that is wrong', () => {
    expect(bindingProblems([{ alias: '1x', datasetId: 'ds_1' }])[0]).toMatch(/'1x'/);
    expect(bindingProblems([{ alias: 'a', datasetId: 'd' }, { alias: 'A', datasetId: 'e' }])[0]).toMatch(/'A' is used twice/);
    expect(bindingProblems([{ alias: 'a', datasetId: '' }])[0]).toMatch(/'a' has no dataset/);
  });
});
