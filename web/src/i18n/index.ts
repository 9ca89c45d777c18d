// The studio's i18n layer: every UI string goes through t(key, params). Catalogs are split per
// area (en/<area>.ts, vi/<area>.ts) so pages can be translated independently; a missing key in a
// locale falls back to English, then to the key itself (visible, so it gets noticed). The chosen
// locale is remembered in localStorage; numbers and dates are formatted with it.
//
// Plurals: tn(key, count) picks `${key}_one` / `${key}_other` (Intl.PluralRules categories) and
// fills {count} with the locale-formatted number. Vietnamese has only "other"; its catalog still
// carries both keys so en and vi have the same key set.
//
// Thread safety: browser main thread only. Components that call t() re-render on a locale change
// when they (or an ancestor that re-renders them) call useLocale(); the shell does.
//
// Example:
//   const locale = useLocale();
//   <h1>{t('datasets.title')}</h1>
//   <span>{tn('common.rows', rows)}</span>        // "1 row" / "150 rows" / "150 hàng"
import { useSyncExternalStore } from 'react';
import { en } from './en';
import { vi } from './vi';

export type Locale = 'en' | 'vi';
export const LOCALES: { code: Locale; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'vi', label: 'Tiếng Việt' },
];

const CATALOGS: Record<Locale, Record<string, string>> = { en, vi };
const STORAGE_KEY = 'lathe.locale';
const listeners = new Set<() => void>();

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'vi') return saved;
  } catch {
    // storage blocked: fall through
  }
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

let current: Locale = initialLocale();
if (globalThis.document) document.documentElement.lang = current;

export function getLocale(): Locale {
  return current;
}

export function setLocale(locale: Locale): void {
  if (locale === current) return;
  current = locale;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered; still switches
  }
  if (globalThis.document) document.documentElement.lang = locale;
  listeners.forEach((l) => l());
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

// Re-renders the caller when the locale changes; returns the current locale.
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, () => current, () => current);
}

// Calls `listener` after every locale change (outside React); returns the unsubscribe function.
export function onLocaleChange(listener: () => void): () => void {
  return subscribe(listener);
}

// The string for `key` in the current locale with {name} placeholders filled from `params`.
export function t(key: string, params?: Record<string, string | number>): string {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

// Whether `key` exists in the English catalog (for optional, data-driven keys such as a
// learner's label: t() of an unknown key would show the key).
export function hasKey(key: string): boolean {
  return key in CATALOGS.en;
}

// t(key) when the catalog has `key`, else `fallback` (for data-driven keys such as a server
// warning kind or a learner name, which may be new to the catalog).
export function tOr(key: string, fallback: string, params?: Record<string, string | number>): string {
  return hasKey(key) ? t(key, params) : fallback;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

// The plural form of `key` for `count`: `${key}_one` or `${key}_other` ({count} is filled with the
// locale-formatted number, other placeholders from `params`).
export function tn(key: string, count: number, params?: Record<string, string | number>): string {
  let rules = pluralRules.get(current);
  if (!rules) {
    rules = new Intl.PluralRules(current);
    pluralRules.set(current, rules);
  }
  const form = rules.select(count);
  const chosen = CATALOGS[current][`${key}_${form}`] !== undefined ? `${key}_${form}` : `${key}_other`;
  return t(chosen, { ...params, count: formatNumber(count) });
}

// Locale-aware number and date formatting.
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(current, options).format(value);
}
export function formatDateTime(value: string | number | Date): string {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime())
    ? String(value)
    : new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

// "3 minutes ago", "in 2 hours", "3 phút trước": the largest unit that fits, relative to `now`.
export function formatRelativeTime(value: string | number | Date, now: number = Date.now()): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const seconds = Math.round((d.getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400],
    ['hour', 3600], ['minute', 60], ['second', 1],
  ];
  const rtf = new Intl.RelativeTimeFormat(current, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}
