import { describe, expect, it } from 'vitest';
import { defaultMetric, detectProblem, learnersFor, metricsFor, trainingRequest, type BuildForm } from './build';

describe('detectProblem', () => {
  it('follows the server rules', () => {
    expect(detectProblem({ type: 'categorical', distinct: 3, missing: 0 }, 150)).toEqual({ type: 'multiclass' });
    expect(detectProblem({ type: 'text', distinct: 2, missing: 0 }, 150)).toEqual({ type: 'binary' });
    expect(detectProblem({ type: 'bool', distinct: 2, missing: 3 }, 150)).toEqual({ type: 'binary' });
    expect(detectProblem({ type: 'int64', distinct: 2, missing: 0 }, 768)).toEqual({ type: 'binary' });
    expect(detectProblem({ type: 'int64', distinct: 5, missing: 0 }, 768)).toEqual({ type: 'multiclass' });
    // Too many integer values, or too few rows per value: a number to predict.
    expect(detectProblem({ type: 'int64', distinct: 21, missing: 0 }, 10000)).toEqual({ type: 'regression' });
    expect(detectProblem({ type: 'int64', distinct: 10, missing: 0 }, 99)).toEqual({ type: 'regression' });
    expect(detectProblem({ type: 'float64', distinct: 120, missing: 0 }, 150)).toEqual({ type: 'regression' });
  });

  it('explains columns that cannot be a target', () => {
    expect(detectProblem({ type: 'date', distinct: 9, missing: 0 }, 10)).toHaveProperty('error');
    expect(detectProblem({ type: 'int64', distinct: 1, missing: 0 }, 10)).toEqual({ error: 'has a single value; nothing to learn' });
    expect(detectProblem({ type: 'text', distinct: 0, missing: 10 }, 10)).toEqual({ error: 'every value is missing' });
  });
});

describe('choices per problem type', () => {
  it('offers learners and metrics that fit', () => {
    expect(learnersFor('regression', false)).toEqual(['xgboost', 'random_forest', 'extra_trees', 'linear_regression', 'knn']);
    expect(learnersFor('binary', false)).not.toContain('fasttext');
    expect(learnersFor('multiclass', true)).toContain('fasttext');
    expect(metricsFor('regression').map((m) => m.name)).toContain('rmse');
    expect(metricsFor('binary').map((m) => m.name)).not.toContain('rmse');
    expect(defaultMetric('binary')).toBe('roc_auc');
    expect(defaultMetric('multiclass')).toBe('accuracy');
    expect(defaultMetric('regression')).toBe('rmse');
  });
});

describe('trainingRequest', () => {
  const form: BuildForm = {
    datasetId: 'ds_1', target: 'species', problemType: '', budget: 'quick', budgetSeconds: '',
    metric: '', algorithms: [], excludeColumns: [], modelName: '',
  };

  it('sends only what differs from the defaults', () => {
    expect(trainingRequest(form)).toEqual({ dataset: 'ds_1', target: 'species', budget: 'quick' });
  });

  it('sends the advanced options, a seconds budget over the named one, and never excludes the target', () => {
    expect(trainingRequest({
      ...form, problemType: 'multiclass', budgetSeconds: ' 10 ', metric: 'f1_macro',
      algorithms: ['xgboost'], excludeColumns: ['id', 'species'], modelName: ' iris-model ',
    })).toEqual({
      dataset: 'ds_1', target: 'species', problem_type: 'multiclass', budget_s: 10, metric: 'f1_macro',
      algorithms: ['xgboost'], exclude_columns: ['id'], model_name: 'iris-model',
    });
    expect(trainingRequest({ ...form, budgetSeconds: 'abc' }).budget).toBe('quick');
  });

  it('sends a prediction time limit of 0 (none) or more, else leaves the server default', () => {
    expect(trainingRequest({ ...form, predictLimitMs: ' 20 ' }).predict_limit_ms).toBe(20);
    expect(trainingRequest({ ...form, predictLimitMs: '0' }).predict_limit_ms).toBe(0);
    for (const bad of ['', ' ', '-5', 'fast']) {
      expect(trainingRequest({ ...form, predictLimitMs: bad })).not.toHaveProperty('predict_limit_ms');
    }
  });
});
