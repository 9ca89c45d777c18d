// A tiny history-API router: the server answers every non-/api/ path with index.html, so deep
// links such as /datasets/ds_123 work on reload.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

// Click handler for <a href> links that should navigate without a page load.
export function linkHandler(path: string) {
  return (e: React.MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) {
      return;
    }
    e.preventDefault();
    navigate(path);
  };
}

// The query string (?a=b), re-read on navigation.
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

// Replaces the query string without a history entry (for state such as the chosen dataset).
export function setSearchParams(values: Record<string, string | null | undefined>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v == null || v === '') params.delete(k);
    else params.set(k, v);
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? `?${query}` : '');
  if (url === window.location.pathname + window.location.search) return;
  window.history.replaceState(null, '', url);
  listeners.forEach((l) => l());
}
