// Human-friendly formatting of sizes, counts, numbers and dates, in the studio's current locale
// (i18n/index.ts): "100,000" and "3.8 KB" in English, "100.000" and "3,8 KB" in Vietnamese.
// Pure apart from reading the locale; call again after a locale change.
import { formatNumber, getLocale, t } from '../i18n';

// The locale's decimal separator ("." or ",").
function decimalSeparator(): string {
  return formatNumber(1.5).charAt(1);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${formatNumber(value)} B`;
  const digits = value < 10 ? 1 : 0;
  return `${formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[unit]}`;
}

export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return formatNumber(n);
}

// Numbers with about 4 significant digits; strings (dates) unchanged.
export function formatStat(v: number | string | null | undefined): string {
  if (v == null) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatNumber(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return v.toExponential(3).replace('.', decimalSeparator());
  return formatNumber(Number(v.toPrecision(4)), { maximumFractionDigits: 6 });
}

export function formatPercent(fraction: number | null | undefined): string {
  if (fraction == null || !Number.isFinite(fraction)) return '—';
  const pct = fraction * 100;
  if (pct > 0 && pct < 0.1) return `<${formatNumber(0.1)}%`;
  const digits = pct < 10 && pct !== 0 ? 1 : 0;
  return `${formatNumber(pct, { minimumFractionDigits: digits, maximumFractionDigits: digits })}%`;
}

// Fixed decimals in the locale ("0.83" / "0,83"): for thresholds, scores, milliseconds.
export function formatFixed(v: number, digits: number): string {
  return formatNumber(v, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
}

// Milliseconds as "12.3 ms".
export function formatMillis(ms: number): string {
  return t('common.millis', { value: formatFixed(ms, ms < 100 ? 1 : 0) });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(getLocale(), {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
