// Undo / redo of the pipeline designer: a bounded stack of immutable states. Consecutive edits
// with the same coalesce key (typing in one field, dragging one node) make one undo step.
//
// Example:
//   let h = initHistory(design);
//   h = pushHistory(h, next);                  // a new undo step
//   h = pushHistory(h, typed, 'prop:split.seed'); // coalesces with the next edit of that field
//   h = undo(h); h.present                     // the state before
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  // The coalesce key of the last push (null after undo/redo or a push without a key).
  lastKey: string | null;
}

export const HISTORY_LIMIT = 100;

export function initHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null };
}

// Makes `next` the present. With the same non-null `key` as the previous push, the previous
// present is replaced rather than kept (one undo step for a burst of edits). Clears redo.
export function pushHistory<T>(h: History<T>, next: T, key: string | null = null, limit = HISTORY_LIMIT): History<T> {
  if (next === h.present) return h;
  if (key !== null && key === h.lastKey && h.past.length > 0) {
    return { past: h.past, present: next, future: [], lastKey: key };
  }
  const past = [...h.past, h.present];
  if (past.length > limit) past.splice(0, past.length - limit);
  return { past, present: next, future: [], lastKey: key };
}

export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}

export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  const present = h.past[h.past.length - 1];
  return { past: h.past.slice(0, -1), present, future: [h.present, ...h.future], lastKey: null };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  const [present, ...future] = h.future;
  return { past: [...h.past, h.present], present, future, lastKey: null };
}
