// Dataset upload with progress: XMLHttpRequest (fetch has no upload progress), raw file body.
import { t } from '../i18n';
import { ApiError, errorFromBody } from './client';
import type { Dataset } from './types';

export interface UploadHandle {
  promise: Promise<Dataset>;
  abort: () => void;
}

// Content type from the file extension: JSON Lines or CSV (the server also sniffs).
export function contentTypeFor(fileName: string): string {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) {
    return 'application/x-ndjson';
  }
  return 'text/csv';
}

// "iris.csv" -> "iris"; "data.v2.jsonl" -> "data.v2".
export function datasetNameFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

// Starts POST /api/v1/datasets?name=NAME; onProgress gets a fraction in [0, 1].
export function uploadDataset(
  file: File,
  name: string,
  onProgress: (fraction: number) => void,
): UploadHandle {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Dataset>((resolve, reject) => {
    xhr.open('POST', `/api/v1/datasets?name=${encodeURIComponent(name)}`);
    xhr.setRequestHeader('Content-Type', contentTypeFor(file.name));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as Dataset);
        } catch {
          reject(new ApiError(xhr.status, 'BadResponse', t('common.error.badJson')));
        }
      } else {
        reject(errorFromBody(xhr.status, xhr.statusText, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'NetworkError', t('common.error.uploadNetwork')));
    xhr.onabort = () => reject(new ApiError(0, 'Aborted', t('common.error.uploadCancelled')));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
