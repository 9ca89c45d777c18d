// Pure logic of the pipeline designer: the mapping between a pipeline document
// (docs/api/pipelines.md: steps, inputs, then/else, layout) and the canvas graph (nodes, typed
// port edges, positions), the connection rules (port types, one edge per input, no cycles, a step
// in one branch only), step references, auto-layout and step ids. No React, no I/O.
//
// Handles: a step's input port `in:<name>` (left), output port `out:<name>` (right); a Condition's
// branch outputs `then` / `else`; every step's `ctrl` target (top) receives branch edges. An edge
// from `out:x` of step a into `in:y` of step b is the document's `b.inputs.y = "a.x"`; a `then`
// edge from condition c to step s puts s in `c.properties.then`.
//
// Example:
//   const design = docToDesign(doc, types);
//   const refusal = checkConnection(design, types, {source: 'automl', sourceHandle: 'out:model',
//                                                   target: 'split', targetHandle: 'in:dataset'});
//   // refusal = {code: 'type', params: {...}}: a model output cannot feed a dataset input
//   const back = designToDoc(design);          // equal to doc
import type {
  PipelineDoc,
  PipelineParameter,
  PipelineStep,
  StepProperty,
  StepType,
} from '../api/pipelines';

export interface XY {
  x: number;
  y: number;
}

// One step on the canvas. `properties` excludes the branch lists (then / else), which are edges.
export interface GraphNode {
  id: string;
  type: string;
  position: XY;
  displayName?: string;
  properties: Record<string, unknown>;
  // Fields kept as they are: depends_on, retry, cache.
  extra: Pick<PipelineStep, 'depends_on' | 'retry' | 'cache'>;
}

export type EdgeKind = 'data' | 'then' | 'else';

export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
  kind: EdgeKind;
}

export interface Design {
  name: string;
  description?: string;
  parameters: Record<string, PipelineParameter>;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export const CTRL_HANDLE = 'ctrl';
// The "new input" handle of a step type with variadic inputs (Query): a connection to it adds an
// input named after the source step.
export const VARIADIC_HANDLE = 'in:+';
export const BRANCHES = ['then', 'else'] as const;
export type Branch = (typeof BRANCHES)[number];

export const inHandle = (name: string) => `in:${name}`;
export const outHandle = (name: string) => `out:${name}`;
export function portOf(handle: string): string | null {
  const m = /^(?:in|out):(.+)$/.exec(handle);
  return m ? m[1] : null;
}

export function edgeId(c: Connection): string {
  return `${c.source}.${c.sourceHandle}->${c.target}.${c.targetHandle}`;
}

export type TypeIndex = Map<string, StepType>;
export function indexTypes(types: StepType[]): TypeIndex {
  return new Map(types.map((t) => [t.type, t]));
}

// The step_list properties of a type (the branch lists): from the schema when it is known, else
// then / else for a Condition.
function branchProps(type: string, types?: TypeIndex): string[] {
  const schema = types?.get(type);
  if (schema) return schema.properties.filter((p) => p.type === 'step_list').map((p) => p.name);
  return type === 'Condition' ? [...BRANCHES] : [];
}

// --- references -------------------------------------------------------------------------------

const PARAM_REF = /^\$\{parameters\.([A-Za-z_][A-Za-z0-9_.-]*)\}$/;
const STEP_REF = /\$\{steps\.([A-Za-z][A-Za-z0-9_-]*)[.}]/g;

// The parameter name when `value` is exactly "${parameters.<name>}", else null.
export function paramRef(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = PARAM_REF.exec(value);
  return m ? m[1] : null;
}

export function paramRefText(name: string): string {
  return `\${parameters.${name}}`;
}

function visitStrings(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((v) => visitStrings(v, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => visitStrings(v, visit));
}

function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}

// The step ids that `${steps.<id>...}` references in these properties point to (implicit
// dependencies of the step), in order of first use.
export function stepRefs(properties: Record<string, unknown>): string[] {
  const found: string[] = [];
  visitStrings(properties, (s) => {
    for (const m of s.matchAll(STEP_REF)) if (!found.includes(m[1])) found.push(m[1]);
  });
  return found;
}

// Every parameter name referenced anywhere in the properties ("${parameters.x}" alone or inside
// a longer string).
export function paramRefs(properties: Record<string, unknown>): string[] {
  const found: string[] = [];
  visitStrings(properties, (s) => {
    for (const m of s.matchAll(/\$\{parameters\.([A-Za-z_][A-Za-z0-9_.-]*)\}/g)) {
      if (!found.includes(m[1])) found.push(m[1]);
    }
  });
  return found;
}

// --- document <-> design ----------------------------------------------------------------------

// The canvas graph of a document. Nodes keep the document's step order; positions come from
// `layout`, and when any step lacks one the whole graph is auto-laid out.
export function docToDesign(doc: PipelineDoc, types?: TypeIndex): Design {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const step of doc.steps ?? []) {
    const branches = branchProps(step.type, types);
    const properties: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(step.properties ?? {})) {
      if (branches.includes(k) && Array.isArray(v)) {
        for (const target of v) {
          const c = { source: step.id, sourceHandle: k, target: String(target), targetHandle: CTRL_HANDLE };
          edges.push({ ...c, id: edgeId(c), kind: k === 'else' ? 'else' : 'then' });
        }
      } else {
        properties[k] = v;
      }
    }
    for (const [input, ref] of Object.entries(step.inputs ?? {})) {
      const dot = ref.indexOf('.');
      const source = dot < 0 ? ref : ref.slice(0, dot);
      const output = dot < 0 ? '' : ref.slice(dot + 1);
      const c = { source, sourceHandle: outHandle(output), target: step.id, targetHandle: inHandle(input) };
      edges.push({ ...c, id: edgeId(c), kind: 'data' });
    }
    const extra: GraphNode['extra'] = {};
    if (step.depends_on !== undefined) extra.depends_on = step.depends_on;
    if (step.retry !== undefined) extra.retry = step.retry;
    if (step.cache !== undefined) extra.cache = step.cache;
    const node: GraphNode = { id: step.id, type: step.type, position: { x: 0, y: 0 }, properties, extra };
    if (step.display_name !== undefined) node.displayName = step.display_name;
    nodes.push(node);
  }
  const design: Design = { name: doc.name, parameters: { ...(doc.parameters ?? {}) }, nodes, edges };
  if (doc.description !== undefined) design.description = doc.description;
  const layout = doc.layout ?? {};
  if (nodes.every((n) => layout[n.id])) {
    for (const n of nodes) n.position = { x: layout[n.id].x, y: layout[n.id].y };
    return design;
  }
  return autoLayout(design);
}

// The document of a design: steps in node order, inputs and branch lists from the edges, node
// positions (rounded) as `layout`.
export function designToDoc(design: Design): PipelineDoc {
  const steps: PipelineStep[] = design.nodes.map((node) => {
    const step: PipelineStep = { id: node.id, type: node.type };
    if (node.displayName) step.display_name = node.displayName;
    const inputs: Record<string, string> = {};
    for (const e of design.edges) {
      if (e.kind !== 'data' || e.target !== node.id) continue;
      const input = portOf(e.targetHandle);
      if (input) inputs[input] = `${e.source}.${portOf(e.sourceHandle) ?? ''}`;
    }
    if (Object.keys(inputs).length) step.inputs = inputs;
    const properties: Record<string, unknown> = { ...node.properties };
    for (const branch of BRANCHES) {
      const targets = design.edges.filter((e) => e.source === node.id && e.kind === branch).map((e) => e.target);
      if (targets.length) properties[branch] = targets;
    }
    if (Object.keys(properties).length) step.properties = properties;
    Object.assign(step, node.extra);
    return step;
  });
  const doc = { name: design.name } as PipelineDoc;
  if (design.description) doc.description = design.description;
  if (Object.keys(design.parameters).length) doc.parameters = design.parameters;
  doc.steps = steps;
  if (design.nodes.length) {
    doc.layout = Object.fromEntries(
      design.nodes.map((n) => [n.id, { x: Math.round(n.position.x), y: Math.round(n.position.y) }]),
    );
  }
  return doc;
}

// --- dependencies, cycles ---------------------------------------------------------------------

// Edges of the "runs after" relation: data edges, branch edges, depends_on and ${steps.x}
// references (from the dependency to the dependant).
export function dependencyPairs(design: Design): [string, string][] {
  const pairs: [string, string][] = design.edges.map((e) => [e.source, e.target]);
  for (const n of design.nodes) {
    for (const d of n.extra.depends_on ?? []) pairs.push([d, n.id]);
    for (const r of stepRefs(n.properties)) pairs.push([r, n.id]);
  }
  return pairs;
}

function adjacency(pairs: [string, string][]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const [a, b] of pairs) {
    if (!next.has(a)) next.set(a, []);
    if (!next.get(a)!.includes(b)) next.get(a)!.push(b);
  }
  return next;
}

// A path from `from` to `to` (both included) along the pairs, or null.
function findPath(pairs: [string, string][], from: string, to: string): string[] | null {
  const next = adjacency(pairs);
  const prev = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(prev.get(path[0])!);
      return path;
    }
    for (const n of next.get(cur) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        prev.set(n, cur);
        queue.push(n);
      }
    }
  }
  return null;
}

// The steps of a cycle (first step repeated at the end), or null when the design is acyclic.
export function findCycle(design: Design): string[] | null {
  const pairs = dependencyPairs(design);
  const next = adjacency(pairs);
  const color = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    color.set(id, 1);
    stack.push(id);
    for (const n of next.get(id) ?? []) {
      if (color.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
      if (!color.has(n)) {
        const found = visit(n);
        if (found) return found;
      }
    }
    stack.pop();
    color.set(id, 2);
    return null;
  };
  for (const id of [...design.nodes.map((n) => n.id), ...next.keys()]) {
    if (!color.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return null;
}

// --- connections ------------------------------------------------------------------------------

export type RefusalCode =
  | 'self' | 'unknownNode' | 'notOutput' | 'notInput' | 'type' | 'occupied' | 'cycle' | 'branchTwice' | 'duplicate';

export interface Refusal {
  code: RefusalCode;
  params: Record<string, string>;
}

function portType(types: TypeIndex, stepType: string, side: 'inputs' | 'outputs', name: string): string | undefined {
  const schema = types.get(stepType);
  const declared = schema?.[side].find((p) => p.name === name)?.type;
  if (declared || side === 'outputs') return declared;
  return schema?.variadic_input_type || undefined;
}

// The inputs of a variadic step that its type does not declare (the names the user wired), in
// edge order.
export function variadicInputs(design: Design, types: TypeIndex, id: string): string[] {
  const node = design.nodes.find((n) => n.id === id);
  const schema = node && types.get(node.type);
  if (!schema?.variadic_input_type) return [];
  const declared = new Set(schema.inputs.map((p) => p.name));
  return design.edges
    .filter((e) => e.kind === 'data' && e.target === id)
    .map((e) => portOf(e.targetHandle) ?? '')
    .filter((name) => name && name !== '+' && !declared.has(name));
}

// A fresh input name on `target` for a connection from `source` (an identifier: the source
// step id with - turned into _, numbered when taken).
function variadicName(design: Design, source: string, target: string): string {
  const taken = new Set(design.edges.filter((e) => e.target === target).map((e) => portOf(e.targetHandle)));
  const base = source.replace(/[^A-Za-z0-9_]/g, '_');
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

// Puts the connection the right way round (React Flow may report a drag that started on an
// input handle with source and target swapped).
export function normaliseConnection(c: Connection): Connection {
  const isSourceHandle = (h: string) => h.startsWith('out:') || h === 'then' || h === 'else';
  if (!isSourceHandle(c.sourceHandle) && isSourceHandle(c.targetHandle)) {
    return { source: c.target, sourceHandle: c.targetHandle, target: c.source, targetHandle: c.sourceHandle };
  }
  return c;
}

// Why the connection may not be made, or null when it may. A branch edge (then / else) may end on
// any handle of the target step; it is stored on the target's `ctrl` handle.
export function checkConnection(design: Design, types: TypeIndex, raw: Connection): Refusal | null {
  const c = normaliseConnection(raw);
  const source = design.nodes.find((n) => n.id === c.source);
  const target = design.nodes.find((n) => n.id === c.target);
  if (!source || !target) return { code: 'unknownNode', params: { step: !source ? c.source : c.target } };
  if (c.source === c.target) return { code: 'self', params: { step: c.source } };
  const pairs = dependencyPairs(design);
  const cyclePath = () => findPath(pairs, c.target, c.source);

  if (c.sourceHandle === 'then' || c.sourceHandle === 'else') {
    const other = design.edges.find((e) => (e.kind === 'then' || e.kind === 'else') && e.target === c.target);
    if (other && other.source === c.source && other.kind === c.sourceHandle) {
      return { code: 'duplicate', params: { step: c.target } };
    }
    if (other) return { code: 'branchTwice', params: { step: c.target, condition: other.source, branch: other.kind } };
    const path = cyclePath();
    if (path) return { code: 'cycle', params: { path: [...path, c.target].join(' → ') } };
    return null;
  }

  const output = portOf(c.sourceHandle);
  if (!output || !c.sourceHandle.startsWith('out:')) return { code: 'notOutput', params: { step: c.source } };
  const input = portOf(c.targetHandle);
  if (!input || !c.targetHandle.startsWith('in:')) return { code: 'notInput', params: { step: c.target } };
  const outType = portType(types, source.type, 'outputs', output);
  const inType = portType(types, target.type, 'inputs', input);
  if (outType && inType && outType !== inType) {
    return {
      code: 'type',
      params: { output: `${c.source}.${output}`, outputType: outType, input: `${c.target}.${input}`, inputType: inType },
    };
  }
  const existing = c.targetHandle === VARIADIC_HANDLE ? undefined
    : design.edges.find((e) => e.kind === 'data' && e.target === c.target && e.targetHandle === c.targetHandle);
  if (existing) {
    if (existing.source === c.source && existing.sourceHandle === c.sourceHandle) {
      return { code: 'duplicate', params: { step: c.target } };
    }
    return {
      code: 'occupied',
      params: { input: `${c.target}.${input}`, from: `${existing.source}.${portOf(existing.sourceHandle) ?? ''}` },
    };
  }
  const path = cyclePath();
  if (path) return { code: 'cycle', params: { path: [...path, c.target].join(' → ') } };
  return null;
}

// The design with the connection added (normalised; branch edges land on `ctrl`). The caller
// checks it first with checkConnection.
export function connect(design: Design, raw: Connection): Design {
  const n = normaliseConnection(raw);
  const branch = n.sourceHandle === 'then' || n.sourceHandle === 'else';
  let targetHandle = branch ? CTRL_HANDLE : n.targetHandle;
  if (targetHandle === VARIADIC_HANDLE) targetHandle = inHandle(variadicName(design, n.source, n.target));
  const c = { ...n, targetHandle };
  const kind: EdgeKind = branch ? (n.sourceHandle as Branch) : 'data';
  return { ...design, edges: [...design.edges, { ...c, id: edgeId(c), kind }] };
}

// --- editing ----------------------------------------------------------------------------------

const STEP_ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

export type StepIdProblem = 'empty' | 'pattern' | 'taken' | null;

export function stepIdProblem(id: string, design: Design, current?: string): StepIdProblem {
  if (!id) return 'empty';
  if (!STEP_ID.test(id)) return 'pattern';
  if (id !== current && design.nodes.some((n) => n.id === id)) return 'taken';
  return null;
}

// A fresh step id for a new step of `type`: its name in lower case ("automl"), then "automl_2"...
export function newStepId(type: string, design: Design): string {
  let base = type.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').replace(/^[^a-z]+/, '');
  if (!base) base = 'step';
  base = base.slice(0, 58);
  const taken = new Set(design.nodes.map((n) => n.id));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

export function addStep(design: Design, type: string, position: XY): [Design, string] {
  const id = newStepId(type, design);
  const node: GraphNode = { id, type, position, properties: {}, extra: {} };
  return [{ ...design, nodes: [...design.nodes, node] }, id];
}

// Removes the steps and every edge touching them.
export function removeSteps(design: Design, ids: string[]): Design {
  const gone = new Set(ids);
  return {
    ...design,
    nodes: design.nodes.filter((n) => !gone.has(n.id)),
    edges: design.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

export function removeEdges(design: Design, ids: string[]): Design {
  const gone = new Set(ids);
  return { ...design, edges: design.edges.filter((e) => !gone.has(e.id)) };
}

export function updateStep(design: Design, id: string, change: (n: GraphNode) => GraphNode): Design {
  return { ...design, nodes: design.nodes.map((n) => (n.id === id ? change(n) : n)) };
}

export function moveSteps(design: Design, positions: Record<string, XY>): Design {
  return {
    ...design,
    nodes: design.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id] } : n)),
  };
}

// Renames a step: its edges, other steps' depends_on and "${steps.<old>...}" references follow.
export function renameStep(design: Design, from: string, to: string): Design {
  if (from === to) return design;
  const refPattern = new RegExp(`\\$\\{steps\\.${from.replace(/[-]/g, '\\-')}([.}])`, 'g');
  const nodes = design.nodes.map((n) => {
    const renamed: GraphNode = {
      ...n,
      id: n.id === from ? to : n.id,
      properties: mapStrings(n.properties, (s) => s.replace(refPattern, `\${steps.${to}$1`)) as Record<string, unknown>,
    };
    if (n.extra.depends_on) {
      renamed.extra = { ...n.extra, depends_on: n.extra.depends_on.map((d) => (d === from ? to : d)) };
    }
    return renamed;
  });
  const edges = design.edges.map((e) => {
    const c = { ...e, source: e.source === from ? to : e.source, target: e.target === from ? to : e.target };
    return { ...c, id: edgeId(c) };
  });
  return { ...design, nodes, edges };
}

// Renames a parameter: the parameter entry keeps its place and every "${parameters.<old>}"
// reference in step properties follows.
export function renameParameter(design: Design, from: string, to: string): Design {
  if (from === to || !(from in design.parameters)) return design;
  const parameters = Object.fromEntries(
    Object.entries(design.parameters).map(([k, v]) => [k === from ? to : k, v]),
  );
  const pattern = new RegExp(`\\$\\{parameters\\.${from.replace(/[.-]/g, (c) => `\\${c}`)}\\}`, 'g');
  const nodes = design.nodes.map((n) => ({
    ...n,
    properties: mapStrings(n.properties, (s) => s.replace(pattern, `\${parameters.${to}}`)) as Record<string, unknown>,
  }));
  return { ...design, parameters, nodes };
}

// --- layout -----------------------------------------------------------------------------------

export const LAYOUT_X_GAP = 300;
export const LAYOUT_Y_GAP = 170;

// Each step's layer: the length of the longest dependency path that ends at it (sources are 0).
// Steps on a cycle are placed after their other predecessors (the cycle is broken at the first
// step seen).
export function layers(design: Design): Map<string, number> {
  const ids = new Set(design.nodes.map((n) => n.id));
  const preds = new Map<string, string[]>(design.nodes.map((n) => [n.id, []]));
  for (const [a, b] of dependencyPairs(design)) {
    if (ids.has(a) && ids.has(b) && a !== b && !preds.get(b)!.includes(a)) preds.get(b)!.push(a);
  }
  const layer = new Map<string, number>();
  const onStack = new Set<string>();
  const depth = (id: string): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    onStack.add(id);
    let d = 0;
    for (const p of preds.get(id)!) if (!onStack.has(p)) d = Math.max(d, depth(p) + 1);
    onStack.delete(id);
    layer.set(id, d);
    return d;
  };
  for (const n of design.nodes) depth(n.id);
  return layer;
}

// Layered left-to-right layout: x by layer (longest path), y by order within the layer, each layer
// ordered by the mean row of its predecessors (fewer crossings) and centred on y = 0.
export function autoLayout(design: Design): Design {
  const layer = layers(design);
  const byLayer: string[][] = [];
  for (const n of design.nodes) (byLayer[layer.get(n.id)!] ??= []).push(n.id);
  const row = new Map<string, number>();
  const preds = new Map<string, string[]>();
  for (const [a, b] of dependencyPairs(design)) {
    if (!preds.has(b)) preds.set(b, []);
    preds.get(b)!.push(a);
  }
  const positions: Record<string, XY> = {};
  byLayer.forEach((ids, l) => {
    if (!ids) return;
    const key = (id: string) => {
      const rows = (preds.get(id) ?? []).map((p) => row.get(p)).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Number.POSITIVE_INFINITY;
    };
    const order = ids.map((id, i) => ({ id, i, k: key(id) }));
    order.sort((a, b) => (a.k === b.k ? a.i - b.i : a.k < b.k ? -1 : 1));
    order.forEach(({ id }, i) => {
      row.set(id, i - (order.length - 1) / 2);
      positions[id] = { x: l * LAYOUT_X_GAP, y: Math.round((i - (order.length - 1) / 2) * LAYOUT_Y_GAP) };
    });
  });
  return moveSteps(design, positions);
}

// --- property values --------------------------------------------------------------------------

// The text a form field shows for a property value.
export function valueToText(prop: StepProperty, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (prop.type === 'string_list' && Array.isArray(value)) return value.join(', ');
  if (prop.type === 'object' || typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

export type TextProblem =
  | { code: 'number' | 'integer'; text: string }
  | { code: 'min' | 'max'; limit: number }
  | { code: 'json'; message: string }
  | { code: 'enum'; allowed: string };

// The property value for a form field's text: undefined for empty (the default applies), a
// parameter reference kept as text, numbers checked against type and bounds, string lists split on
// commas, objects parsed as JSON.
export function textToValue(prop: StepProperty, text: string): { value?: unknown; problem?: TextProblem } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (paramRef(trimmed) || /\$\{steps\./.test(trimmed) && prop.type !== 'string') return { value: trimmed };
  switch (prop.type) {
    case 'number':
    case 'integer': {
      const n = Number(trimmed);
      if (!Number.isFinite(n)) return { problem: { code: 'number', text: trimmed } };
      if (prop.type === 'integer' && !Number.isInteger(n)) return { problem: { code: 'integer', text: trimmed } };
      if (prop.minimum !== undefined && n < prop.minimum) return { problem: { code: 'min', limit: prop.minimum } };
      if (prop.maximum !== undefined && n > prop.maximum) return { problem: { code: 'max', limit: prop.maximum } };
      return { value: n };
    }
    case 'boolean':
      if (trimmed === 'true' || trimmed === 'false') return { value: trimmed === 'true' };
      return { problem: { code: 'enum', allowed: 'true, false' } };
    case 'string_list':
      return { value: trimmed.split(',').map((s) => s.trim()).filter(Boolean) };
    case 'object':
      try {
        return { value: JSON.parse(trimmed) };
      } catch (e) {
        return { problem: { code: 'json', message: (e as Error).message } };
      }
    default:
      if (prop.enum && !prop.enum.map(String).includes(trimmed)) {
        return { problem: { code: 'enum', allowed: prop.enum.join(', ') } };
      }
      return { value: trimmed };
  }
}

// A parameter value typed from its text field: {} for empty (no default / not given), {value}
// when the text fits the type (a string is taken as typed), null when it does not.
export function parseParamValue(type: PipelineParameter['type'], text: string): { value?: string | number | boolean } | null {
  const s = text.trim();
  if (s === '') return {};
  if (type === 'string') return { value: text };
  if (type === 'boolean') return s === 'true' || s === 'false' ? { value: s === 'true' } : null;
  const n = Number(s);
  if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) return null;
  return { value: n };
}

// The parameters whose type fits a property (any parameter fits a string property).
export function parametersFor(prop: StepProperty, parameters: Record<string, PipelineParameter>): string[] {
  const fits: Record<string, string[]> = {
    number: ['number', 'integer'],
    integer: ['integer'],
    boolean: ['boolean'],
  };
  const allowed = fits[prop.type];
  return Object.entries(parameters)
    .filter(([, p]) => (allowed ? allowed.includes(p.type) : prop.type !== 'object' && prop.type !== 'step_list'))
    .map(([name]) => name);
}

// The step ids that the server's validation paths (`steps[2].inputs.dataset`) point to.
export function stepsWithErrors(design: Design, paths: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of paths) {
    const m = /^steps\[(\d+)\]/.exec(p);
    const node = m ? design.nodes[Number(m[1])] : undefined;
    if (node) counts.set(node.id, (counts.get(node.id) ?? 0) + 1);
  }
  return counts;
}

// A pipeline name as the server accepts it ([A-Za-z0-9._-]{1,128}).
export function pipelineNameProblem(name: string): 'empty' | 'pattern' | null {
  if (!name) return 'empty';
  return /^[A-Za-z0-9._-]{1,128}$/.test(name) ? null : 'pattern';
}

export function emptyDesign(name: string): Design {
  return { name, parameters: {}, nodes: [], edges: [] };
}
