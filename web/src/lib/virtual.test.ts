import { describe, expect, it } from 'vitest';
import { computeWindow, pagesFor } from './virtual';

const base = { rowHeight: 32, overscan: 5, maxScrollHeight: 8_000_000, viewport: 320 };

describe('computeWindow', () => {
  it('renders the visible rows plus overscan at the top', () => {
    const w = computeWindow({ ...base, scrollTop: 0, total: 150 });
    expect(w.scrollHeight).toBe(150 * 32);
    expect(w.visibleFirst).toBe(0);
    expect(w.visibleLast).toBe(9);
    expect(w.first).toBe(0);
    expect(w.last).toBe(14);
  });

  it('follows the scroll position', () => {
    const w = computeWindow({ ...base, scrollTop: 100 * 32 + 10, total: 150 });
    expect(w.visibleFirst).toBe(100);
    expect(w.visibleLast).toBe(110);
    expect(w.first).toBe(95);
    expect(w.last).toBe(115);
  });

  it('stops at the last row', () => {
    const w = computeWindow({ ...base, scrollTop: 150 * 32 - 320, total: 150 });
    expect(w.visibleLast).toBe(149);
    expect(w.last).toBe(149);
  });

  it('handles an empty table', () => {
    const w = computeWindow({ ...base, scrollTop: 0, total: 0 });
    expect(w.scrollHeight).toBe(0);
    expect(w.last).toBe(-1);
    expect(pagesFor(w.first, w.last, 200)).toEqual([]);
  });

  it('scales very tall tables so the end is reachable', () => {
    const total = 10_000_000; // 320M px of rows
    const top = computeWindow({ ...base, scrollTop: 0, total });
    expect(top.scrollHeight).toBe(8_000_000);
    const end = computeWindow({ ...base, scrollTop: 8_000_000 - 320, total });
    expect(end.visibleLast).toBe(total - 1);
    const middle = computeWindow({ ...base, scrollTop: (8_000_000 - 320) / 2, total });
    expect(Math.abs(middle.visibleFirst - total / 2)).toBeLessThan(20);
  });
});

describe('pagesFor', () => {
  it('lists every page that holds a rendered row', () => {
    expect(pagesFor(0, 14, 200)).toEqual([0]);
    expect(pagesFor(195, 215, 200)).toEqual([0, 1]);
    expect(pagesFor(400, 400, 200)).toEqual([2]);
  });
});
