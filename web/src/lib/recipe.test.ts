import { describe, expect, it } from 'vitest';
import type { OperationInfo, OpParam } from '../api/types';
import {
  EMPTY_RECIPE,
  fieldKind,
  formatFieldText,
  initialParams,
  locateStepError,
  missingRequired,
  parseFieldText,
  recipeReducer,
  runnablePrefix,
  toRecipe,
  type RecipeState,
} from './recipe';

const param = (name: string, type: string, extra: Partial<OpParam> = {}): OpParam => ({
  name, type, required: false, description: '', ...extra,
});

// Shaped like entries of GET /api/v1/prep/operations.
const FILL: OperationInfo = {
  name: 'fill_missing', group: 'clean', summary: 'Fill nulls', row_wise: true,
  params: [
    param('columns', 'columns', { required: true, default: null }),
    param('strategy', 'enum', { required: true, default: null, enum: ['constant', 'mean', 'median'] }),
    param('value', 'any'),
  ],
};
const FILTER: OperationInfo = {
  name: 'filter', group: 'rows', summary: 'Keep rows', row_wise: true,
  params: [param('condition', 'expression', { required: true, default: null })],
};
const DEDUPE: OperationInfo = {
  name: 'dedupe', group: 'clean', summary: 'Drop duplicates', row_wise: false,
  params: [param('columns', 'columns'), param('keep', 'enum', { default: 'first', enum: ['first', 'last'] })],
};
const LIMIT: OperationInfo = {
  name: 'limit', group: 'rows', summary: 'Keep n rows', row_wise: false,
  params: [param('n', 'integer', { required: true }), param('offset', 'integer', { default: 0 })],
};
const OPS = new Map([FILL, FILTER, DEDUPE, LIMIT].map((o) => [o.name, o] as const));

function build(...actions: Parameters<typeof recipeReducer>[1][]): RecipeState {
  return actions.reduce(recipeReducer, EMPTY_RECIPE);
}

describe('fieldKind', () => {
  it('maps every documented parameter type to a form field', () => {
    expect(fieldKind(param('c', 'column'))).toBe('column');
    expect(fieldKind(param('c', 'columns'))).toBe('columns');
    expect(fieldKind(param('m', 'enum', { enum: ['a', 'b'] }))).toBe('enum');
    expect(fieldKind(param('m', 'enum'))).toBe('text'); // an enum without values: free text
    expect(fieldKind(param('p', 'enum[]', { enum: ['year', 'month'] }))).toBe('enums');
    expect(fieldKind(param('s', 'string'))).toBe('text');
    expect(fieldKind(param('s', 'string[]'))).toBe('strings');
    expect(fieldKind(param('e', 'expression'))).toBe('expression');
    expect(fieldKind(param('n', 'integer'))).toBe('integer');
    expect(fieldKind(param('x', 'number'))).toBe('number');
    expect(fieldKind(param('b', 'boolean'))).toBe('boolean');
    expect(fieldKind(param('b', 'boolean|boolean[]'))).toBe('boolean');
    expect(fieldKind(param('d', 'dataset'))).toBe('dataset');
    for (const t of ['object', 'array', 'any', 'something_new']) expect(fieldKind(param('j', t))).toBe('json');
  });
});

describe('parseFieldText / formatFieldText', () => {
  it('treats blank as not given', () => {
    for (const k of ['integer', 'number', 'json', 'strings', 'text'] as const) {
      expect(parseFieldText(k, '  ')).toEqual({ ok: true, value: undefined });
    }
  });

  it('parses numbers strictly', () => {
    expect(parseFieldText('integer', '42')).toEqual({ ok: true, value: 42 });
    expect(parseFieldText('integer', '-3')).toEqual({ ok: true, value: -3 });
    expect(parseFieldText('integer', '4.5').ok).toBe(false);
    expect(parseFieldText('integer', '12abc').ok).toBe(false);
    expect(parseFieldText('number', '0.25')).toEqual({ ok: true, value: 0.25 });
    expect(parseFieldText('number', '1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseFieldText('number', 'abc').ok).toBe(false);
  });

  it('splits string lists on commas and parses JSON', () => {
    expect(parseFieldText('strings', 'a, b ,,c')).toEqual({ ok: true, value: ['a', 'b', 'c'] });
    expect(parseFieldText('json', '{"old": "new"}')).toEqual({ ok: true, value: { old: 'new' } });
    expect(parseFieldText('json', '[1, 2]')).toEqual({ ok: true, value: [1, 2] });
    const bad = parseFieldText('json', '{old: 1}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/invalid JSON/);
  });

  it('round-trips values through the text shown', () => {
    const cases: [Parameters<typeof formatFieldText>[0], unknown][] = [
      ['strings', ['_x', '_y']],
      ['json', { a: [1, 2], b: 'c' }],
      ['integer', 7],
      ['number', 0.5],
      ['text', 'hello'],
    ];
    for (const [kind, value] of cases) {
      expect(parseFieldText(kind, formatFieldText(kind, value))).toEqual({ ok: true, value });
    }
    expect(formatFieldText('json', undefined)).toBe('');
  });
});

describe('recipeReducer', () => {
  it('adds steps with required defaults filled in', () => {
    expect(initialParams(FILL)).toEqual({ strategy: 'constant' }); // first enum value
    expect(initialParams(DEDUPE)).toEqual({}); // optional: the server's default applies
    const s = build({ type: 'add', op: FILL }, { type: 'add', op: FILTER });
    expect(s.steps.map((x) => x.op)).toEqual(['fill_missing', 'filter']);
    expect(new Set(s.steps.map((x) => x.uid)).size).toBe(2);
  });

  it('sets and clears parameters, and builds the recipe JSON from them', () => {
    let s = build({ type: 'add', op: FILL }, { type: 'add', op: FILTER });
    const [a, b] = s.steps;
    s = recipeReducer(s, { type: 'set', uid: a.uid, name: 'columns', value: ['age'] });
    s = recipeReducer(s, { type: 'set', uid: a.uid, name: 'strategy', value: 'median' });
    s = recipeReducer(s, { type: 'set', uid: b.uid, name: 'condition', value: 'age > 30' });
    s = recipeReducer(s, { type: 'set', uid: a.uid, name: 'value', value: 3 });
    s = recipeReducer(s, { type: 'set', uid: a.uid, name: 'value', value: undefined });
    expect(toRecipe(s.steps)).toEqual({
      steps: [
        { op: 'fill_missing', strategy: 'median', columns: ['age'] },
        { op: 'filter', condition: 'age > 30' },
      ],
    });
  });

  it('moves steps within bounds and deletes them by uid', () => {
    let s = build({ type: 'add', op: FILL }, { type: 'add', op: FILTER }, { type: 'add', op: DEDUPE });
    const [a, b, c] = s.steps.map((x) => x.uid);
    s = recipeReducer(s, { type: 'move', uid: c, delta: -1 });
    expect(s.steps.map((x) => x.uid)).toEqual([a, c, b]);
    expect(recipeReducer(s, { type: 'move', uid: a, delta: -1 })).toBe(s); // already first
    expect(recipeReducer(s, { type: 'move', uid: b, delta: 1 })).toBe(s); // already last
    s = recipeReducer(s, { type: 'remove', uid: c });
    expect(s.steps.map((x) => x.op)).toEqual(['fill_missing', 'filter']);
    // A new step after a delete never reuses a uid.
    s = recipeReducer(s, { type: 'add', op: LIMIT });
    expect(s.steps[2].uid).not.toBe(c);
  });

  it('loads a saved recipe, dropping learned state', () => {
    const s = build(
      { type: 'add', op: FILTER },
      {
        type: 'load',
        recipe: {
          steps: [
            { op: 'fill_missing', columns: ['a'], strategy: 'median', state: { values: [1] } },
            { op: 'limit', n: 5 },
          ],
        },
      },
    );
    expect(toRecipe(s.steps)).toEqual({
      steps: [{ op: 'fill_missing', columns: ['a'], strategy: 'median' }, { op: 'limit', n: 5 }],
    });
    expect(s.steps[0].uid).toBeGreaterThan(1);
  });
});

describe('runnablePrefix / missingRequired', () => {
  it('stops at the first step with a required parameter left empty', () => {
    let s = build({ type: 'add', op: FILL }, { type: 'add', op: FILTER });
    expect(missingRequired(s.steps[0], FILL)).toEqual(['columns']);
    expect(runnablePrefix(s.steps, OPS)).toBe(0);
    s = recipeReducer(s, { type: 'set', uid: s.steps[0].uid, name: 'columns', value: ['x'] });
    expect(runnablePrefix(s.steps, OPS)).toBe(1);
    s = recipeReducer(s, { type: 'set', uid: s.steps[1].uid, name: 'condition', value: '' });
    expect(runnablePrefix(s.steps, OPS)).toBe(1); // blank string counts as missing
    s = recipeReducer(s, { type: 'set', uid: s.steps[1].uid, name: 'condition', value: 'x > 1' });
    expect(runnablePrefix(s.steps, OPS)).toBe(2);
  });

  it('treats an unknown operation as not runnable', () => {
    const s = build({ type: 'load', recipe: { steps: [{ op: 'limit', n: 1 }, { op: 'nope' }] } });
    expect(runnablePrefix(s.steps, OPS)).toBe(1);
  });
});

describe('locateStepError', () => {
  it('reads the step and parameter from details.field', () => {
    expect(locateStepError({ field: 'steps[2].columns[0]' }, 'steps[2].columns[0]: unknown column')).toEqual({
      step: 2, field: 'columns', path: 'steps[2].columns[0]',
    });
    expect(locateStepError({ field: 'steps[0]' }, 'x')).toEqual({ step: 0, field: null, path: 'steps[0]' });
    expect(locateStepError({ field: 'recipe.steps[11].condition' }, '')?.step).toBe(11);
  });

  it('falls back to the message prefix, then details.step', () => {
    expect(locateStepError({}, 'steps[1] (filter): column age is text')).toEqual({
      step: 1, field: null, path: 'steps[1]',
    });
    expect(locateStepError({ step: 3 }, 'division by zero')).toEqual({ step: 3, field: null, path: 'steps[3]' });
  });

  it('returns null for errors about other fields', () => {
    expect(locateStepError({ field: 'rows' }, 'rows: must be between 1 and 100000')).toBeNull();
    expect(locateStepError(undefined, 'dataset not found')).toBeNull();
  });
});
