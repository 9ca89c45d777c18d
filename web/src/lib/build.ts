// The Build form's rules, mirroring the server's (src/ml/problem.cc, src/ml/estimator.cc,
// src/ml/metrics.cc) so the form can show the problem type and offer only valid choices before
// anything is sent; the server still decides and names any field it refuses.
import type { ColumnProfile } from '../api/types';
import { t, tOr } from '../i18n';

export type ProblemType = 'binary' | 'multiclass' | 'regression';

const MAX_INTEGER_CLASSES = 20;
const MIN_ROWS_PER_CLASS = 10;

// The problem type ml::DetectProblem would pick for a target column with this profile, or an
// explanation of why it cannot be a target.
export function detectProblem(col: Pick<ColumnProfile, 'type' | 'distinct' | 'missing'>, rows: number):
  { type: ProblemType } | { error: string } {
  if (col.type === 'date' || col.type === 'datetime') {
    return { error: t('build.target.dates') };
  }
  const present = rows - col.missing;
  if (present <= 0) return { error: t('build.target.allMissing') };
  if (col.distinct <= 1) return { error: t('build.target.single') };
  if (col.type === 'bool' || col.distinct === 2) return { type: 'binary' };
  if (col.type === 'int64') {
    const few = col.distinct <= MAX_INTEGER_CLASSES && present / col.distinct >= MIN_ROWS_PER_CLASS;
    return { type: few ? 'multiclass' : 'regression' };
  }
  if (col.type === 'float64') return { type: 'regression' }; // integral floats are rare in CSVs
  return { type: 'multiclass' };
}

// The learners the server knows; learnerLabel() gives each one's name in the current locale.
export const LEARNERS: { name: string; classification: boolean; regression: boolean; text?: boolean }[] = [
  { name: 'xgboost', classification: true, regression: true },
  { name: 'random_forest', classification: true, regression: true },
  { name: 'extra_trees', classification: true, regression: true },
  { name: 'logistic_regression', classification: true, regression: false },
  { name: 'linear_regression', classification: false, regression: true },
  { name: 'linear_svm', classification: true, regression: false },
  { name: 'knn', classification: true, regression: true },
  { name: 'naive_bayes', classification: true, regression: false },
  { name: 'fasttext', classification: true, regression: false, text: true },
];

export function learnerLabel(name: string): string {
  return tOr(`build.learner.${name}`, name);
}

export function learnersFor(problem: ProblemType, hasText: boolean): string[] {
  const classification = problem !== 'regression';
  return LEARNERS.filter((l) => (classification ? l.classification : l.regression) && (!l.text || hasText)).map(
    (l) => l.name,
  );
}

export interface MetricChoice {
  name: string;
  higherIsBetter: boolean;
}

const CLASSIFICATION_METRICS: MetricChoice[] = [
  { name: 'roc_auc', higherIsBetter: true },
  { name: 'accuracy', higherIsBetter: true },
  { name: 'balanced_accuracy', higherIsBetter: true },
  { name: 'f1_macro', higherIsBetter: true },
  { name: 'f1_weighted', higherIsBetter: true },
  { name: 'log_loss', higherIsBetter: false },
  { name: 'average_precision', higherIsBetter: true },
];
const REGRESSION_METRICS: MetricChoice[] = [
  { name: 'rmse', higherIsBetter: false },
  { name: 'mae', higherIsBetter: false },
  { name: 'mape', higherIsBetter: false },
  { name: 'r2', higherIsBetter: true },
];

export function metricsFor(problem: ProblemType): MetricChoice[] {
  return problem === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
}

// The default metric the server picks (automl::ResolveMetric).
export function defaultMetric(problem: ProblemType): string {
  return problem === 'binary' ? 'roc_auc' : problem === 'multiclass' ? 'accuracy' : 'rmse';
}

// A metric's display name in the current locale ("roc_auc" -> "ROC AUC"); unknown names lose
// their underscores.
export function metricLabel(name: string): string {
  return tOr(`build.metric.${name}`, name.replace(/_/g, ' '));
}

export interface BuildForm {
  datasetId: string;
  target: string;
  problemType: '' | ProblemType; // '' = detected by the server
  budget: 'quick' | 'standard';
  budgetSeconds: string; // advanced override; '' = use budget
  metric: string; // '' = default
  algorithms: string[]; // [] = all
  excludeColumns: string[];
  modelName: string;
  // advanced: ms per 1,000 predicted rows; '' or absent = the server's default (50); '0' = no limit
  predictLimitMs?: string;
}

// The POST /api/v1/training-jobs body for the form (only what differs from the defaults).
export function trainingRequest(f: BuildForm): Record<string, unknown> {
  const body: Record<string, unknown> = { dataset: f.datasetId, target: f.target };
  if (f.problemType) body.problem_type = f.problemType;
  const seconds = Number(f.budgetSeconds);
  if (f.budgetSeconds.trim() !== '' && Number.isFinite(seconds) && seconds > 0) body.budget_s = seconds;
  else body.budget = f.budget;
  if (f.metric) body.metric = f.metric;
  if (f.algorithms.length > 0) body.algorithms = f.algorithms;
  const excluded = f.excludeColumns.filter((c) => c !== f.target);
  if (excluded.length > 0) body.exclude_columns = excluded;
  if (f.modelName.trim()) body.model_name = f.modelName.trim();
  const limit = Number(f.predictLimitMs ?? '');
  const limitGiven = (f.predictLimitMs ?? '').trim() !== '';
  if (limitGiven && Number.isFinite(limit) && limit >= 0) body.predict_limit_ms = limit;
  return body;
}
