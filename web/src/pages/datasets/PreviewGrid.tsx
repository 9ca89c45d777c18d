// The Preview tab: a virtualized, paged grid. Rows have a fixed height, only the visible ones
// (plus a few) are in the DOM, and pages of PAGE_SIZE rows are fetched from /rows as they
// scroll into view. Very tall tables are scaled so the scroll height stays under browser limits.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Cell, ColumnType, Dataset, RowsPage } from '../../api/types';
import { ErrorBox } from '../../components/ErrorBox';
import { TypeBadge } from '../../components/TypeBadge';
import { t, tn } from '../../i18n';
import { formatCount } from '../../lib/format';
import { computeWindow, pagesFor } from '../../lib/virtual';

const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 40;
const PAGE_SIZE = 200;
const OVERSCAN = 6;
const INDEX_WIDTH = 64;
const MAX_SCROLL_HEIGHT = 8_000_000; // px; browsers cap element heights around 16-33M

const NUMERIC = new Set(['int64', 'float64']);

function columnWidth(name: string, type: ColumnType): number {
  const byType: Record<string, number> = {
    int64: 110, float64: 120, bool: 90, date: 130, datetime: 200, categorical: 150, text: 240,
  };
  return Math.max(byType[type] ?? 160, Math.min(320, name.length * 8 + 72));
}

function CellView({ value, type }: { value: Cell; type: ColumnType }) {
  if (value === null || value === undefined) return <span className="null">{t('common.null')}</span>;
  if (typeof value === 'boolean') return <span className="bool">{value ? t('common.true') : t('common.false')}</span>;
  if (typeof value === 'number' && type === 'float64') {
    return <>{Number.isInteger(value) ? value.toFixed(1) : String(value)}</>;
  }
  return <>{String(value)}</>;
}

// Height of the visible area of the scroll box, tracked as the window resizes.
function useViewportHeight(ref: React.RefObject<HTMLDivElement | null>): number {
  const [height, setHeight] = useState(480);
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, [ref]);
  return height;
}

export function PreviewGrid({ dataset }: { dataset: Dataset }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const viewport = useViewportHeight(scroller);
  const columns = dataset.columns;
  const total = dataset.rows;

  const widths = useMemo(() => columns.map((c) => columnWidth(c.name, c.type)), [columns]);
  // The last column takes any spare width, so the grid fills its box.
  const template = `${INDEX_WIDTH}px ` +
    widths.map((w, i) => (i === widths.length - 1 ? `minmax(${w}px, 1fr)` : `${w}px`)).join(' ');
  const innerWidth = INDEX_WIDTH + widths.reduce((a, b) => a + b, 0);

  const bodyViewport = Math.max(ROW_HEIGHT, viewport - HEADER_HEIGHT);
  const { scrollHeight, virtualTop, visibleFirst, visibleLast, first, last } = computeWindow({
    scrollTop, viewport: bodyViewport, total, rowHeight: ROW_HEIGHT, overscan: OVERSCAN,
    maxScrollHeight: MAX_SCROLL_HEIGHT,
  });
  const pageIndexes = pagesFor(first, last, PAGE_SIZE);
  const pages = useQueries({
    queries: pageIndexes.map((p) => ({
      queryKey: ['rows', dataset.id, p],
      queryFn: () => api.rows(dataset.id, p * PAGE_SIZE, PAGE_SIZE),
      staleTime: Infinity, // datasets are immutable
    })),
  });
  const loaded = new Map<number, RowsPage>();
  let pageError: unknown = null;
  pages.forEach((q, i) => {
    if (q.data) loaded.set(pageIndexes[i], q.data);
    if (q.error) pageError = q.error;
  });

  const rows: React.ReactNode[] = [];
  for (let r = first; r <= last; r++) {
    const page = loaded.get(Math.floor(r / PAGE_SIZE));
    const values = page?.rows[r - Math.floor(r / PAGE_SIZE) * PAGE_SIZE];
    const top = scrollTop + HEADER_HEIGHT + r * ROW_HEIGHT - virtualTop;
    rows.push(
      <div key={r} className={`grid-row${r % 2 ? ' odd' : ''}`} role="row" data-testid="grid-row"
        style={{ top, gridTemplateColumns: template }}>
        <div className="grid-cell index" role="rowheader">{r + 1}</div>
        {columns.map((c, ci) => (
          <div key={c.name} role="gridcell"
            className={`grid-cell${NUMERIC.has(c.type) ? ' num' : ''}`}>
            {values ? <CellView value={values[ci] ?? null} type={c.type} /> : <span className="skeleton" />}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="preview">
      {pageError != null && <ErrorBox error={pageError} testId="rows-error" />}
      <div className="preview-meta muted">
        {t('datasets.preview.meta', { rows: tn('common.rows', total), columns: tn('common.columns', columns.length) })}
        {total > 0 &&
          t('datasets.preview.range', { first: formatCount(visibleFirst + 1), last: formatCount(visibleLast + 1) })}
      </div>
      <div ref={scroller} className="grid-scroll" role="grid" aria-rowcount={total}
        data-testid="preview-grid" onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="grid-inner" style={{ minWidth: innerWidth, height: HEADER_HEIGHT + scrollHeight }}>
          <div className="grid-header" role="row"
            style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
            <div className="grid-cell index head">#</div>
            {columns.map((c) => (
              <div key={c.name} className="grid-cell head" role="columnheader" title={`${c.name} (${c.type})`}
                data-testid="grid-header-cell" data-column={c.name}>
                <span className="col-name">{c.name}</span>
                <TypeBadge type={c.type} />
              </div>
            ))}
          </div>
          {rows}
        </div>
        {total === 0 && <div className="muted pad">{t('datasets.preview.noRows')}</div>}
      </div>
    </div>
  );
}
