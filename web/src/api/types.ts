// Shapes of the Lathe HTTP API as documented in docs/api/datasets.md and docs/api/profile.md.

export type ColumnType =
  | 'int64'
  | 'float64'
  | 'bool'
  | 'date'
  | 'datetime'
  | 'categorical'
  | 'text'
  | string;

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

export interface Dataset {
  id: string;
  name: string;
  version: number;
  rows: number;
  bytes: number;
  created_at: string;
  format?: string;
  sha256?: string;
  source?: { delimiter?: string; header?: boolean };
  columns: DatasetColumn[];
}

export interface DatasetList {
  datasets: Dataset[];
  total: number;
  limit: number;
  offset: number;
}

export type Cell = string | number | boolean | null;

export interface RowsPage {
  columns: string[];
  types: ColumnType[];
  rows: Cell[][];
  offset: number;
  limit: number;
  total_rows: number;
}

export interface HistogramBin {
  low: number;
  high: number;
  count: number;
}

export interface TopValue {
  value: Cell;
  count: number;
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  missing: number;
  missing_fraction: number;
  distinct: number;
  distinct_approximate?: boolean;
  min?: number | string | null;
  max?: number | string | null;
  mean?: number | null;
  std?: number | null;
  quantiles?: Record<string, number | null> | null;
  histogram?: HistogramBin[] | null;
  top_values?: TopValue[] | null;
}

export interface QualityWarning {
  column: string | null;
  kind: string;
  message: string;
}

export interface ClassBalance {
  target: string;
  classes: { value: Cell; count: number; fraction: number }[];
  imbalance_ratio: number | null;
}

export interface Quality {
  duplicate_rows: number;
  constant_columns: string[];
  id_like_columns: string[];
  high_cardinality_columns: string[];
  warnings: QualityWarning[];
  class_balance: ClassBalance | null;
}

export interface Profile {
  rows: number;
  columns: ColumnProfile[];
  quality: Quality;
}

// --- Data preparation (docs/api/prep.md) ---

// One parameter of a recipe operation, from GET /api/v1/prep/operations. `type` is one of
// column, columns, enum, enum[], string, string[], expression, integer, number, boolean,
// boolean|boolean[], dataset, array, object, any (new types fall back to a JSON field).
export interface OpParam {
  name: string;
  type: string;
  required: boolean;
  default?: unknown;
  description: string;
  enum?: string[];
}

export interface OperationInfo {
  name: string;
  group: string;
  summary: string;
  row_wise: boolean;
  params: OpParam[];
}

export interface OperationList {
  operations: OperationInfo[];
}

export type RecipeStepJson = { op: string } & Record<string, unknown>;

export interface RecipeJson {
  steps: RecipeStepJson[];
}

export interface StepRun {
  op: string;
  rows_in: number;
  rows_out: number;
  columns_out: number;
  millis: number;
}

export interface TableResult {
  columns: string[];
  types: ColumnType[];
  rows: Cell[][];
}

export interface PreviewResult extends TableResult {
  dataset_id: string;
  input_rows: number;
  total_rows: number;
  steps: StepRun[];
  row_wise: boolean;
  row_set_steps: string[];
  millis: number;
}

export interface TransformResult extends Dataset {
  steps: StepRun[];
  row_wise: boolean;
  row_set_steps: string[];
  millis: number;
}

export interface SavedRecipe {
  id: string;
  name: string;
  version: number;
  created_at: string;
  description?: string;
  recipe: RecipeJson;
  sha256?: string;
  row_wise?: boolean;
  row_set_steps?: string[];
}

export interface RecipeList {
  recipes: SavedRecipe[];
  total: number;
}

export interface QueryResult extends TableResult {
  row_count: number;
  truncated: boolean;
  millis: number;
  dataset?: Dataset;
}

// --- Insights (docs/api/insights.md; GET /api/v1/datasets/{id}/insights?target=) ---

export type Severity = 'high' | 'medium' | 'low';

export interface InsightWarning {
  column: string | null;
  kind: string;
  severity: Severity;
  message: string;
}

export interface FeatureTarget {
  column: string;
  type: ColumnType;
  skipped?: string;
  pearson?: number | null;
  spearman?: number | null;
  correlation_ratio?: number | null;
  cramers_v?: number | null;
  mutual_information?: number | null;
  normalized_mutual_information?: number | null;
  prediction_power?: { metric: string; value: number | null; accuracy?: number | null };
  identical_to_target?: boolean;
  one_to_one_with_target?: boolean;
}

export interface QuickModel {
  status: 'ok' | 'skipped' | string;
  reason?: string;
  algorithm?: string;
  metric?: string;
  value?: number | null;
  baseline?: number | null;
  baseline_name?: string;
  metrics?: Record<string, number | null>;
  baseline_metrics?: Record<string, number | null>;
  top_features?: { feature: string; column: string; [k: string]: unknown }[];
  train_rows?: number;
  test_rows?: number;
  model_features?: number;
  excluded_columns?: { column: string; reason: string }[];
}

export interface Correlations {
  method: string;
  columns: string[];
  matrix: (number | null)[][];
  redundant_pairs?: { a: string; b: string; pearson: number }[];
  numeric_columns?: number;
  omitted_columns?: unknown;
}

export interface InsightsReport {
  dataset?: { id: string; name: string; version: number };
  summary: {
    rows: number;
    columns: number;
    missing_cells?: number;
    missing_cells_fraction?: number;
    duplicate_rows?: number;
    duplicate_rows_fraction?: number;
    warnings?: Partial<Record<Severity, number>>;
    [k: string]: unknown;
  };
  sampling?: { sampled: boolean; rows_total: number; rows_used: number };
  correlations?: Correlations | null;
  target?: {
    name: string;
    type: ColumnType;
    problem_type: string;
    problem_type_source?: string;
    [k: string]: unknown;
  } | null;
  feature_target?: FeatureTarget[] | null;
  leakage?: { column: string; reason: string; metric?: string; score?: number | null; message: string }[];
  quick_model?: QuickModel | null;
  warnings: InsightWarning[];
}

// --- Training jobs and models (docs/api/training.md, docs/api/evaluation.md) ---

export interface DatasetRef {
  id: string;
  name: string;
  version: number;
}

export interface TrainingJob {
  id: string;
  state: string; // Pending, InProgress, Stopping, Completed, Failed, Stopped
  created_at: string;
  updated_at?: string;
  dataset?: DatasetRef;
  target?: string;
  problem_type?: string;
  metric?: string;
  budget_seconds?: number;
  model_name?: string;
  stage?: string;
  progress?: { trials_done?: number; elapsed_seconds?: number; best_score?: number | null; [k: string]: unknown };
  model_id?: string;
  // The report's metrics plus primary_metric {name, value}.
  test_metrics?: Record<string, number | null | { name: string; value: number | null }>;
  failure_reason?: string;
}

// GET /api/v1/text/classifiers/{name}: a Comprehend classifier's Lathe training jobs (one, or
// one per label for MULTI_LABEL; state and model_id null when the job is gone).
export interface ClassifierTraining {
  name: string;
  arn: string;
  mode: string;
  dataset_id: string;
  training_jobs: { label: string | null; job_id: string; state: string | null; model_id: string | null }[];
}

export interface TrainingJobList {
  training_jobs: TrainingJob[];
  total: number;
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  problem_type: 'binary' | 'multiclass' | 'regression' | string;
  target: string;
  rows: number;
  primary_metric: { name: string; value: number | null; higher_is_better: boolean };
  metrics: Record<string, number | null>;
  classes?: ClassReport[];
  confusion_matrix?: { labels: string[]; counts: number[][] };
  positive_class?: string;
  roc_curve?: { fpr: number; tpr: number; threshold: number }[];
  pr_curve?: { recall: number; precision: number; threshold: number }[];
  thresholds?: {
    rows: { threshold: number; precision: number; recall: number; f1: number; accuracy: number }[];
    best_f1?: { threshold: number; precision: number; recall: number; f1: number; accuracy: number };
  };
  residual_histogram?: { lower: number; upper: number; count: number }[];
  // Training jobs, up to 30 classes: a few test rows per confusion-matrix cell (argmax predictions).
  examples?: {
    max_per_cell: number;
    cells: { actual: string; predicted: string; count: number; rows: { row: number; probability: number; values: Record<string, Cell> }[] }[];
  };
  feature_importance?: {
    gain?: { feature: string; importance: number }[];
    permutation?: { metric: string; baseline: number; features: { feature: string; mean_drop: number; std_drop: number }[] };
  };
}

export interface InputColumn {
  name: string;
  type: ColumnType;
  kind?: string; // numeric, categorical, boolean, datetime, text
  had_missing?: boolean;
  median?: number | null;
  min?: number | null;
  max?: number | null;
  categories?: string[];
}

export interface Model {
  id: string;
  name: string;
  version: number;
  state: string;
  created_at: string;
  job_id?: string;
  dataset?: DatasetRef;
  target?: string;
  problem_type?: string;
  classes?: string[];
  metric?: string;
  validation_score?: number | null;
  test_metrics?: Record<string, number | null | { name: string; value: number | null }>;
  train_rows?: number;
  test_rows?: number;
  members?: unknown;
  input_columns?: string[];
  has_recipe?: boolean;
  bundle_bytes?: number;
  manifest?: {
    members?: { learner: string; params: Record<string, unknown>; bytes: number }[];
    ensemble?: { member: number; weight: number }[];
    [k: string]: unknown;
  };
  input_schema?: InputColumn[];
  evaluation?: Evaluation | null;
}

export interface ModelList {
  models: Model[];
  total: number;
}

export type Prediction = { label: string; probabilities: Record<string, number> } | { value: number | null };

export interface PredictResult {
  model_id: string;
  predictions: Prediction[];
  classes?: string[];
  millis: number;
}
