// Pure logic of the Deploy pages (docs/api/deploy.md): endpoint names, the playground's request
// body from form values (CSV with RFC 4180 quoting, JSON, JSON Lines), copyable snippets (curl,
// Python requests, boto3, aws-cli), parsing an invocation's answer into predictions, variant
// validation and the metrics time series turned into chart series.
import type { InputColumn, Model } from '../api/types';
import { whatIfFieldType } from './model';

// --- Endpoint and variant names ------------------------------------------------------------

// SageMaker's rule for endpoint and variant names: letters, digits and single or repeated
// dashes between them, at most 63 characters.
export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const NAME_MAX = 63;

// A valid endpoint name derived from a model name: lower case, accents dropped, every run of
// other characters one dash, no dash at either end, at most 63 characters. "Iris_Species v2"
// -> "iris-species-v2". Falls back to "endpoint" when nothing is left.
export function suggestEndpointName(modelName: string): string {
  const ascii = modelName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  let name = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  name = name.slice(0, NAME_MAX).replace(/-+$/, '');
  return name || 'endpoint';
}

// `base`, or `base-2`, `base-3`… the first that is not in `taken` (still at most 63 characters).
export function uniqueEndpointName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) {
    const suffix = `-${i}`;
    const candidate = base.slice(0, NAME_MAX - suffix.length).replace(/-+$/, '') + suffix;
    if (!used.has(candidate)) return candidate;
  }
}

// Why `name` is not a valid endpoint or variant name, or null when it is. The reason is a key
// of the deploy i18n catalog plus its parameters.
export function nameProblem(name: string): { key: string; params?: Record<string, string | number> } | null {
  if (name === '') return { key: 'deploy.name.empty' };
  if (name.length > NAME_MAX) return { key: 'deploy.name.tooLong', params: { max: NAME_MAX, length: name.length } };
  const bad = /[^a-zA-Z0-9-]/.exec(name);
  if (bad) return { key: 'deploy.name.badChar', params: { char: bad[0], position: bad.index + 1 } };
  if (!NAME_PATTERN.test(name)) return { key: 'deploy.name.dashEnds' };
  return null;
}

// --- Endpoint states -----------------------------------------------------------------------

export type StateTone = 'ok' | 'busy' | 'failed' | 'neutral';

export function stateTone(state: string | undefined): StateTone {
  switch (state) {
    case 'InService':
      return 'ok';
    case 'Creating':
    case 'Updating':
    case 'Deleting':
      return 'busy';
    case 'Failed':
      return 'failed';
    default:
      return 'neutral';
  }
}

// True while the endpoint is changing state, so its page polls.
export function isTransitional(state: string | undefined): boolean {
  return stateTone(state) === 'busy';
}

// --- The playground's request body ---------------------------------------------------------

// The model's raw input columns as a form schema: the training schema (types, categories,
// medians) when the model has no recipe, otherwise the raw column names as text (the schema
// then describes the recipe's output, not what the endpoint takes).
export function playgroundSchema(model: Pick<Model, 'input_schema' | 'input_columns' | 'has_recipe'>): InputColumn[] {
  const columns = model.input_columns ?? model.input_schema?.map((c) => c.name) ?? [];
  if (model.input_schema && model.input_schema.length > 0 && !model.has_recipe) {
    const byName = new Map(model.input_schema.map((c) => [c.name, c]));
    return columns.map((name) => byName.get(name) ?? { name, type: 'text' });
  }
  return columns.map((name) => ({ name, type: 'text' }));
}

export type RowValue = string | number | boolean | null;

export type FieldProblem = { key: string; params: Record<string, string | number> };

// The typed row from the form's text values: numbers parsed (blank = missing), booleans as
// booleans, everything else as typed. Values that do not parse are reported per column as i18n
// keys naming the column and the text.
export function playgroundRow(
  schema: readonly InputColumn[],
  values: Record<string, string>,
): { ok: true; row: Record<string, RowValue> } | { ok: false; errors: Record<string, FieldProblem> } {
  const row: Record<string, RowValue> = {};
  const errors: Record<string, FieldProblem> = {};
  for (const c of schema) {
    const raw = values[c.name] ?? '';
    const text = raw.trim();
    const type = whatIfFieldType(c);
    if (text === '') {
      row[c.name] = null;
    } else if (type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[c.name] = { key: 'deploy.form.notNumber', params: { column: c.name, text } };
      else if (c.type === 'int64' && !Number.isInteger(n)) errors[c.name] = { key: 'deploy.form.notInteger', params: { column: c.name, text } };
      else row[c.name] = n;
    } else if (type === 'boolean') {
      row[c.name] = text === 'true';
    } else {
      row[c.name] = raw;
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, row };
}

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote, a line break or
// leading / trailing spaces, with quotes doubled; null is the empty (missing) field.
export function csvField(value: RowValue): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  if (/[",\r\n]/.test(text) || /^\s|\s$/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

// One CSV line (no header, no line break) with the values in `columns` order.
export function csvRow(columns: readonly string[], row: Record<string, RowValue>): string {
  return columns.map((c) => csvField(row[c] ?? null)).join(',');
}

export type ContentType = 'text/csv' | 'application/json' | 'application/jsonlines';
export const CONTENT_TYPES: ContentType[] = ['text/csv', 'application/json', 'application/jsonlines'];
export const ACCEPT_TYPES: ContentType[] = ['application/json', 'application/jsonlines', 'text/csv'];

// The row as an object keyed by column name in `columns` order; missing values are left out
// (the contract reads a missing key as a missing value).
function rowObject(columns: readonly string[], row: Record<string, RowValue>): Record<string, RowValue> {
  const out: Record<string, RowValue> = {};
  for (const c of columns) {
    const v = row[c];
    if (v !== null && v !== undefined) out[c] = v;
  }
  return out;
}

// The invocation body for one row in the given content type.
export function requestBody(contentType: ContentType, columns: readonly string[], row: Record<string, RowValue>): string {
  switch (contentType) {
    case 'text/csv':
      return csvRow(columns, row);
    case 'application/json':
      return JSON.stringify({ instances: [rowObject(columns, row)] });
    case 'application/jsonlines':
      return JSON.stringify(rowObject(columns, row));
  }
}

// --- Snippets --------------------------------------------------------------------------------

export interface SnippetInput {
  origin: string; // e.g. http://127.0.0.1:8080 (window.location.origin)
  endpoint: string;
  contentType: string;
  body: string;
  targetVariant?: string;
}

// `s` quoted for a POSIX shell: single quotes, each ' written as '\''.
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// `s` as a Python string literal (a JSON string is one: \n, \", \\ and \uXXXX read the same).
export function pythonString(s: string): string {
  return JSON.stringify(s);
}

export function invocationUrl(origin: string, endpoint: string): string {
  return `${origin.replace(/\/+$/, '')}/endpoints/${encodeURIComponent(endpoint)}/invocations`;
}

export function curlSnippet(s: SnippetInput): string {
  const lines = [
    `curl -sS -X POST ${shellQuote(invocationUrl(s.origin, s.endpoint))}`,
    `  -H ${shellQuote(`Content-Type: ${s.contentType}`)}`,
  ];
  if (s.targetVariant) lines.push(`  -H ${shellQuote(`X-Amzn-SageMaker-Target-Variant: ${s.targetVariant}`)}`);
  lines.push(`  --data-binary ${shellQuote(s.body)}`);
  return lines.join(' \\\n');
}

export function pythonRequestsSnippet(s: SnippetInput): string {
  const headers = [`"Content-Type": ${pythonString(s.contentType)}`];
  if (s.targetVariant) headers.push(`"X-Amzn-SageMaker-Target-Variant": ${pythonString(s.targetVariant)}`);
  return [
    'import requests',
    '',
    'response = requests.post(',
    `    ${pythonString(invocationUrl(s.origin, s.endpoint))},`,
    `    headers={${headers.join(', ')}},`,
    `    data=${pythonString(s.body)}.encode("utf-8"),`,
    ')',
    'response.raise_for_status()',
    'print(response.headers["X-Amzn-Invoked-Production-Variant"])',
    'print(response.json())',
    '',
  ].join('\n');
}

export function boto3Snippet(s: SnippetInput): string {
  const args = [
    `    EndpointName=${pythonString(s.endpoint)},`,
    `    ContentType=${pythonString(s.contentType)},`,
    `    Body=${pythonString(s.body)}.encode("utf-8"),`,
  ];
  if (s.targetVariant) args.push(`    TargetVariant=${pythonString(s.targetVariant)},`);
  return [
    'import boto3',
    'from botocore import UNSIGNED',
    'from botocore.config import Config',
    '',
    '# Unsigned requests are accepted from this machine; with an API key, drop `config` and pass',
    '# aws_access_key_id / aws_secret_access_key instead.',
    'runtime = boto3.client(',
    '    "sagemaker-runtime",',
    `    endpoint_url=${pythonString(s.origin.replace(/\/+$/, ''))},`,
    '    region_name="us-east-1",',
    '    config=Config(signature_version=UNSIGNED),',
    ')',
    'response = runtime.invoke_endpoint(',
    ...args,
    ')',
    'print(response["InvokedProductionVariant"])',
    'print(response["Body"].read().decode("utf-8"))',
    '',
  ].join('\n');
}

export function awsCliSnippet(s: SnippetInput): string {
  const lines = [
    'aws sagemaker-runtime invoke-endpoint',
    `  --endpoint-url ${shellQuote(s.origin.replace(/\/+$/, ''))}`,
    `  --endpoint-name ${shellQuote(s.endpoint)}`,
    `  --content-type ${shellQuote(s.contentType)}`,
    `  --body ${shellQuote(s.body)}`,
  ];
  if (s.targetVariant) lines.push(`  --target-variant ${shellQuote(s.targetVariant)}`);
  lines.push('  --cli-binary-format raw-in-base64-out', '  --region us-east-1 --no-sign-request', '  /dev/stdout');
  return lines.join(' \\\n');
}

export type SnippetKind = 'curl' | 'python' | 'boto3' | 'aws';
export const SNIPPET_KINDS: SnippetKind[] = ['curl', 'python', 'boto3', 'aws'];

export function snippet(kind: SnippetKind, s: SnippetInput): string {
  switch (kind) {
    case 'curl':
      return curlSnippet(s);
    case 'python':
      return pythonRequestsSnippet(s);
    case 'boto3':
      return boto3Snippet(s);
    case 'aws':
      return awsCliSnippet(s);
  }
}

// --- Parsing an invocation's answer -------------------------------------------------------------

export type ParsedPrediction =
  | { kind: 'class'; label: string; probabilities: { label: string; probability: number }[] }
  | { kind: 'value'; value: number };

// Splits one CSV line into fields (RFC 4180 quotes).
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      out.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  out.push(field);
  return out;
}

function sortProbabilities(p: Record<string, number>): { label: string; probability: number }[] {
  return Object.entries(p)
    .filter(([, v]) => typeof v === 'number')
    .map(([label, probability]) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
}

function fromJsonObject(o: unknown): ParsedPrediction | null {
  if (!o || typeof o !== 'object') return null;
  const p = o as { predicted_label?: unknown; probabilities?: unknown; score?: unknown };
  if (p.predicted_label !== undefined && p.predicted_label !== null) {
    const probs = p.probabilities && typeof p.probabilities === 'object' ? (p.probabilities as Record<string, number>) : {};
    return { kind: 'class', label: String(p.predicted_label), probabilities: sortProbabilities(probs) };
  }
  if (typeof p.score === 'number') return { kind: 'value', value: p.score };
  return null;
}

// The predictions in an invocation's response body, whatever its content type; `classes` (the
// model's class order) reads the probabilities of CSV answers. Null when the body is not an answer
// this knows (it is then shown raw only).
export function parsePredictions(contentType: string, body: string, classes?: readonly string[]): ParsedPrediction[] | null {
  const type = contentType.split(';')[0].trim().toLowerCase();
  try {
    if (type === 'application/json') {
      const parsed = JSON.parse(body) as { predictions?: unknown[] };
      if (!parsed || !Array.isArray(parsed.predictions)) return null;
      const out = parsed.predictions.map(fromJsonObject);
      return out.every((p) => p !== null) ? (out as ParsedPrediction[]) : null;
    }
    if (type === 'application/jsonlines' || type === 'application/x-ndjson') {
      const out = body.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => fromJsonObject(JSON.parse(l)));
      return out.every((p) => p !== null) ? (out as ParsedPrediction[]) : null;
    }
  } catch {
    return null;
  }
  if (type === 'text/csv') {
    const out: ParsedPrediction[] = [];
    for (const line of body.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const fields = parseCsvLine(line);
      if (classes && classes.length > 0 && fields.length === classes.length + 1) {
        const probs: Record<string, number> = {};
        classes.forEach((c, i) => {
          probs[c] = Number(fields[i + 1]);
        });
        out.push({ kind: 'class', label: fields[0], probabilities: sortProbabilities(probs) });
      } else if (fields.length === 1 && (!classes || classes.length === 0) && fields[0] !== '' && Number.isFinite(Number(fields[0]))) {
        out.push({ kind: 'value', value: Number(fields[0]) });
      } else if (fields.length >= 1) {
        out.push({ kind: 'class', label: fields[0], probabilities: [] });
      }
    }
    return out.length ? out : null;
  }
  return null;
}

// An invocation error as the rest-json protocol sends it: the code from X-Amzn-ErrorType (which
// may carry a ":<url>" suffix), the message from the body's message / Message, and the model's
// own message (OriginalMessage) for ModelError.
export function invocationError(
  status: number,
  errorType: string | null,
  body: string,
): { status: number; code: string; message: string; original?: string } {
  let code = (errorType ?? '').split(':')[0].trim();
  let message = '';
  let original: string | undefined;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    message = String(parsed.message ?? parsed.Message ?? '');
    if (typeof parsed.OriginalMessage === 'string') original = parsed.OriginalMessage;
    if (!code && typeof parsed.__type === 'string') code = parsed.__type.split('#').pop() ?? '';
    if (!code && parsed.error && typeof parsed.error === 'object') {
      const e = parsed.error as { code?: string; message?: string };
      code = e.code ?? '';
      message = message || e.message || '';
    }
  } catch {
    message = body.trim().slice(0, 500);
  }
  return { status, code: code || `HTTP ${status}`, message: message || `HTTP ${status}`, original: original !== message ? original : undefined };
}

// --- Variants ----------------------------------------------------------------------------------

export interface VariantDraft {
  name: string;
  model_id: string;
  weight: string; // as typed
}

// Each variant's share of the traffic (weight / total); zeros when no weight is positive.
export function trafficShares(weights: readonly number[]): number[] {
  const total = weights.reduce((a, w) => a + (Number.isFinite(w) && w > 0 ? w : 0), 0);
  return weights.map((w) => (total > 0 && Number.isFinite(w) && w > 0 ? w / total : 0));
}

export interface VariantErrors {
  rows: Record<number, { field: 'name' | 'model_id' | 'weight'; key: string; params?: Record<string, string | number> }[]>;
  form: { key: string; params?: Record<string, string | number> } | null;
}

// Checks the variants before a PUT: each needs a valid unique name, a model and a weight >= 0,
// and at least one weight must be positive. Messages are i18n keys with parameters.
export function validateVariants(variants: readonly VariantDraft[]): VariantErrors {
  const errors: VariantErrors = { rows: {}, form: null };
  const add = (i: number, e: VariantErrors['rows'][number][number]) => {
    (errors.rows[i] ??= []).push(e);
  };
  if (variants.length === 0) errors.form = { key: 'endpoints.variants.none' };
  const seen = new Map<string, number>();
  variants.forEach((v, i) => {
    const problem = nameProblem(v.name.trim());
    if (problem) add(i, { field: 'name', ...problem });
    const prev = seen.get(v.name.trim());
    if (prev !== undefined) add(i, { field: 'name', key: 'endpoints.variants.duplicate', params: { name: v.name.trim(), row: prev + 1 } });
    else seen.set(v.name.trim(), i);
    if (!v.model_id) add(i, { field: 'model_id', key: 'endpoints.variants.noModel' });
    const w = Number(v.weight);
    if (v.weight.trim() === '' || !Number.isFinite(w) || w < 0) {
      add(i, { field: 'weight', key: 'endpoints.variants.badWeight', params: { value: v.weight } });
    }
  });
  if (variants.length > 0 && !errors.form) {
    const weights = variants.map((v) => Number(v.weight));
    if (weights.every((w) => !(Number.isFinite(w) && w > 0))) errors.form = { key: 'endpoints.variants.allZero' };
  }
  return errors;
}

export function hasVariantErrors(e: VariantErrors): boolean {
  return e.form !== null || Object.keys(e.rows).length > 0;
}

// A variant name not yet used: "Variant2", "Variant3"…
export function nextVariantName(existing: readonly string[]): string {
  const used = new Set(existing);
  for (let i = existing.length + 1; ; i++) {
    if (!used.has(`Variant${i}`)) return `Variant${i}`;
  }
}

// --- Metrics -------------------------------------------------------------------------------------

export interface LatencyStats {
  avg: number;
  p50: number;
  p99: number;
  max: number;
}

export interface MetricsPoint {
  t: number;
  invocations: number;
  errors_4xx: number;
  errors_5xx: number;
  model_latency_us?: LatencyStats | null;
  overhead_latency_us?: LatencyStats | null;
}

export interface EndpointMetrics {
  endpoint: string;
  interval_seconds: number;
  from: number;
  to: number;
  variants: {
    name: string;
    totals: { invocations: number; errors_4xx: number; errors_5xx: number };
    points: MetricsPoint[];
  }[];
}

export interface ChartSeries {
  name: string;
  points: [number, number][];
  color?: string;
  dashed?: boolean;
  area?: boolean;
  step?: boolean;
}

export interface MetricsCharts {
  // x is seconds relative to `to` (-window … 0), so the axis stays put while data streams in.
  xMin: number;
  xMax: number;
  invocations: ChartSeries[];
  latency: ChartSeries[];
  totals: { variant: string; invocations: number; errors_4xx: number; errors_5xx: number }[];
  peakPerSecond: number;
}

const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ec4899', '#8b5cf6'];
const LATENCY_PALETTE = [
  ['#4f46e5', '#a5b4fc'],
  ['#0891b2', '#67e8f9'],
  ['#059669', '#6ee7b7'],
  ['#d97706', '#fcd34d'],
];

// Chart series from GET /endpoints/{name}/metrics: invocations per second for every second of
// the window [from, to] (seconds the server omits had no traffic, so they are zeros), and per variant the
// p50 and p99 of model and overhead latency in microseconds at the seconds that had traffic.
export function metricsCharts(m: EndpointMetrics, labels: { model: string; overhead: string } = { model: 'model', overhead: 'overhead' }): MetricsCharts {
  const interval = m.interval_seconds > 0 ? m.interval_seconds : 1;
  const span = Math.max(interval, m.to - m.from);
  const invocations: ChartSeries[] = [];
  const latency: ChartSeries[] = [];
  let peak = 0;
  m.variants.forEach((v, vi) => {
    const byT = new Map<number, MetricsPoint>();
    for (const p of v.points) byT.set(p.t, p);
    const points: [number, number][] = [];
    for (let t = m.from; t <= m.to; t += interval) {
      const n = (byT.get(t)?.invocations ?? 0) / interval;
      peak = Math.max(peak, n);
      points.push([t - m.to, n]);
    }
    // Points outside the window (clock skew) still count.
    for (const p of v.points) {
      if (p.t < m.from || p.t > m.to) peak = Math.max(peak, p.invocations / interval);
    }
    invocations.push({ name: v.name, points, color: PALETTE[vi % PALETTE.length], area: true });
    const sorted = [...v.points].sort((a, b) => a.t - b.t);
    const [strong, light] = LATENCY_PALETTE[vi % LATENCY_PALETTE.length];
    const series = (pick: (p: MetricsPoint) => number | undefined, name: string, color: string, dashed: boolean) => {
      const pts: [number, number][] = [];
      for (const p of sorted) {
        const value = pick(p);
        if (typeof value === 'number' && Number.isFinite(value)) pts.push([p.t - m.to, value]);
      }
      latency.push({ name, points: pts, color, dashed });
    };
    const prefix = m.variants.length > 1 ? `${v.name} ` : '';
    series((p) => p.model_latency_us?.p50, `${prefix}${labels.model} p50`, strong, false);
    series((p) => p.model_latency_us?.p99, `${prefix}${labels.model} p99`, strong, true);
    series((p) => p.overhead_latency_us?.p50, `${prefix}${labels.overhead} p50`, light, false);
    series((p) => p.overhead_latency_us?.p99, `${prefix}${labels.overhead} p99`, light, true);
  });
  return {
    xMin: -span,
    xMax: 0,
    invocations,
    latency,
    totals: m.variants.map((v) => ({ variant: v.name, ...v.totals })),
    peakPerSecond: peak,
  };
}
