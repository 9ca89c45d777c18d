// The studio's i18n layer: every UI string goes through t(key, params). Catalogs are split per
// area (en/<area>.ts, vi/<area>.ts) so pages can be translated independently; a missing key in a
// locale falls back to English, then to the key itself (visible, so it gets noticed). The chosen
// locale is remembered in localStorage; numbers and dates are formatted with it.
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

// Re-renders the caller when the locale changes; returns the current locale.
export function useLocale(): Locale {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

// The string for `key` in the current locale with {name} placeholders filled from `params`.
export function t(key: string, params?: Record<string, string | number>): string {
  const text = CATALOGS[current][key] ?? CATALOGS.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
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
