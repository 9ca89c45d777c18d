// The Build form's rules, mirroring the server's (src/ml/problem.cc, src/ml/estimator.cc,
// src/ml/metrics.cc) so the form can show the problem type and offer only valid choices before
// anything is sent; the server still decides and names any field it refuses.
import type { ColumnProfile } from '../api/types';

export type ProblemType = 'binary' | 'multiclass' | 'regression';

const MAX_INTEGER_CLASSES = 20;
const MIN_ROWS_PER_CLASS = 10;

// The problem type ml::DetectProblem would pick for a target column with this profile, or an
// explanation of why it cannot be a target.
export function detectProblem(col: Pick<ColumnProfile, 'type' | 'distinct' | 'missing'>, rows: number):
  { type: ProblemType } | { error: string } {
  if (col.type === 'date' || col.type === 'datetime') {
    return { error: 'dates cannot be a target (derive a number or class first)' };
  }
  const present = rows - col.missing;
  if (present <= 0) return { error: 'every value is missing' };
  if (col.distinct <= 1) return { error: 'has a single value; nothing to learn' };
  if (col.type === 'bool' || col.distinct === 2) return { type: 'binary' };
  if (col.type === 'int64') {
    const few = col.distinct <= MAX_INTEGER_CLASSES && present / col.distinct >= MIN_ROWS_PER_CLASS;
    return { type: few ? 'multiclass' : 'regression' };
  }
  if (col.type === 'float64') return { type: 'regression' }; // integral floats are rare in CSVs
  return { type: 'multiclass' };
}

export const LEARNERS: { name: string; label: string; classification: boolean; regression: boolean; text?: boolean }[] = [
  { name: 'xgboost', label: 'XGBoost (boosted trees)', classification: true, regression: true },
  { name: 'random_forest', label: 'Random forest', classification: true, regression: true },
  { name: 'logistic_regression', label: 'Logistic regression', classification: true, regression: false },
  { name: 'linear_regression', label: 'Linear regression', classification: false, regression: true },
  { name: 'linear_svm', label: 'Linear SVM', classification: true, regression: false },
  { name: 'knn', label: 'k nearest neighbours', classification: true, regression: true },
  { name: 'naive_bayes', label: 'Naive Bayes', classification: true, regression: false },
  { name: 'fasttext', label: 'fastText (text columns)', classification: true, regression: false, text: true },
];

export function learnersFor(problem: ProblemType, hasText: boolean): string[] {
  const classification = problem !== 'regression';
  return LEARNERS.filter((l) => (classification ? l.classification : l.regression) && (!l.text || hasText)).map(
    (l) => l.name,
  );
}

export interface MetricChoice {
  name: string;
  label: string;
  higherIsBetter: boolean;
}

const CLASSIFICATION_METRICS: MetricChoice[] = [
  { name: 'roc_auc', label: 'ROC AUC', higherIsBetter: true },
  { name: 'accuracy', label: 'Accuracy', higherIsBetter: true },
  { name: 'balanced_accuracy', label: 'Balanced accuracy', higherIsBetter: true },
  { name: 'f1_macro', label: 'F1 (macro)', higherIsBetter: true },
  { name: 'f1_weighted', label: 'F1 (weighted)', higherIsBetter: true },
  { name: 'log_loss', label: 'Log loss', higherIsBetter: false },
  { name: 'average_precision', label: 'Average precision', higherIsBetter: true },
];
const REGRESSION_METRICS: MetricChoice[] = [
  { name: 'rmse', label: 'RMSE', higherIsBetter: false },
  { name: 'mae', label: 'MAE', higherIsBetter: false },
  { name: 'mape', label: 'MAPE', higherIsBetter: false },
  { name: 'r2', label: 'R²', higherIsBetter: true },
];

export function metricsFor(problem: ProblemType): MetricChoice[] {
  return problem === 'regression' ? REGRESSION_METRICS : CLASSIFICATION_METRICS;
}

// The default metric the server picks (automl::ResolveMetric).
export function defaultMetric(problem: ProblemType): string {
  return problem === 'binary' ? 'roc_auc' : problem === 'multiclass' ? 'accuracy' : 'rmse';
}

export function metricLabel(name: string): string {
  return [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS].find((m) => m.name === name)?.label ?? name.replace(/_/g, ' ');
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
  return body;
}
