import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../i18n';
import { formatBytes, formatCount, formatDate, formatFixed, formatPercent, formatStat } from './format';

afterEach(() => setLocale('en'));

describe('format', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(3870)).toBe('3.8 KB');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12 MB');
    expect(formatBytes(undefined)).toBe('—');
  });

  it('groups counts', () => {
    expect(formatCount(150)).toBe('150');
    expect(formatCount(100000)).toBe('100,000');
  });

  it('keeps about four significant digits', () => {
    expect(formatStat(5.843333333)).toBe('5.843');
    expect(formatStat(0.828066)).toBe('0.8281');
    expect(formatStat(1e-7)).toBe('1.000e-7');
    expect(formatStat(7)).toBe('7');
    expect(formatStat('2024-01-10')).toBe('2024-01-10');
    expect(formatStat(null)).toBe('—');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.049)).toBe('4.9%');
    expect(formatPercent(1 / 3)).toBe('33%');
    expect(formatPercent(0.0001)).toBe('<0.1%');
  });

  it('follows the Vietnamese locale: dot groups, comma decimals', () => {
    setLocale('vi');
    expect(formatCount(100000)).toBe('100.000');
    expect(formatBytes(3870)).toBe('3,8 KB');
    expect(formatStat(5.843333333)).toBe('5,843');
    expect(formatStat(1e-7)).toBe('1,000e-7');
    expect(formatPercent(0.049)).toBe('4,9%');
    expect(formatFixed(0.5, 2)).toBe('0,50');
    setLocale('en');
    expect(formatCount(100000)).toBe('100,000');
    expect(formatFixed(0.5, 2)).toBe('0.50');
  });

  it('formats dates per locale', () => {
    const iso = '2024-03-05T10:07:00Z';
    const en = formatDate(iso);
    setLocale('vi');
    const vi = formatDate(iso);
    expect(en).toMatch(/Mar/);
    expect(vi).not.toBe(en);
    expect(vi).toMatch(/2024/);
    expect(formatDate(null)).toBe('—');
  });
});
