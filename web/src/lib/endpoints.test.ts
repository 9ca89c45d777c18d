import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InputColumn } from '../api/types';
import {
  NAME_PATTERN,
  awsCliSnippet,
  boto3Snippet,
  csvField,
  csvRow,
  curlSnippet,
  hasVariantErrors,
  invocationError,
  isTransitional,
  metricsCharts,
  nameProblem,
  nextVariantName,
  parseCsvLine,
  parsePredictions,
  playgroundRow,
  playgroundSchema,
  pythonRequestsSnippet,
  pythonString,
  requestBody,
  shellQuote,
  stateTone,
  suggestEndpointName,
  trafficShares,
  uniqueEndpointName,
  validateVariants,
  type EndpointMetrics,
} from './endpoints';

// Debian's interpreter (a version-manager shim can take seconds to start on a loaded machine).
const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));
const SLOW = 30_000; // tests that start processes

describe('endpoint names', () => {
  it('suggests a valid lower-case dashed name from a model name', () => {
    expect(suggestEndpointName('Iris_Species v2')).toBe('iris-species-v2');
    expect(suggestEndpointName('pima-diabetes')).toBe('pima-diabetes');
    expect(suggestEndpointName('  --Churn!!Model--  ')).toBe('churn-model');
    expect(suggestEndpointName('Dự báo doanh thu Đà Nẵng')).toBe('du-bao-doanh-thu-da-nang');
    expect(suggestEndpointName('___')).toBe('endpoint');
    const long = suggestEndpointName(`${'a'.repeat(62)}_b_c`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(NAME_PATTERN);
    expect(long.endsWith('-')).toBe(false);
  });

  it('adds a number when the name is taken', () => {
    expect(uniqueEndpointName('iris', [])).toBe('iris');
    expect(uniqueEndpointName('iris', ['iris', 'iris-2'])).toBe('iris-3');
    const base = 'x'.repeat(63);
    const next = uniqueEndpointName(base, [base]);
    expect(next).toBe(`${'x'.repeat(61)}-2`);
    expect(next).toMatch(NAME_PATTERN);
  });

  it('says why a name is not valid, and where', () => {
    expect(nameProblem('iris-v2')).toBeNull();
    expect(nameProblem('a--b')).toBeNull();
    expect(nameProblem('')).toEqual({ key: 'deploy.name.empty' });
    expect(nameProblem('iris_v2')).toEqual({ key: 'deploy.name.badChar', params: { char: '_', position: 5 } });
    expect(nameProblem('-iris')?.key).toBe('deploy.name.dashEnds');
    expect(nameProblem('iris-')?.key).toBe('deploy.name.dashEnds');
    expect(nameProblem('a'.repeat(64))).toEqual({ key: 'deploy.name.tooLong', params: { max: 63, length: 64 } });
  });

  it('maps states to tones and polls only while changing', () => {
    expect(['InService', 'Creating', 'Updating', 'Failed', 'Deleting', undefined].map(stateTone)).toEqual([
      'ok', 'busy', 'busy', 'failed', 'busy', 'neutral',
    ]);
    expect(isTransitional('Creating')).toBe(true);
    expect(isTransitional('InService')).toBe(false);
  });
});

const SCHEMA: InputColumn[] = [
  { name: 'sepal_length', type: 'float64', kind: 'numeric', median: 5.8 },
  { name: 'petals', type: 'int64', kind: 'numeric', median: 4 },
  { name: 'colour', type: 'categorical', kind: 'categorical', categories: ['blue', 'red, dark'] },
  { name: 'wild', type: 'bool', kind: 'boolean' },
  { name: 'note', type: 'text', kind: 'text' },
];
const COLUMNS = SCHEMA.map((c) => c.name);

describe('request bodies from form values', () => {
  it('quotes CSV fields as RFC 4180 does', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('red, dark')).toBe('"red, dark"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(null)).toBe('');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(false)).toBe('false');
  });

  it('writes one CSV line in the model column order, missing values empty', () => {
    const row = { note: 'a "quoted", note', wild: true, colour: 'red, dark', petals: null, sepal_length: 5.1 };
    const line = csvRow(COLUMNS, row);
    expect(line).toBe('5.1,,"red, dark",true,"a ""quoted"", note"');
    // Reading it back gives the same fields.
    expect(parseCsvLine(line)).toEqual(['5.1', '', 'red, dark', 'true', 'a "quoted", note']);
  });

  it('types form values and names the ones that do not parse', () => {
    const ok = playgroundRow(SCHEMA, { sepal_length: ' 5.1 ', petals: '3', colour: 'blue', wild: 'true', note: '' });
    expect(ok).toEqual({ ok: true, row: { sepal_length: 5.1, petals: 3, colour: 'blue', wild: true, note: null } });
    const bad = playgroundRow(SCHEMA, { sepal_length: 'abc', petals: '2.5', colour: '', wild: '', note: 'x' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors).toEqual({
        sepal_length: { key: 'deploy.form.notNumber', params: { column: 'sepal_length', text: 'abc' } },
        petals: { key: 'deploy.form.notInteger', params: { column: 'petals', text: '2.5' } },
      });
    }
  });

  it('writes JSON and JSON Lines bodies keyed by column, leaving missing values out', () => {
    const row = { sepal_length: 5.1, petals: null, colour: 'blue', wild: false, note: null };
    expect(JSON.parse(requestBody('application/json', COLUMNS, row))).toEqual({
      instances: [{ sepal_length: 5.1, colour: 'blue', wild: false }],
    });
    expect(JSON.parse(requestBody('application/jsonlines', COLUMNS, row))).toEqual({ sepal_length: 5.1, colour: 'blue', wild: false });
    expect(requestBody('text/csv', COLUMNS, row)).toBe('5.1,,blue,false,');
  });

  it('asks for raw columns as text when the model has a recipe', () => {
    const model = { input_columns: ['b', 'a'], input_schema: [{ name: 'a', type: 'float64' }, { name: 'b', type: 'int64' }] };
    expect(playgroundSchema({ ...model, has_recipe: false }).map((c) => [c.name, c.type])).toEqual([['b', 'int64'], ['a', 'float64']]);
    expect(playgroundSchema({ ...model, has_recipe: true })).toEqual([{ name: 'b', type: 'text' }, { name: 'a', type: 'text' }]);
  });
});

describe('snippets', () => {
  const input = {
    origin: 'http://127.0.0.1:8080/',
    endpoint: 'iris',
    contentType: 'text/csv',
    body: `5.1,"it's, ok",1`,
  };

  it('quotes for the shell so the body arrives unchanged', () => {
    for (const s of [`it's`, `a'b'c`, `"$HOME" \`ls\` \\n`, 'two\nlines', '']) {
      const out = execFileSync('sh', ['-c', `printf %s ${shellQuote(s)}`], { encoding: 'utf8' });
      expect(out).toBe(s);
    }
  }, SLOW);

  it('writes Python string literals that read back as the same text', () => {
    if (!PYTHON) return;
    for (const s of [`it's "quoted"`, 'tab\tand\nnewline \\ back', 'Đà Nẵng €']) {
      const out = execFileSync(PYTHON, ['-c', 'import sys; sys.stdout.write(eval(sys.stdin.read()))'], {
        input: pythonString(s),
        encoding: 'utf8',
      });
      expect(out).toBe(s);
    }
  }, SLOW);

  it('builds a curl command that posts the row to the invocation URL', () => {
    const code = curlSnippet(input);
    expect(code).toContain(`curl -sS -X POST 'http://127.0.0.1:8080/endpoints/iris/invocations'`);
    expect(code).toContain(`-H 'Content-Type: text/csv'`);
    expect(code).toContain(`--data-binary '5.1,"it'\\''s, ok",1'`);
    expect(code).not.toContain('Target-Variant');
    expect(curlSnippet({ ...input, targetVariant: 'B' })).toContain(`-H 'X-Amzn-SageMaker-Target-Variant: B'`);
    // The line continuations make one shell command: sh -n parses it.
    execFileSync('sh', ['-n', '-c', code]);
  }, SLOW);

  it('builds Python (requests and boto3) that compiles', () => {
    const requests = pythonRequestsSnippet(input);
    expect(requests).toContain('"http://127.0.0.1:8080/endpoints/iris/invocations"');
    expect(requests).toContain(`data=${JSON.stringify(input.body)}.encode("utf-8")`);
    const boto = boto3Snippet({ ...input, targetVariant: 'B' });
    expect(boto).toContain('endpoint_url="http://127.0.0.1:8080"');
    expect(boto).toContain('EndpointName="iris"');
    expect(boto).toContain('TargetVariant="B"');
    expect(boto).toContain('signature_version=UNSIGNED');
    if (!PYTHON) return;
    for (const code of [requests, boto]) {
      execFileSync(PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "snippet", "exec")'], { input: code });
    }
  }, SLOW);

  it('builds the aws sagemaker-runtime command', () => {
    const code = awsCliSnippet(input);
    expect(code.split(' \\\n').map((l) => l.trim())).toEqual([
      'aws sagemaker-runtime invoke-endpoint',
      `--endpoint-url 'http://127.0.0.1:8080'`,
      `--endpoint-name 'iris'`,
      `--content-type 'text/csv'`,
      `--body '5.1,"it'\\''s, ok",1'`,
      '--cli-binary-format raw-in-base64-out',
      '--region us-east-1 --no-sign-request',
      '/dev/stdout',
    ]);
    execFileSync('sh', ['-n', '-c', code]);
  }, SLOW);
});

describe('invocation answers', () => {
  it('reads JSON predictions, most likely class first', () => {
    const body = JSON.stringify({
      predictions: [
        { predicted_label: 'setosa', probabilities: { versicolor: 0.02, setosa: 0.97, virginica: 0.01 }, probability: 0.97 },
        { score: 12.5 },
      ],
    });
    expect(parsePredictions('application/json; charset=utf-8', body)).toEqual([
      {
        kind: 'class',
        label: 'setosa',
        probabilities: [
          { label: 'setosa', probability: 0.97 },
          { label: 'versicolor', probability: 0.02 },
          { label: 'virginica', probability: 0.01 },
        ],
      },
      { kind: 'value', value: 12.5 },
    ]);
  });

  it('reads JSON Lines and CSV answers (CSV probabilities in the model class order)', () => {
    const lines = '{"predicted_label":"yes","probabilities":{"no":0.3,"yes":0.7}}\n{"score":1}\n';
    expect(parsePredictions('application/jsonlines', lines)?.map((p) => (p.kind === 'class' ? p.label : p.value))).toEqual(['yes', 1]);
    const csv = parsePredictions('text/csv', 'virginica,0.1,0.2,0.7\n"a, b",0.5,0.25,0.25\n', ['setosa', 'versicolor', 'virginica']);
    expect(csv?.[0]).toEqual({
      kind: 'class',
      label: 'virginica',
      probabilities: [
        { label: 'virginica', probability: 0.7 },
        { label: 'versicolor', probability: 0.2 },
        { label: 'setosa', probability: 0.1 },
      ],
    });
    expect(csv?.[1].kind === 'class' && csv[1].label).toBe('a, b');
    expect(parsePredictions('text/csv', '12.5\n-3\n')).toEqual([{ kind: 'value', value: 12.5 }, { kind: 'value', value: -3 }]);
  });

  it('returns null for bodies it does not know', () => {
    expect(parsePredictions('application/json', '{"oops": 1}')).toBeNull();
    expect(parsePredictions('application/json', 'not json')).toBeNull();
    expect(parsePredictions('text/plain', 'x')).toBeNull();
  });

  it('reads rest-json errors, with the model error’s original message', () => {
    const e = invocationError(
      424,
      'ModelError:http://internal.amazon.com/coral/com.amazon.sagemaker/',
      JSON.stringify({ message: 'Received client error (400)', OriginalStatusCode: 400, OriginalMessage: 'row 1, column 3 (petal_length): expected a number, got "x"' }),
    );
    expect(e).toEqual({
      status: 424,
      code: 'ModelError',
      message: 'Received client error (400)',
      original: 'row 1, column 3 (petal_length): expected a number, got "x"',
    });
    expect(invocationError(400, null, JSON.stringify({ error: { code: 'ValidationError', message: 'empty body' } }))).toEqual({
      status: 400, code: 'ValidationError', message: 'empty body', original: undefined,
    });
    expect(invocationError(502, null, 'Bad gateway')).toMatchObject({ code: 'HTTP 502', message: 'Bad gateway' });
  });
});

describe('variants', () => {
  it('splits traffic by weight', () => {
    expect(trafficShares([1, 3])).toEqual([0.25, 0.75]);
    expect(trafficShares([2, 0, Number.NaN])).toEqual([1, 0, 0]);
    expect(trafficShares([0, 0])).toEqual([0, 0]);
  });

  it('checks names, models and weights before an update', () => {
    const ok = validateVariants([
      { name: 'A', model_id: 'mdl_1', weight: '1' },
      { name: 'B', model_id: 'mdl_2', weight: '0' },
    ]);
    expect(hasVariantErrors(ok)).toBe(false);
    const bad = validateVariants([
      { name: 'A', model_id: '', weight: '-1' },
      { name: 'A', model_id: 'mdl_2', weight: 'x' },
      { name: 'bad name', model_id: 'mdl_3', weight: '0' },
    ]);
    expect(bad.rows[0].map((e) => e.field)).toEqual(['model_id', 'weight']);
    expect(bad.rows[1]).toEqual([
      { field: 'name', key: 'endpoints.variants.duplicate', params: { name: 'A', row: 1 } },
      { field: 'weight', key: 'endpoints.variants.badWeight', params: { value: 'x' } },
    ]);
    expect(bad.rows[2]).toEqual([{ field: 'name', key: 'deploy.name.badChar', params: { char: ' ', position: 4 } }]);
    expect(validateVariants([{ name: 'A', model_id: 'm', weight: '0' }]).form).toEqual({ key: 'endpoints.variants.allZero' });
    expect(validateVariants([]).form).toEqual({ key: 'endpoints.variants.none' });
  });

  it('names a new variant after the ones in use', () => {
    expect(nextVariantName(['AllTraffic'])).toBe('Variant2');
    expect(nextVariantName(['AllTraffic', 'Variant2'])).toBe('Variant3');
  });
});

describe('metrics to chart series', () => {
  const lat = (p50: number, p99: number) => ({ avg: p50, p50, p99, max: p99 });
  const m: EndpointMetrics = {
    endpoint: 'iris',
    interval_seconds: 1,
    from: 1000,
    to: 1010,
    variants: [
      {
        name: 'A',
        totals: { invocations: 7, errors_4xx: 1, errors_5xx: 0 },
        points: [
          { t: 1003, invocations: 3, errors_4xx: 0, errors_5xx: 0, model_latency_us: lat(40, 90), overhead_latency_us: lat(11, 20) },
          { t: 1009, invocations: 4, errors_4xx: 1, errors_5xx: 0, model_latency_us: lat(38, 80), overhead_latency_us: lat(12, 25) },
        ],
      },
      { name: 'B', totals: { invocations: 0, errors_4xx: 0, errors_5xx: 0 }, points: [] },
    ],
  };

  it('fills seconds without traffic with zeros over a fixed window ending at 0', () => {
    const c = metricsCharts(m);
    expect(c.xMin).toBe(-10);
    expect(c.xMax).toBe(0);
    expect(c.invocations.map((s) => s.name)).toEqual(['A', 'B']);
    const a = c.invocations[0].points;
    expect(a).toHaveLength(11);
    expect(a[0]).toEqual([-10, 0]);
    expect(a[3]).toEqual([-7, 3]);
    expect(a[9]).toEqual([-1, 4]);
    expect(a[10]).toEqual([0, 0]);
    expect(a.reduce((s, p) => s + p[1], 0)).toBe(7);
    expect(c.invocations[1].points.every((p) => p[1] === 0)).toBe(true);
    expect(c.peakPerSecond).toBe(4);
  });

  it('gives p50 and p99 of model and overhead latency per variant, at seconds with traffic', () => {
    const c = metricsCharts(m, { model: 'model', overhead: 'overhead' });
    expect(c.latency.map((s) => s.name)).toEqual([
      'A model p50', 'A model p99', 'A overhead p50', 'A overhead p99',
      'B model p50', 'B model p99', 'B overhead p50', 'B overhead p99',
    ]);
    expect(c.latency[0].points).toEqual([[-7, 40], [-1, 38]]);
    expect(c.latency[1].points).toEqual([[-7, 90], [-1, 80]]);
    expect(c.latency[1].dashed).toBe(true);
    expect(c.latency[3].points).toEqual([[-7, 20], [-1, 25]]);
    expect(c.latency[4].points).toEqual([]);
    expect(c.totals).toEqual([
      { variant: 'A', invocations: 7, errors_4xx: 1, errors_5xx: 0 },
      { variant: 'B', invocations: 0, errors_4xx: 0, errors_5xx: 0 },
    ]);
  });

  it('names latency series without the variant when there is one', () => {
    const one = metricsCharts({ ...m, variants: [m.variants[0]] });
    expect(one.latency.map((s) => s.name)).toEqual(['model p50', 'model p99', 'overhead p50', 'overhead p99']);
  });
});

describe('deploy strings', () => {
  it('has every key in English and Vietnamese, with the same placeholders', async () => {
    const { deploy: en } = await import('../i18n/en/deploy');
    const { deploy: vi } = await import('../i18n/vi/deploy');
    expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en)) {
      expect(key).toMatch(/^(deploy|endpoints)\./);
      expect([key, placeholders(vi[key])]).toEqual([key, placeholders(en[key])]);
    }
  });

  it('defines every deploy / endpoints key the pages use', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { deploy: en } = await import('../i18n/en/deploy');
    const root = new URL('..', import.meta.url).pathname;
    const files = [
      ...readdirSync(join(root, 'pages/endpoints')).filter((f) => f.endsWith('.tsx')).map((f) => join(root, 'pages/endpoints', f)),
      join(root, 'pages/models/RegistryBar.tsx'),
      join(root, 'components/SchemaForm.tsx'),
      join(root, 'lib/endpoints.ts'),
    ];
    const dynamic: Record<string, string[]> = {
      'deploy.play.rawHelp.': ['text/csv', 'application/json', 'application/jsonlines'],
      'deploy.snippets.': ['curl', 'python', 'boto3', 'aws'],
      'endpoints.busy.': ['Creating', 'Updating', 'Deleting'],
      'endpoints.state.': ['Creating', 'InService', 'Updating', 'Failed', 'Deleting'],
    };
    const used = new Set<string>();
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/'((?:deploy|endpoints)\.[\w.]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/`((?:deploy|endpoints)\.[\w.]+\.)\$\{/g)) {
        expect(Object.keys(dynamic)).toContain(m[1]);
        for (const suffix of dynamic[m[1]]) used.add(m[1] + suffix);
      }
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});
