// Small fetch wrapper for the Lathe API: JSON in, JSON out, and errors turned into ApiError with
// the server's code, message and details ({"error": {...}} per docs/api/datasets.md).
import { t } from '../i18n';
import type {
  ClassifierTraining,
  Dataset,
  DatasetList,
  InsightsReport,
  Model,
  ModelList,
  OperationList,
  PredictResult,
  PreviewResult,
  Profile,
  QueryResult,
  RecipeJson,
  RecipeList,
  RowsPage,
  SavedRecipe,
  TrainingJob,
  TrainingJobList,
  TransformResult,
} from './types';

export interface ErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(status: number, code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

// Builds an ApiError from a response body that may or may not be the documented error JSON.
export function errorFromBody(status: number, statusText: string, body: string): ApiError {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: string; message?: string; details?: ErrorDetails } };
    if (parsed && parsed.error) {
      return new ApiError(
        status,
        parsed.error.code ?? 'Error',
        parsed.error.message ?? statusText,
        parsed.error.details ?? {},
      );
    }
  } catch {
    // Not JSON: fall through to the plain message.
  }
  const text = body.trim().slice(0, 300);
  return new ApiError(status, 'HttpError', text || `${status} ${statusText || t('common.error.requestFailed')}`);
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError(0, 'NetworkError', t('common.error.unreachable', { reason: (e as Error).message }));
  }
  if (!response.ok) {
    throw errorFromBody(response.status, response.statusText, await response.text());
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  listDatasets: () => request<DatasetList>('GET', '/api/v1/datasets?limit=1000'),
  getDataset: (id: string) => request<Dataset>('GET', `/api/v1/datasets/${enc(id)}`),
  rows: (id: string, offset: number, limit: number) =>
    request<RowsPage>('GET', `/api/v1/datasets/${enc(id)}/rows?offset=${offset}&limit=${limit}`),
  profile: (id: string, target?: string) =>
    request<Profile>(
      'GET',
      `/api/v1/datasets/${enc(id)}/profile` + (target ? `?target=${enc(target)}` : ''),
    ),
  insights: (id: string, target?: string) =>
    request<InsightsReport>(
      'GET',
      `/api/v1/datasets/${enc(id)}/insights` + (target ? `?target=${enc(target)}` : ''),
    ),
  deleteDataset: (id: string) => request<void>('DELETE', `/api/v1/datasets/${enc(id)}`),
  downloadUrl: (id: string) => `/api/v1/datasets/${enc(id)}/download`,

  // Data preparation (docs/api/prep.md).
  operations: () => request<OperationList>('GET', '/api/v1/prep/operations'),
  preview: (body: PreviewRequest, signal?: AbortSignal) =>
    request<PreviewResult>('POST', '/api/v1/prep/preview', body, signal),
  transform: (id: string, recipe: RecipeJson, name?: string) =>
    request<TransformResult>('POST', `/api/v1/datasets/${enc(id)}/transform`, { recipe, name }),
  listRecipes: () => request<RecipeList>('GET', '/api/v1/recipes?limit=1000'),
  saveRecipe: (name: string, recipe: RecipeJson, description?: string) =>
    request<SavedRecipe>('POST', '/api/v1/recipes', { name, recipe, description }),
  deleteRecipe: (id: string) => request<void>('DELETE', `/api/v1/recipes/${enc(id)}`),
  query: (body: QueryRequest, signal?: AbortSignal) =>
    request<QueryResult>('POST', '/api/v1/query', body, signal),

  // Training and models (docs/api/training.md).
  startTraining: (body: Record<string, unknown>) => request<TrainingJob>('POST', '/api/v1/training-jobs', body),
  listTrainingJobs: () => request<TrainingJobList>('GET', '/api/v1/training-jobs?limit=50'),
  getTrainingJob: (id: string) => request<TrainingJob>('GET', `/api/v1/training-jobs/${enc(id)}`),
  stopTrainingJob: (id: string, keepBest = false) =>
    request<TrainingJob>('DELETE', `/api/v1/training-jobs/${enc(id)}${keepBest ? '?keep_best=true' : ''}`),
  trainingEventsUrl: (id: string) => `/api/v1/training-jobs/${enc(id)}/events`,
  classifierTraining: (name: string) =>
    request<ClassifierTraining>('GET', `/api/v1/text/classifiers/${enc(name)}`),
  listModels: () => request<ModelList>('GET', '/api/v1/models?limit=1000'),
  getModel: (id: string) => request<Model>('GET', `/api/v1/models/${enc(id)}`),
  deleteModel: (id: string) => request<void>('DELETE', `/api/v1/models/${enc(id)}`),
  predict: (id: string, rows: Record<string, unknown>[]) =>
    request<PredictResult>('POST', `/api/v1/models/${enc(id)}/predict`, { rows }),
  modelDownloadUrl: (id: string) => `/api/v1/models/${enc(id)}/download`,
};

export interface PreviewRequest {
  dataset: string;
  recipe: RecipeJson;
  rows?: number;
  sample?: boolean;
  limit?: number;
}

export interface QueryRequest {
  sql: string;
  datasets: Record<string, string>;
  limit?: number;
  save_as?: string;
}
