import { describe, expect, it } from 'vitest';
import type { PipelineDoc, StepType } from '../api/pipelines';
import {
  addStep,
  autoLayout,
  checkConnection,
  connect,
  designToDoc,
  docToDesign,
  findCycle,
  indexTypes,
  layers,
  LAYOUT_X_GAP,
  newStepId,
  paramRef,
  paramRefs,
  parametersFor,
  parseParamValue,
  removeSteps,
  renameParameter,
  renameStep,
  stepIdProblem,
  stepRefs,
  stepsWithErrors,
  textToValue,
  valueToText,
  VARIADIC_HANDLE,
  variadicInputs,
} from './pipeline';
import { TEMPLATES } from './pipelineTemplates';

// The step types of docs/api/pipelines.md (what GET /api/v1/pipeline-step-types answers).
const port = (name: string, type: string, required = true) => ({ name, type, required });
const TYPES: StepType[] = [
  { type: 'Dataset', category: 'data', inputs: [], outputs: [port('dataset', 'dataset')], properties: [{ name: 'name', type: 'string' }, { name: 'version', type: 'integer' }] },
  { type: 'Prepare', category: 'data', inputs: [port('dataset', 'dataset')], outputs: [port('dataset', 'dataset')], properties: [{ name: 'recipe', type: 'object', required: true }] },
  { type: 'Split', category: 'data', inputs: [port('dataset', 'dataset')], outputs: [port('train', 'dataset'), port('test', 'dataset')], properties: [{ name: 'test_fraction', type: 'number', default: 0.2, minimum: 0.05, maximum: 0.5 }, { name: 'stratify', type: 'string' }, { name: 'seed', type: 'integer', default: 42 }] },
  { type: 'AutoML', category: 'train', inputs: [port('dataset', 'dataset')], outputs: [port('model', 'model')], properties: [{ name: 'target', type: 'string', required: true }, { name: 'budget_seconds', type: 'integer', default: 60 }, { name: 'algorithms', type: 'string_list' }] },
  { type: 'Train', category: 'train', inputs: [port('dataset', 'dataset')], outputs: [port('model', 'model')], properties: [{ name: 'target', type: 'string', required: true }, { name: 'algorithm', type: 'string', required: true }] },
  { type: 'Evaluate', category: 'evaluate', inputs: [port('model', 'model'), port('dataset', 'dataset')], outputs: [port('report', 'report')], properties: [] },
  { type: 'Condition', category: 'control', inputs: [], outputs: [], properties: [{ name: 'left', type: 'string', required: true }, { name: 'operator', type: 'string', enum: ['==', '!=', '<', '<=', '>', '>='] }, { name: 'right', type: 'string' }, { name: 'then', type: 'step_list' }, { name: 'else', type: 'step_list' }] },
  { type: 'Register', category: 'deploy', inputs: [port('model', 'model')], outputs: [port('model', 'model')], properties: [{ name: 'approval_status', type: 'string' }] },
  { type: 'Deploy', category: 'deploy', inputs: [port('model', 'model')], outputs: [port('endpoint', 'endpoint')], properties: [{ name: 'endpoint', type: 'string', required: true }] },
  { type: 'Query', category: 'data', inputs: [], outputs: [port('dataset', 'dataset')], properties: [{ name: 'sql', type: 'string', required: true }], variadic_input_type: 'dataset' },
  { type: 'Fail', category: 'control', inputs: [], outputs: [], properties: [{ name: 'message', type: 'string', required: true }] },
];
const types = indexTypes(TYPES);

// The contract's example document, with a full layout.
function exampleDoc(): PipelineDoc {
  const doc = TEMPLATES[0].build('tabular-classification');
  return JSON.parse(JSON.stringify(doc)) as PipelineDoc;
}

describe('document <-> design', () => {
  it('round-trips a document with inputs, branches, extras and layout', () => {
    const doc = exampleDoc();
    doc.steps[2].retry = { max_attempts: 3, backoff_seconds: 5 };
    doc.steps[3].cache = false;
    const design = docToDesign(doc, types);
    expect(design.nodes.map((n) => n.id)).toEqual(doc.steps.map((s) => s.id));
    // Inputs are data edges between typed ports; branches are then / else edges onto ctrl.
    expect(design.edges).toContainEqual(expect.objectContaining({ source: 'split', sourceHandle: 'out:test', target: 'evaluate', targetHandle: 'in:dataset', kind: 'data' }));
    expect(design.edges).toContainEqual(expect.objectContaining({ source: 'good_enough', sourceHandle: 'then', target: 'deploy', targetHandle: 'ctrl', kind: 'then' }));
    expect(design.edges).toContainEqual(expect.objectContaining({ source: 'good_enough', sourceHandle: 'else', target: 'too_weak', kind: 'else' }));
    expect(design.nodes.find((n) => n.id === 'good_enough')!.properties).not.toHaveProperty('then');
    expect(design.nodes.find((n) => n.id === 'automl')!.position).toEqual(doc.layout!.automl);
    expect(designToDoc(design)).toEqual(doc);
  });

  it('lays out a document without layout and writes the layout back', () => {
    const doc = exampleDoc();
    delete doc.layout;
    const back = designToDoc(docToDesign(doc, types));
    expect(Object.keys(back.layout!).sort()).toEqual(doc.steps.map((s) => s.id).sort());
    expect(back.steps).toEqual(doc.steps);
    expect(back.layout!.data.x).toBeLessThan(back.layout!.split.x);
  });

  it('keeps an input wired to an unknown step so that validation can name it', () => {
    const doc: PipelineDoc = { name: 'p', steps: [{ id: 'split', type: 'Split', inputs: { dataset: 'ghost.dataset' } }] };
    expect(designToDoc(docToDesign(doc, types)).steps).toEqual(doc.steps);
  });

  it('maps the server validation paths to steps', () => {
    const design = docToDesign(exampleDoc(), types);
    const counts = stepsWithErrors(design, ['steps[2].inputs.dataset', 'steps[2].properties.seed', 'steps[6].properties.endpoint', 'parameters.x']);
    expect([...counts]).toEqual([['split', 2], ['deploy', 1]]);
  });
});

describe('connections', () => {
  const base = () => {
    let d = docToDesign({ name: 'p', steps: [] }, types);
    for (const t of ['Dataset', 'Split', 'AutoML', 'Evaluate', 'Deploy', 'Condition', 'Fail']) d = addStep(d, t, { x: 0, y: 0 })[0];
    return d;
  };

  it('accepts an output into an input of the same artifact type', () => {
    const d = base();
    const c = { source: 'dataset', sourceHandle: 'out:dataset', target: 'split', targetHandle: 'in:dataset' };
    expect(checkConnection(d, types, c)).toBeNull();
    const next = connect(d, c);
    expect(designToDoc(next).steps.find((s) => s.id === 'split')!.inputs).toEqual({ dataset: 'dataset.dataset' });
  });

  it('refuses a model output into a dataset input, naming both types', () => {
    const d = base();
    const refusal = checkConnection(d, types, { source: 'automl', sourceHandle: 'out:model', target: 'split', targetHandle: 'in:dataset' });
    expect(refusal).toEqual({ code: 'type', params: { output: 'automl.model', outputType: 'model', input: 'split.dataset', inputType: 'dataset' } });
  });

  it('normalises a drag that started on the input handle', () => {
    const d = base();
    const refusal = checkConnection(d, types, { source: 'evaluate', sourceHandle: 'in:model', target: 'split', targetHandle: 'out:train' });
    expect(refusal?.code).toBe('type');
    const ok = { source: 'evaluate', sourceHandle: 'in:dataset', target: 'split', targetHandle: 'out:test' };
    expect(checkConnection(d, types, ok)).toBeNull();
    expect(connect(d, ok).edges.at(-1)).toMatchObject({ source: 'split', sourceHandle: 'out:test', target: 'evaluate', targetHandle: 'in:dataset' });
  });

  it('refuses a second edge into one input', () => {
    let d = base();
    d = connect(d, { source: 'split', sourceHandle: 'out:train', target: 'automl', targetHandle: 'in:dataset' });
    const refusal = checkConnection(d, types, { source: 'split', sourceHandle: 'out:test', target: 'automl', targetHandle: 'in:dataset' });
    expect(refusal).toEqual({ code: 'occupied', params: { input: 'automl.dataset', from: 'split.train' } });
    expect(checkConnection(d, types, { source: 'split', sourceHandle: 'out:train', target: 'automl', targetHandle: 'in:dataset' })?.code).toBe('duplicate');
  });

  it('refuses a cycle and names its steps', () => {
    let d = base();
    [d] = addStep(d, 'Split', { x: 0, y: 0 });
    d = connect(d, { source: 'split', sourceHandle: 'out:train', target: 'split_2', targetHandle: 'in:dataset' });
    const refusal = checkConnection(d, types, { source: 'split_2', sourceHandle: 'out:train', target: 'split', targetHandle: 'in:dataset' });
    expect(refusal).toEqual({ code: 'cycle', params: { path: 'split → split_2 → split' } });
    expect(checkConnection(d, types, { source: 'split', sourceHandle: 'out:test', target: 'split', targetHandle: 'in:dataset' })?.code).toBe('self');
  });

  it('counts ${steps.x} references as dependencies when looking for cycles', () => {
    let d = base();
    d = connect(d, { source: 'automl', sourceHandle: 'out:model', target: 'evaluate', targetHandle: 'in:model' });
    d = { ...d, nodes: d.nodes.map((n) => (n.id === 'condition' ? { ...n, properties: { left: '${steps.evaluate.metrics.accuracy}' } } : n)) };
    // condition reads evaluate, evaluate reads automl: a branch from condition back to automl loops.
    const refusal = checkConnection(d, types, { source: 'condition', sourceHandle: 'then', target: 'automl', targetHandle: 'in:dataset' });
    expect(refusal).toEqual({ code: 'cycle', params: { path: 'automl → evaluate → condition → automl' } });
  });

  it('puts branch edges on ctrl and refuses a step in two branches', () => {
    let d = base();
    d = connect(d, { source: 'condition', sourceHandle: 'then', target: 'deploy', targetHandle: 'in:model' });
    expect(d.edges.at(-1)).toMatchObject({ targetHandle: 'ctrl', kind: 'then' });
    const refusal = checkConnection(d, types, { source: 'condition', sourceHandle: 'else', target: 'deploy', targetHandle: 'ctrl' });
    expect(refusal).toEqual({ code: 'branchTwice', params: { step: 'deploy', condition: 'condition', branch: 'then' } });
    expect(checkConnection(d, types, { source: 'condition', sourceHandle: 'else', target: 'fail', targetHandle: 'ctrl' })).toBeNull();
    d = connect(d, { source: 'condition', sourceHandle: 'else', target: 'fail', targetHandle: 'ctrl' });
    expect(designToDoc(d).steps.find((s) => s.id === 'condition')!.properties).toEqual({ then: ['deploy'], else: ['fail'] });
  });

  it('refuses a data edge that ends on the ctrl handle', () => {
    expect(checkConnection(base(), types, { source: 'dataset', sourceHandle: 'out:dataset', target: 'split', targetHandle: 'ctrl' })?.code).toBe('notInput');
  });

  it('names the inputs of a variadic step (Query) after their source and type-checks them', () => {
    let d = base();
    [d] = addStep(d, 'Query', { x: 0, y: 0 });
    const c = { source: 'split', sourceHandle: 'out:train', target: 'query', targetHandle: VARIADIC_HANDLE };
    expect(checkConnection(d, types, c)).toBeNull();
    d = connect(d, c);
    d = connect(d, { ...c, sourceHandle: 'out:test' });
    expect(variadicInputs(d, types, 'query')).toEqual(['split', 'split_2']);
    expect(designToDoc(d).steps.find((s) => s.id === 'query')!.inputs).toEqual({ split: 'split.train', split_2: 'split.test' });
    expect(checkConnection(d, types, { source: 'automl', sourceHandle: 'out:model', target: 'query', targetHandle: VARIADIC_HANDLE })?.code).toBe('type');
    // A wired alias is an ordinary input: one edge only.
    expect(checkConnection(d, types, { source: 'dataset', sourceHandle: 'out:dataset', target: 'query', targetHandle: 'in:split' })?.code).toBe('occupied');
  });

  it('finds cycles in loaded documents', () => {
    const doc: PipelineDoc = {
      name: 'loop',
      steps: [
        { id: 'a', type: 'Split', inputs: { dataset: 'b.train' } },
        { id: 'b', type: 'Split', inputs: { dataset: 'a.train' } },
        { id: 'c', type: 'Dataset' },
      ],
    };
    expect(findCycle(docToDesign(doc, types))).toEqual(['a', 'b', 'a']);
    expect(findCycle(docToDesign(exampleDoc(), types))).toBeNull();
  });
});

describe('editing', () => {
  it('names new steps after their type and numbers repeats', () => {
    let d = docToDesign({ name: 'p', steps: [] }, types);
    expect(newStepId('AutoML', d)).toBe('automl');
    [d] = addStep(d, 'AutoML', { x: 0, y: 0 });
    expect(newStepId('AutoML', d)).toBe('automl_2');
    expect(newStepId('BatchTransform', d)).toBe('batchtransform');
  });

  it('checks step ids', () => {
    const d = docToDesign(exampleDoc(), types);
    expect(stepIdProblem('', d)).toBe('empty');
    expect(stepIdProblem('1abc', d)).toBe('pattern');
    expect(stepIdProblem('a.b', d)).toBe('pattern');
    expect(stepIdProblem('split', d)).toBe('taken');
    expect(stepIdProblem('split', d, 'split')).toBeNull();
    expect(stepIdProblem('holdout', d)).toBeNull();
  });

  it('renames a step with its edges and the references to it', () => {
    const d = renameStep(docToDesign(exampleDoc(), types), 'evaluate', 'score');
    const doc = designToDoc(d);
    const cond = doc.steps.find((s) => s.id === 'good_enough')!;
    expect(cond.properties!.left).toBe('${steps.score.metrics.accuracy}');
    expect(doc.steps.find((s) => s.id === 'too_weak')!.properties!.message).toContain('${steps.score.metrics.accuracy}');
    expect(doc.steps.find((s) => s.id === 'score')!.inputs).toEqual({ model: 'automl.model', dataset: 'split.test' });
    expect(doc.layout).toHaveProperty('score');
    expect(d.edges.every((e) => !e.id.includes('evaluate'))).toBe(true);
  });

  it('renames a parameter with every reference to it', () => {
    const d = renameParameter(docToDesign(exampleDoc(), types), 'min_accuracy', 'floor');
    const doc = designToDoc(d);
    expect(Object.keys(doc.parameters!)).toEqual(['dataset', 'target', 'floor', 'endpoint']);
    expect(doc.steps.find((s) => s.id === 'good_enough')!.properties!.right).toBe('${parameters.floor}');
    expect(doc.steps.find((s) => s.id === 'too_weak')!.properties!.message).toBe('accuracy ${steps.evaluate.metrics.accuracy} is below ${parameters.floor}');
    // Other references are untouched.
    expect(doc.steps.find((s) => s.id === 'split')!.properties!.stratify).toBe('${parameters.target}');
  });

  it('removes steps with their edges', () => {
    const d = removeSteps(docToDesign(exampleDoc(), types), ['split']);
    expect(d.nodes.map((n) => n.id)).not.toContain('split');
    expect(d.edges.some((e) => e.source === 'split' || e.target === 'split')).toBe(false);
    expect(designToDoc(d).steps.find((s) => s.id === 'automl')!.inputs).toBeUndefined();
  });
});

describe('layout', () => {
  it('places each step at its longest-path layer, left to right', () => {
    const d = docToDesign(exampleDoc(), types);
    const l = layers(d);
    expect(l.get('data')).toBe(0);
    expect(l.get('prepare')).toBe(1);
    expect(l.get('split')).toBe(2);
    expect(l.get('automl')).toBe(3);
    expect(l.get('evaluate')).toBe(4); // after automl (model) and split (test): longest path wins
    expect(l.get('good_enough')).toBe(5); // reads evaluate's metrics
    expect(l.get('deploy')).toBe(6); // then-branch of the condition
    expect(l.get('too_weak')).toBe(6);
    const laid = autoLayout(d);
    const pos = Object.fromEntries(laid.nodes.map((n) => [n.id, n.position]));
    expect(pos.evaluate.x).toBe(4 * LAYOUT_X_GAP);
    // Two steps in one layer get distinct rows, centred on 0.
    expect(pos.deploy.y).not.toBe(pos.too_weak.y);
    expect(pos.deploy.y + pos.too_weak.y).toBe(0);
    // Nothing else changed.
    expect(designToDoc(laid).steps).toEqual(designToDoc(d).steps);
  });

  it('terminates on a cyclic graph', () => {
    const doc: PipelineDoc = { name: 'loop', steps: [{ id: 'a', type: 'Split', inputs: { dataset: 'b.train' } }, { id: 'b', type: 'Split', inputs: { dataset: 'a.train' } }] };
    const laid = autoLayout(docToDesign(doc, types));
    expect(new Set(laid.nodes.map((n) => n.position.x)).size).toBe(2);
  });
});

describe('property values', () => {
  const num = { name: 'test_fraction', type: 'number', minimum: 0.05, maximum: 0.5 };
  it('parses typed values and says what is wrong', () => {
    expect(textToValue(num, '0.3')).toEqual({ value: 0.3 });
    expect(textToValue(num, '')).toEqual({});
    expect(textToValue(num, 'abc')).toEqual({ problem: { code: 'number', text: 'abc' } });
    expect(textToValue(num, '0.9')).toEqual({ problem: { code: 'max', limit: 0.5 } });
    expect(textToValue({ name: 'seed', type: 'integer' }, '1.5')).toEqual({ problem: { code: 'integer', text: '1.5' } });
    expect(textToValue({ name: 'algorithms', type: 'string_list' }, 'xgboost, knn,')).toEqual({ value: ['xgboost', 'knn'] });
    expect(textToValue({ name: 'recipe', type: 'object' }, '{"steps": []}')).toEqual({ value: { steps: [] } });
    expect(textToValue({ name: 'recipe', type: 'object' }, '{"steps": [}').problem?.code).toBe('json');
    expect(textToValue({ name: 'operator', type: 'string', enum: ['<', '>'] }, '=')).toEqual({ problem: { code: 'enum', allowed: '<, >' } });
  });

  it('keeps parameter references as text for any type', () => {
    expect(textToValue(num, '${parameters.fraction}')).toEqual({ value: '${parameters.fraction}' });
    expect(paramRef('${parameters.fraction}')).toBe('fraction');
    expect(paramRef('x ${parameters.fraction}')).toBeNull();
    expect(paramRefs({ a: 'x ${parameters.a} ${parameters.b}', b: { c: ['${parameters.a}'] } })).toEqual(['a', 'b']);
    expect(stepRefs({ message: 'acc ${steps.evaluate.metrics.accuracy} vs ${steps.other}' })).toEqual(['evaluate', 'other']);
  });

  it('shows values as text', () => {
    expect(valueToText({ name: 'a', type: 'string_list' }, ['a', 'b'])).toBe('a, b');
    expect(valueToText({ name: 'r', type: 'object' }, { steps: [] })).toBe('{\n  "steps": []\n}');
    expect(valueToText(num, 0.2)).toBe('0.2');
    expect(valueToText(num, undefined)).toBe('');
  });

  it('types parameter values from their text', () => {
    expect(parseParamValue('number', ' 0.85 ')).toEqual({ value: 0.85 });
    expect(parseParamValue('integer', '7')).toEqual({ value: 7 });
    expect(parseParamValue('integer', '7.5')).toBeNull();
    expect(parseParamValue('number', 'high')).toBeNull();
    expect(parseParamValue('boolean', 'true')).toEqual({ value: true });
    expect(parseParamValue('boolean', 'yes')).toBeNull();
    expect(parseParamValue('string', ' iris ')).toEqual({ value: ' iris ' });
    expect(parseParamValue('number', '')).toEqual({});
  });

  it('offers the parameters whose type fits', () => {
    const params = { s: { type: 'string' as const }, n: { type: 'number' as const }, i: { type: 'integer' as const }, b: { type: 'boolean' as const } };
    expect(parametersFor(num, params)).toEqual(['n', 'i']);
    expect(parametersFor({ name: 'seed', type: 'integer' }, params)).toEqual(['i']);
    expect(parametersFor({ name: 'x', type: 'string' }, params)).toEqual(['s', 'n', 'i', 'b']);
    expect(parametersFor({ name: 'r', type: 'object' }, params)).toEqual([]);
  });
});

describe('templates', () => {
  it('build acyclic documents whose inputs all connect typed ports', () => {
    for (const template of TEMPLATES) {
      const doc = template.build('my-pipeline');
      expect(doc.name).toBe('my-pipeline');
      const design = docToDesign(doc, types);
      expect(findCycle(design)).toBeNull();
      for (const e of design.edges.filter((x) => x.kind === 'data')) {
        const without = { ...design, edges: design.edges.filter((x) => x !== e) };
        expect(checkConnection(without, types, e), `${template.id}: ${e.id}`).toBeNull();
      }
      // Every ${parameters.x} is defined.
      for (const s of doc.steps) for (const p of paramRefs(s.properties ?? {})) expect(doc.parameters).toHaveProperty(p);
      expect(designToDoc(design)).toEqual(doc);
    }
  });
});
