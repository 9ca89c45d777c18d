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
