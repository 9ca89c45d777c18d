// The recipe editor's pure logic: which form field each operation parameter gets, parsing and
// formatting field text, the step list reducer (add / edit / move / delete / load), the recipe
// JSON sent to the server, and mapping a server error back to the step and field it names.
import type { OperationInfo, OpParam, RecipeJson, RecipeStepJson } from '../api/types';
import { t } from '../i18n';

// How a parameter is edited.
export type FieldKind =
  | 'column' // one column of the step's input: a select
  | 'columns' // an ordered list of columns: chips and an "add column" select
  | 'enum' // a select of the documented values
  | 'enums' // several of the documented values: checkboxes
  | 'text' // a one-line string
  | 'expression' // a formula: a monospace textarea
  | 'strings' // a list of strings, typed comma-separated
  | 'integer'
  | 'number'
  | 'boolean' // a checkbox
  | 'dataset' // another dataset (joins): a select of datasets
  | 'json'; // anything else (mappings, aggregations, value lists): a JSON textarea

export function fieldKind(p: OpParam): FieldKind {
  switch (p.type) {
    case 'column':
      return 'column';
    case 'columns':
      return 'columns';
    case 'enum':
      return p.enum && p.enum.length > 0 ? 'enum' : 'text';
    case 'enum[]':
      return p.enum && p.enum.length > 0 ? 'enums' : 'strings';
    case 'string':
      return 'text';
    case 'expression':
      return 'expression';
    case 'string[]':
      return 'strings';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
    case 'boolean|boolean[]':
      return 'boolean';
    case 'dataset':
      return 'dataset';
    default:
      return 'json';
  }
}

// Kinds edited as free text, whose text is parsed by parseFieldText.
export const TEXT_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'text',
  'expression',
  'strings',
  'integer',
  'number',
  'json',
]);

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

// Parses what the user typed into a text-like field. Blank means "not given" (value undefined),
// so the server's default applies.
export function parseFieldText(kind: FieldKind, text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  switch (kind) {
    case 'integer':
      if (!/^[-+]?\d+$/.test(trimmed)) return { ok: false, error: t('prepare.param.wholeNumber') };
      return { ok: true, value: Number(trimmed) };
    case 'number': {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { ok: false, error: t('prepare.param.number') };
      return { ok: true, value: n };
    }
    case 'strings':
      return {
        ok: true,
        value: trimmed.split(',').map((s) => s.trim()).filter((s) => s !== ''),
      };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(trimmed) as unknown };
      } catch (e) {
        return { ok: false, error: t('prepare.param.invalidJson', { reason: (e as Error).message }) };
      }
    case 'expression':
      return { ok: true, value: text };
    default:
      return { ok: true, value: text };
  }
}

// The text shown in a text-like field for a value (the inverse of parseFieldText).
export function formatFieldText(kind: FieldKind, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (kind) {
    case 'strings':
      return Array.isArray(value) ? value.map(String).join(', ') : String(value);
    case 'json':
      return JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

// --- the step list ---

export interface Step {
  uid: number; // stable React key; survives reordering
  op: string;
  params: Record<string, unknown>; // only the parameters given
}

export interface RecipeState {
  steps: Step[];
  nextUid: number;
}

export const EMPTY_RECIPE: RecipeState = { steps: [], nextUid: 1 };

export type RecipeAction =
  | { type: 'add'; op: OperationInfo }
  | { type: 'remove'; uid: number }
  | { type: 'move'; uid: number; delta: number }
  | { type: 'set'; uid: number; name: string; value: unknown }
  | { type: 'load'; recipe: RecipeJson }
  | { type: 'clear' };

// A new step's parameters: required ones get their default, or the first enum value, or false
// for a boolean; the rest are left to the server's defaults.
export function initialParams(op: OperationInfo): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of op.params) {
    if (!p.required) continue;
    if (p.default !== undefined && p.default !== null) params[p.name] = p.default;
    else if (fieldKind(p) === 'enum') params[p.name] = p.enum![0];
    else if (fieldKind(p) === 'boolean') params[p.name] = false;
  }
  return params;
}

export function recipeReducer(state: RecipeState, action: RecipeAction): RecipeState {
  switch (action.type) {
    case 'add':
      return {
        steps: [...state.steps, { uid: state.nextUid, op: action.op.name, params: initialParams(action.op) }],
        nextUid: state.nextUid + 1,
      };
    case 'remove':
      return { ...state, steps: state.steps.filter((s) => s.uid !== action.uid) };
    case 'move': {
      const from = state.steps.findIndex((s) => s.uid === action.uid);
      const to = from + action.delta;
      if (from < 0 || to < 0 || to >= state.steps.length) return state;
      const steps = [...state.steps];
      const [moved] = steps.splice(from, 1);
      steps.splice(to, 0, moved);
      return { ...state, steps };
    }
    case 'set':
      return {
        ...state,
        steps: state.steps.map((s) => {
          if (s.uid !== action.uid) return s;
          const params = { ...s.params };
          if (action.value === undefined) delete params[action.name];
          else params[action.name] = action.value;
          return { ...s, params };
        }),
      };
    case 'load': {
      let uid = state.nextUid;
      const steps = (action.recipe.steps ?? []).map((raw) => {
        const { op, state: _fitted, ...params } = raw as RecipeStepJson & { state?: unknown };
        void _fitted; // a saved recipe's learned state is refitted on the new data
        return { uid: uid++, op: String(op), params };
      });
      return { steps, nextUid: uid };
    }
    case 'clear':
      return { ...state, steps: [] };
  }
}

// The recipe JSON for the API: {"steps": [{"op", ...given params}]}.
export function toRecipe(steps: readonly Step[]): RecipeJson {
  return { steps: steps.map((s) => ({ op: s.op, ...s.params })) };
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

// Required parameters of a step that are not filled in yet.
export function missingRequired(step: Step, op: OperationInfo | undefined): string[] {
  if (!op) return [];
  return op.params.filter((p) => p.required && isBlank(step.params[p.name])).map((p) => p.name);
}

// How many leading steps can be previewed: up to (not including) the first step with an unknown
// operation or a required parameter still empty.
export function runnablePrefix(steps: readonly Step[], ops: ReadonlyMap<string, OperationInfo>): number {
  for (let i = 0; i < steps.length; i++) {
    const op = ops.get(steps[i].op);
    if (!op || missingRequired(steps[i], op).length > 0) return i;
  }
  return steps.length;
}

// --- errors ---

export interface StepErrorLocation {
  step: number; // index into the steps
  field: string | null; // the parameter named ("columns"), if any
  path: string; // the full field path ("steps[2].columns[0]")
}

const STEP_PATH = /^(?:recipe\.)?steps\[(\d+)\](?:\.([A-Za-z_]\w*))?[^\s:]*/;

// Where a server error points inside the recipe: details.field ("steps[2].columns[0]"), else
// details.step (apply-time errors), else a "steps[2]..." prefix of the message. Null when the
// error is not about one step.
export function locateStepError(
  details: Record<string, unknown> | undefined,
  message: string,
): StepErrorLocation | null {
  const field = typeof details?.field === 'string' ? details.field : null;
  if (field) {
    const m = STEP_PATH.exec(field);
    if (m) return { step: Number(m[1]), field: m[2] ?? null, path: m[0] };
  }
  const m = STEP_PATH.exec(message);
  if (m) return { step: Number(m[1]), field: m[2] ?? null, path: m[0] };
  if (typeof details?.step === 'number') return { step: details.step, field: null, path: `steps[${details.step}]` };
  return null;
}

// Operations grouped for the "add a step" menu, groups and operations in catalogue order.
export function groupOperations(ops: readonly OperationInfo[]): [string, OperationInfo[]][] {
  const groups = new Map<string, OperationInfo[]>();
  for (const op of ops) {
    const list = groups.get(op.group) ?? [];
    list.push(op);
    groups.set(op.group, list);
  }
  return [...groups.entries()];
}
