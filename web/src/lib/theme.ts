// Light / dark theme: the user's choice (light, dark or system) is remembered in localStorage and
// applied as <html data-theme="light|dark">, which switches the CSS variables in styles.css.
// "system" follows prefers-color-scheme, live. Chart options read chartColors() when built, so
// memoized options list useLook() in their dependencies to rebuild on a theme or locale change.
//
// Thread safety: browser main thread only.
//
// Example:
//   const { choice, resolved } = useTheme();
//   setTheme('dark');
import { useSyncExternalStore } from 'react';
import { useLocale } from '../i18n';

export type ThemeChoice = 'light' | 'dark' | 'system';
export type ResolvedTheme = 'light' | 'dark';
export const THEME_CHOICES: ThemeChoice[] = ['light', 'dark', 'system'];

const STORAGE_KEY = 'lathe.theme';
const listeners = new Set<() => void>();

function savedChoice(): ThemeChoice {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === 'light' || saved === 'dark' || saved === 'system') return saved;
  } catch {
    // storage blocked
  }
  return 'system';
}

const media = globalThis.matchMedia?.('(prefers-color-scheme: dark)');

function resolve(c: ThemeChoice): ResolvedTheme {
  if (c === 'system') return media?.matches ? 'dark' : 'light';
  return c;
}

let choice: ThemeChoice = savedChoice();
let resolved: ResolvedTheme = resolve(choice);
let snapshot = { choice, resolved };

function apply(): void {
  resolved = resolve(choice);
  if (snapshot.choice !== choice || snapshot.resolved !== resolved) snapshot = { choice, resolved };
  if (globalThis.document) {
    document.documentElement.dataset.theme = resolved;
    document.documentElement.style.colorScheme = resolved;
  }
  listeners.forEach((l) => l());
}

apply();
media?.addEventListener?.('change', () => {
  if (choice === 'system') apply();
});

export function getTheme(): { choice: ThemeChoice; resolved: ResolvedTheme } {
  return snapshot;
}

export function setTheme(next: ThemeChoice): void {
  if (next === choice) return;
  choice = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    // not remembered; still switches
  }
  apply();
}

export function useTheme(): { choice: ThemeChoice; resolved: ResolvedTheme } {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => snapshot,
    () => snapshot,
  );
}

// A string that changes with the locale or the resolved theme: put it in the dependencies of
// memoized chart options and other derived text.
export function useLook(): string {
  const locale = useLocale();
  const { resolved: theme } = useTheme();
  return `${locale}/${theme}`;
}

export interface ChartColors {
  axis: string; // axis labels and names
  label: string; // category labels, stronger
  grid: string; // split lines
  line: string; // axis lines
  surface: string; // the panel behind the chart (heatmap cell borders)
  emphasis: string; // hovered heatmap cell border
  tooltipBg: string;
  tooltipText: string;
  heatLow: string; // the empty end of a heatmap scale
  heatMid: string; // between heatLow and the accent
}

const LIGHT: ChartColors = {
  axis: '#6b7280', label: '#374151', grid: '#eef0f4', line: '#d1d5db', surface: '#ffffff',
  emphasis: '#111827', tooltipBg: '#ffffff', tooltipText: '#111827',
  heatLow: '#f8fafc', heatMid: '#c7d2fe',
};
const DARK: ChartColors = {
  axis: '#9ca3af', label: '#d1d5db', grid: '#2a2f3a', line: '#3a4150', surface: '#171b24',
  emphasis: '#f9fafb', tooltipBg: '#1f2430', tooltipText: '#e5e7eb',
  heatLow: '#1f2430', heatMid: '#3f4a8a',
};

// The chart colours of the current theme.
export function chartColors(): ChartColors {
  return resolved === 'dark' ? DARK : LIGHT;
}
