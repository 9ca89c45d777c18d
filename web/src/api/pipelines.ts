// Client of the pipelines API (docs/api/pipelines.md): step types (the designer's palette and
// forms), pipeline documents (versioned by name, JSON or YAML), validation, runs, step logs and
// the run event stream. Errors are ApiError; a document that does not validate is a 400 whose
// details.errors lists {path, message} (see validationErrors()).
import { ApiError, errorFromBody } from './client';

export type ArtifactType = 'dataset' | 'model' | 'report' | 'endpoint' | string;

export interface StepPort {
  name: string;
  type: ArtifactType;
  required?: boolean;
}

export type PropertyType =
  | 'string' | 'number' | 'integer' | 'boolean' | 'string_list' | 'object' | 'step_list' | string;

export interface StepProperty {
  name: string;
  type: PropertyType;
  required?: boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  enum?: (string | number)[];
  description?: string;
}

export interface StepType {
  type: string;
  category: string;
  description?: string;
  inputs: StepPort[];
  outputs: StepPort[];
  properties: StepProperty[];
  cacheable?: boolean;
  // Query takes any number of inputs of this artifact type, named by the user (its SQL aliases).
  variadic_input_type?: ArtifactType;
}

export type ParameterType = 'string' | 'number' | 'integer' | 'boolean';

export interface PipelineParameter {
  type: ParameterType;
  default?: string | number | boolean;
  description?: string;
}

export interface PipelineStep {
  id: string;
  type: string;
  display_name?: string;
  inputs?: Record<string, string>;
  properties?: Record<string, unknown>;
  depends_on?: string[];
  retry?: { max_attempts?: number; backoff_seconds?: number };
  cache?: boolean;
}

export interface PipelineDoc {
  name: string;
  description?: string;
  parameters?: Record<string, PipelineParameter>;
  steps: PipelineStep[];
  layout?: Record<string, { x: number; y: number }>;
}

export interface Pipeline {
  id: string;
  name: string;
  version: number;
  created_at: string;
  description?: string;
  spec: PipelineDoc; // absent in the list
  step_count?: number;
  // In the list: the newest run of the pipeline, if any.
  last_run?: { id: string; state: RunState; created_at: string } | null;
}

export interface ValidationIssue {
  path: string;
  message: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: ValidationIssue[];
  order?: string[];
}

export type RunState = 'Executing' | 'Stopping' | 'Stopped' | 'Succeeded' | 'Failed' | string;
export type StepState = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Skipped' | 'Cached' | string;

export interface StepOutput {
  type: ArtifactType;
  id?: string;
  name?: string;
  version?: number;
  url?: string;
  metrics?: Record<string, number>;
  primary_metric?: string | { name: string; value?: number };
  evaluation?: {
    confusion_matrix?: { labels: string[]; counts: number[][] };
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface StepProgress {
  fraction?: number;
  trials?: number;
  best_score?: number | null;
  metric?: string;
}

export interface RunStep {
  type?: string;
  state: StepState;
  started_at?: string | null;
  ended_at?: string | null;
  attempts?: number;
  outputs?: Record<string, StepOutput | unknown>;
  error?: string | null;
  reason?: string | null;
  progress?: StepProgress;
  job_id?: string;
  cached_from?: string;
}

export interface PipelineRun {
  id: string;
  state: RunState;
  created_at: string;
  updated_at?: string;
  ended_at?: string | null;
  pipeline: { id: string; name: string; version: number };
  parameters: Record<string, unknown>;
  cache?: boolean;
  failure_reason?: string | null;
  retries?: number; // times the run was retried (POST .../retry)
  order?: string[];
  steps: Record<string, RunStep>;
}

// The events of GET /api/v1/pipeline-runs/{id}/events, by SSE event name.
export type RunEvent =
  | { kind: 'snapshot'; run: PipelineRun }
  | { kind: 'step'; step: string; state: StepState; run_state?: RunState; outputs?: RunStep['outputs']; error?: string | null; reason?: string | null; started_at?: string; ended_at?: string; time?: string }
  | { kind: 'log'; step: string; line: string }
  | { kind: 'progress'; step: string; fraction?: number; trials?: number; best_score?: number | null; metric?: string }
  | { kind: 'run'; state: RunState; failure_reason?: string | null };

export const RUN_EVENT_NAMES = ['snapshot', 'step', 'log', 'progress', 'run'] as const;

async function call<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = contentType ?? 'application/json';
    payload = typeof body === 'string' && contentType ? body : JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `Cannot reach the Lathe server (${(e as Error).message})`);
  }
  if (!response.ok) throw errorFromBody(response.status, response.statusText, await response.text());
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

// A document as JSON, or YAML text (sent as application/yaml).
export type DocBody = PipelineDoc | { yaml: string };

function bodyOf(doc: DocBody): [unknown, string | undefined] {
  return 'yaml' in doc ? [doc.yaml, 'application/yaml'] : [doc, undefined];
}

export const pipelinesApi = {
  stepTypes: () => call<{ step_types: StepType[] }>('GET', '/api/v1/pipeline-step-types'),
  list: () => call<{ pipelines: Pipeline[]; total?: number }>('GET', '/api/v1/pipelines'),
  get: (name: string, version?: number) =>
    call<Pipeline>('GET', `/api/v1/pipelines/${enc(name)}` + (version ? `?version=${version}` : '')),
  yamlUrl: (name: string, version?: number) =>
    `/api/v1/pipelines/${enc(name)}?format=yaml` + (version ? `&version=${version}` : ''),
  save: (doc: DocBody, name?: string) => {
    const [body, type] = bodyOf(doc);
    return call<Pipeline>('POST', '/api/v1/pipelines' + (name ? `?name=${enc(name)}` : ''), body, type);
  },
  validate: (doc: DocBody) => {
    const [body, type] = bodyOf(doc);
    return call<ValidationResult>('POST', '/api/v1/pipelines/validate', body, type);
  },
  remove: (name: string) => call<void>('DELETE', `/api/v1/pipelines/${enc(name)}`),

  startRun: (name: string, body: { parameters?: Record<string, unknown>; version?: number; cache?: boolean }) =>
    call<PipelineRun>('POST', `/api/v1/pipelines/${enc(name)}/runs`, body),
  listRuns: (pipeline?: string) =>
    call<{ runs: PipelineRun[]; total?: number }>(
      'GET', '/api/v1/pipeline-runs' + (pipeline ? `?pipeline=${enc(pipeline)}` : ''),
    ),
  getRun: (id: string) => call<PipelineRun>('GET', `/api/v1/pipeline-runs/${enc(id)}`),
  stopRun: (id: string) => call<PipelineRun>('POST', `/api/v1/pipeline-runs/${enc(id)}/stop`),
  retryRun: (id: string) => call<PipelineRun>('POST', `/api/v1/pipeline-runs/${enc(id)}/retry`),
  stepLogs: async (id: string, step: string): Promise<string> => {
    const response = await fetch(`/api/v1/pipeline-runs/${enc(id)}/steps/${enc(step)}/logs`);
    if (!response.ok) throw errorFromBody(response.status, response.statusText, await response.text());
    return response.text();
  },
  eventsUrl: (id: string) => `/api/v1/pipeline-runs/${enc(id)}/events`,
};

// The {path, message} list of a 400 ValidationError (empty for any other error).
export function validationErrors(error: unknown): ValidationIssue[] {
  if (!(error instanceof ApiError)) return [];
  const list = (error.details as { errors?: unknown }).errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((e): e is ValidationIssue => !!e && typeof (e as ValidationIssue).message === 'string')
    .map((e) => ({ path: String(e.path ?? ''), message: e.message }));
}
