// Small fetch wrapper for the Lathe API: JSON in, JSON out, and errors turned into ApiError with
// the server's code, message and details ({"error": {...}} per docs/api/datasets.md).
import type { Dataset, DatasetList, Profile, RowsPage } from './types';

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
  return new ApiError(status, 'HttpError', text || `${status} ${statusText || 'request failed'}`);
}

async function request<T>(method: string, path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method, headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', `Cannot reach the Lathe server (${(e as Error).message})`);
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
  deleteDataset: (id: string) => request<void>('DELETE', `/api/v1/datasets/${enc(id)}`),
  downloadUrl: (id: string) => `/api/v1/datasets/${enc(id)}/download`,
};
