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
