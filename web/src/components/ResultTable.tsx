// A plain table of query or preview results (at most a few hundred rows): sticky header with type
// badges, row numbers, nulls greyed, numbers right-aligned. For whole datasets use PreviewGrid.
import type { Cell, ColumnType } from '../api/types';
import { t } from '../i18n';
import { TypeBadge } from './TypeBadge';

const NUMERIC = new Set(['int64', 'float64']);

function CellView({ value, type }: { value: Cell; type: ColumnType }) {
  if (value === null || value === undefined) return <span className="null">{t('common.null')}</span>;
  if (typeof value === 'boolean') return <span className="bool">{value ? t('common.true') : t('common.false')}</span>;
  if (typeof value === 'number' && type === 'float64') {
    if (Number.isInteger(value)) return <>{value.toFixed(1)}</>;
    // Binary floating-point noise (2.0999999999999996) is cut to 12 significant digits.
    const text = String(value);
    return <span title={text}>{text.length > 14 ? String(Number(value.toPrecision(12))) : text}</span>;
  }
  return <>{String(value)}</>;
}

export interface ResultTableProps {
  columns: string[];
  types: ColumnType[];
  rows: Cell[][];
  testId?: string;
  dimmed?: boolean; // while a newer result is on its way
}

export function ResultTable({ columns, types, rows, testId, dimmed }: ResultTableProps) {
  return (
    <div className={`result-scroll${dimmed ? ' dimmed' : ''}`} data-testid={testId}>
      <table className="result-table">
        <thead>
          <tr>
            <th className="index">#</th>
            {columns.map((c, i) => (
              <th key={`${c}-${i}`} title={`${c} (${types[i]})`} data-testid="result-header" data-column={c}>
                <span className="result-head">
                  <span className="col-name">{c}</span>
                  <TypeBadge type={types[i]} />
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} data-testid="result-row">
              <td className="index">{r + 1}</td>
              {columns.map((c, i) => (
                <td key={`${c}-${i}`} className={NUMERIC.has(types[i]) ? 'num' : undefined}>
                  <CellView value={row[i] ?? null} type={types[i]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className="muted pad">{t('common.noRows')}</div>}
    </div>
  );
}
