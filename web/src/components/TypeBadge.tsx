// A small coloured label for a column type (int64, float64, categorical, ...).
import type { ColumnType } from '../api/types';

const SHORT: Record<string, string> = {
  int64: 'int',
  float64: 'float',
  bool: 'bool',
  date: 'date',
  datetime: 'datetime',
  categorical: 'cat',
  text: 'text',
};

export function TypeBadge({ type }: { type: ColumnType }) {
  const known = type in SHORT;
  return (
    <span
      className={`type-badge type-${known ? type : 'other'}`}
      title={type}
      data-testid="type-badge"
    >
      {SHORT[type] ?? type}
    </span>
  );
}
