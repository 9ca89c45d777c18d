// Client of the deploy API (docs/api/deploy.md): the registry's approval routes, endpoints, their
// metrics, and SageMaker Runtime invocations (whose answer is returned raw, with its status and
// headers, for the playground to show as it came).
import { ApiError, errorFromBody } from './client';
import type { Model } from './types';
import type { EndpointMetrics } from '../lib/endpoints';

export type ApprovalStatus = 'PendingManualApproval' | 'Approved' | 'Rejected' | string;

// A model with the registry's fields (all optional: a server before the registry lacks them).
export interface RegistryModel extends Model {
  approval_status?: ApprovalStatus;
  approval_history?: { status: string; previous_status?: string | null; reason?: string | null; at: string }[];
  description?: string;
  tags?: Record<string, string>;
}

// A batch transform job (docs/api/deploy.md, "Batch transform").
export interface TransformJob {
  id: string;
  state: string; // Pending, InProgress, Completed, Failed, Stopping, Stopped
  failure_reason?: string | null;
  model: { id: string; name: string; version: number };
  dataset: { id: string; name: string; version: number; rows: number };
  output_name: string;
  include_input: boolean;
  problem_type?: string;
  columns?: string[];
  progress?: { rows_done: number; rows_total: number };
  output_dataset?: { id: string; name: string; version: number; rows: number; bytes: number } | null;
  elapsed_seconds?: number;
}

// POST /api/v1/models/{id}/explain (docs/api/training.md, "Explain").
export interface Explanation {
  member_learner: string;
  space: string;
  columns: string[];
  predictions: ({ label: string; probabilities: Record<string, number> } | { value: number })[];
  explanations: { bias: number; contributions: Record<string, number> }[];
  millis?: number;
}

export interface EndpointVariant {
  name: string;
  model_id: string;
  model_name?: string;
  model_version?: number;
  weight: number;
  state?: string;
}

export interface Endpoint {
  name: string;
  id: string;
  state: string; // Creating, InService, Updating, Failed, Deleting
  failure_reason?: string | null;
  variants: EndpointVariant[];
  data_capture?: { enabled: boolean; sampling_percentage: number };
  created_at: string;
  updated_at?: string;
  invocation_url?: string;
}

export interface EndpointList {
  endpoints: Endpoint[];
}

export interface VariantSpec {
  name?: string;
  model_id: string;
  weight?: number;
}

export interface InvokeRequest {
  contentType: string;
  accept?: string;
  body: string;
  targetVariant?: string;
}

export interface InvokeResult {
  ok: boolean;
  status: number;
  statusText: string;
  millis: number;
  headers: [string, string][];
  contentType: string;
  variant: string | null;
  errorType: string | null;
  body: string;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `Cannot reach the Lathe server (${(e as Error).message})`);
  }
  if (!response.ok) throw errorFromBody(response.status, response.statusText, await response.text());
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

const enc = encodeURIComponent;

export const deployApi = {
  approveModel: (id: string, reason?: string) =>
    call<RegistryModel>('POST', `/api/v1/models/${enc(id)}/approve`, reason ? { reason } : {}),
  rejectModel: (id: string, reason?: string) =>
    call<RegistryModel>('POST', `/api/v1/models/${enc(id)}/reject`, reason ? { reason } : {}),

  explain: (id: string, rows: Record<string, unknown>[]) =>
    call<Explanation>('POST', `/api/v1/models/${enc(id)}/explain`, { rows }),

  createTransformJob: (body: { model_id: string; dataset_id: string; include_input?: boolean; output_name?: string }) =>
    call<TransformJob>('POST', '/api/v1/transform-jobs', body),
  getTransformJob: (id: string) => call<TransformJob>('GET', `/api/v1/transform-jobs/${enc(id)}`),
  stopTransformJob: (id: string) => call<TransformJob>('DELETE', `/api/v1/transform-jobs/${enc(id)}`),

  listEndpoints: () => call<EndpointList>('GET', '/api/v1/endpoints'),
  getEndpoint: (name: string) => call<Endpoint>('GET', `/api/v1/endpoints/${enc(name)}`),
  createEndpoint: (name: string, variants: VariantSpec[]) =>
    call<Endpoint>('POST', '/api/v1/endpoints', { name, variants }),
  updateEndpoint: (name: string, variants: VariantSpec[]) =>
    call<Endpoint>('PUT', `/api/v1/endpoints/${enc(name)}`, { variants }),
  deleteEndpoint: (name: string) => call<void>('DELETE', `/api/v1/endpoints/${enc(name)}`),
  metrics: (name: string, seconds = 300) =>
    call<EndpointMetrics>('GET', `/api/v1/endpoints/${enc(name)}/metrics?seconds=${seconds}`),

  // POST /endpoints/{name}/invocations. Resolves for every HTTP answer (ok or not); rejects only
  // when the server cannot be reached.
  invoke: async (name: string, req: InvokeRequest): Promise<InvokeResult> => {
    const headers: Record<string, string> = { 'Content-Type': req.contentType };
    if (req.accept) headers.Accept = req.accept;
    if (req.targetVariant) headers['X-Amzn-SageMaker-Target-Variant'] = req.targetVariant;
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(`/endpoints/${enc(name)}/invocations`, { method: 'POST', headers, body: req.body });
    } catch (e) {
      throw new ApiError(0, 'NetworkError', `Cannot reach the Lathe server (${(e as Error).message})`);
    }
    const body = await response.text();
    const millis = performance.now() - started;
    const list: [string, string][] = [];
    response.headers.forEach((value, key) => list.push([key, value]));
    list.sort((a, b) => a[0].localeCompare(b[0]));
    return {
      ok: response.ok,
      status: response.status,
      statusText: response.statusText,
      millis,
      headers: list,
      contentType: response.headers.get('Content-Type') ?? '',
      variant: response.headers.get('X-Amzn-Invoked-Production-Variant'),
      errorType: response.headers.get('X-Amzn-ErrorType'),
      body,
    };
  },
};
