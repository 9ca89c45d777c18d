// The window arithmetic of the virtualized preview grid, kept pure so it can be unit-tested.
// Rows have a fixed height; tables taller than `maxScrollHeight` get a scaled scroll box.

export interface WindowInput {
  scrollTop: number; // px scrolled in the scroll box
  viewport: number; // visible height of the row area, px
  total: number; // rows in the table
  rowHeight: number; // px
  overscan: number; // extra rows rendered above and below
  maxScrollHeight: number; // cap on the scroll box's content height, px
}

export interface RowWindow {
  scrollHeight: number; // height to give the scroll content, px
  virtualTop: number; // offset into the real (unscaled) content, px
  visibleFirst: number; // first row at least partly visible
  visibleLast: number; // last row at least partly visible (-1 if none)
  first: number; // first row to render (with overscan)
  last: number; // last row to render (with overscan; -1 if none)
}

export function computeWindow(w: WindowInput): RowWindow {
  const viewport = Math.max(w.rowHeight, w.viewport);
  const contentHeight = w.total * w.rowHeight;
  const scrollHeight = Math.min(contentHeight, w.maxScrollHeight);
  const ratio = scrollHeight > viewport
    ? Math.max(1, (contentHeight - viewport) / (scrollHeight - viewport))
    : 1;
  const maxTop = Math.max(0, contentHeight - viewport);
  const virtualTop = Math.min(maxTop, Math.max(0, w.scrollTop * ratio));
  const visibleFirst = Math.min(Math.floor(virtualTop / w.rowHeight), Math.max(0, w.total - 1));
  const visibleLast = Math.min(w.total - 1, Math.floor((virtualTop + viewport - 1) / w.rowHeight));
  return {
    scrollHeight,
    virtualTop,
    visibleFirst,
    visibleLast,
    first: Math.max(0, visibleFirst - w.overscan),
    last: Math.min(w.total - 1, visibleLast + w.overscan),
  };
}

// Indexes of the pages of `pageSize` rows that hold rows first..last.
export function pagesFor(first: number, last: number, pageSize: number): number[] {
  const pages: number[] = [];
  if (last < first) return pages;
  for (let p = Math.floor(first / pageSize); p <= Math.floor(last / pageSize); p++) pages.push(p);
  return pages;
}
