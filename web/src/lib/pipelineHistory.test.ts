import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, initHistory, pushHistory, redo, undo } from './pipelineHistory';

describe('undo stack', () => {
  it('undoes and redoes in order, and a new edit clears redo', () => {
    let h = initHistory('a');
    h = pushHistory(h, 'b');
    h = pushHistory(h, 'c');
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    expect(canRedo(h)).toBe(true);
    h = pushHistory(h, 'd');
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe('b');
  });

  it('coalesces a burst of edits with the same key into one step', () => {
    let h = initHistory('');
    h = pushHistory(h, 's', 'prop:seed');
    h = pushHistory(h, 'se', 'prop:seed');
    h = pushHistory(h, 'see', 'prop:seed');
    h = pushHistory(h, 'see!', 'prop:other');
    expect(h.past).toEqual(['', 'see']);
    h = undo(h);
    expect(h.present).toBe('see');
    // After an undo the same key starts a new step.
    h = pushHistory(h, 'seed', 'prop:seed');
    expect(h.past).toEqual(['', 'see']);
    expect(undo(h).present).toBe('see');
  });

  it('ignores a push of the same state and keeps at most `limit` steps', () => {
    let h = initHistory(0);
    expect(pushHistory(h, 0)).toBe(h);
    for (let i = 1; i <= 10; i++) h = pushHistory(h, i, null, 4);
    expect(h.past).toEqual([6, 7, 8, 9]);
    expect(h.present).toBe(10);
  });
});
