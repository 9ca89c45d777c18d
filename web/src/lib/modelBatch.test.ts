import { describe, expect, it } from 'vitest';
import { batchDatasetName, batchFraction, isBatchFile, isTransformFinished, splitBatchColumns } from './modelBatch';

describe('batchDatasetName', () => {
  it('keeps valid names and replaces what the server refuses', () => {
    expect(batchDatasetName('iris.csv')).toBe('iris');
    expect(batchDatasetName('my rows (2).csv')).toBe('my-rows-2');
    expect(batchDatasetName('data.v2.csv')).toBe('data.v2');
    expect(batchDatasetName('Ünïcode.csv')).toBe('n-code');
    expect(batchDatasetName('((( ))).csv')).toBe('batch');
    expect(batchDatasetName('x'.repeat(300) + '.csv')).toHaveLength(100);
    for (const n of ['iris', 'my-rows-2', 'batch']) expect(n).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
  });
});

describe('isBatchFile', () => {
  it('accepts delimited text only', () => {
    expect(['a.csv', 'B.CSV', 'c.tsv', 'd.txt'].map(isBatchFile)).toEqual([true, true, true, true]);
    expect(['a.json', 'b.xlsx', 'csv'].map(isBatchFile)).toEqual([false, false, false]);
  });
});

describe('splitBatchColumns', () => {
  it('separates the kept input columns from the appended predictions', () => {
    const input = ['sepal', 'petal', 'species'];
    const output = ['sepal', 'petal', 'species', 'predicted_label', 'prob_setosa', 'prob_virginica'];
    expect(splitBatchColumns(output, input)).toEqual({
      input: ['sepal', 'petal', 'species'],
      predicted: ['predicted_label', 'prob_setosa', 'prob_virginica'],
    });
    expect(splitBatchColumns(['prediction'], input)).toEqual({ input: [], predicted: ['prediction'] });
  });
});

describe('batchFraction', () => {
  it('moves monotonically from the upload through the job rows', () => {
    const steps = [
      batchFraction('idle', 0),
      batchFraction('uploading', 0.5),
      batchFraction('uploading', 1),
      batchFraction('starting', 1),
      batchFraction('running', 1, 0, 100),
      batchFraction('running', 1, 50, 100),
      batchFraction('running', 1, 100, 100),
      batchFraction('done', 1, 100, 100),
    ];
    expect(steps).toEqual([0, 0.2, 0.4, 0.4, 0.4, 0.7, 1, 1]);
    expect(batchFraction('running', 1, 5, 0)).toBe(0.4);
    expect(batchFraction('uploading', Number.NaN)).toBe(0);
  });

  it('knows the terminal job states', () => {
    expect(['Pending', 'InProgress', 'Stopping', 'Completed', 'Failed', 'Stopped'].map(isTransformFinished))
      .toEqual([false, false, false, true, true, true]);
  });
});
