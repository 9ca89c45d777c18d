// Client of the AI services' native REST routes: text analytics (docs/api/text.md), translation
// (docs/api/translate.md), speech (docs/api/speech.md), documents (textract_handlers.cc) and
// faces (docs/api/vision.md). Errors become ApiError with the server's code and message.
import { ApiError, errorFromBody } from './client';
import { t } from '../i18n';
import type { Block, Pair, Voice } from '../lib/services';

export interface TextEntity {
  type: string;
  text: string;
  score: number;
  begin_offset: number;
  end_offset: number;
}
export interface Sentiment {
  sentiment: string;
  scores: { positive: number; negative: number; neutral: number; mixed: number };
}
export interface SyntaxToken {
  token_id: number;
  text: string;
  begin_offset: number;
  end_offset: number;
  tag: string;
  score: number;
  stem?: string;
}
export interface PiiResult {
  entities: TextEntity[];
  redacted_text?: string;
}

export interface TranslateResult {
  translated_text: string;
  source: string;
  target: string;
  pivot?: string;
  modes?: string[];
  applied_terms?: { terminology: string; source_text: string; target_text: string }[];
}
export interface Terminology {
  name: string;
  description?: string;
  source_language: string;
  target_languages: string[];
  term_count: number;
  skipped_term_count?: number;
  updated_at?: string;
}

export interface PageView {
  page: number;
  width: number;
  height: number;
  text_source: string;
  lines: { text: string; confidence: number; bounding_box: { left: number; top: number; width: number; height: number } }[];
  tables: { rows: string[][]; merged_cells: unknown[]; confidence: number }[];
  key_values: { key: string; value: string; confidence: number }[];
}
export interface DocumentAnalysis {
  document_metadata: { pages: number };
  format: string;
  pages: PageView[];
  blocks: Block[];
}

export type Point = [number, number];
export interface Face {
  box: { left: number; top: number; width: number; height: number };
  confidence: number;
  points: Point[];
  landmarks: Record<string, Point>;
  pose: { roll: number; yaw: number; pitch: number };
  quality: { brightness: number; sharpness: number };
  eyes_open?: { value: boolean; confidence: number };
  mouth_open?: { value: boolean; confidence: number };
}
export interface FacesResult {
  width: number;
  height: number;
  faces: Face[];
}

async function send(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: contentType ? { 'Content-Type': contentType } : undefined,
      body,
    });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', t('common.error.unreachable', { reason: (e as Error).message }));
  }
  if (!response.ok) throw errorFromBody(response.status, response.statusText, await response.text());
  return response;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const r = await send(method, path, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json');
  return r.status === 204 ? (undefined as T) : ((await r.json()) as T);
}

const text = (route: string) => <T,>(body: { text: string; language_code?: string }) =>
  json<T>('POST', `/api/v1/text/${route}`, body);

export interface SpeechRequest {
  text: string;
  voice: string;
  format: string;
  text_type: 'text' | 'ssml';
}

export const servicesApi = {
  detectLanguage: text('detect-language') as (b: { text: string }) => Promise<{ languages: { language_code: string; score: number }[] }>,
  sentiment: text('sentiment') as (b: { text: string; language_code: string }) => Promise<Sentiment>,
  entities: text('entities') as (b: { text: string; language_code: string }) => Promise<{ entities: TextEntity[] }>,
  pii: text('detect-pii?redact=true') as (b: { text: string; language_code: string }) => Promise<PiiResult>,
  keyPhrases: text('key-phrases') as (b: { text: string; language_code: string }) => Promise<{ key_phrases: Omit<TextEntity, 'type'>[] }>,
  syntax: text('syntax') as (b: { text: string; language_code: string }) => Promise<{ tokens: SyntaxToken[] }>,

  translateLanguages: () => json<{ languages: { code: string; name: string }[]; pairs: Pair[] }>('GET', '/api/v1/translate/languages'),
  translate: (b: { text: string; source: string; target: string; terminologies?: string[] }) =>
    json<TranslateResult>('POST', '/api/v1/translate', b),
  terminologies: () => json<{ terminologies: Terminology[] }>('GET', '/api/v1/translate/terminologies'),
  importTerminology: async (name: string, file: File) => {
    const format = /\.tsv$/i.test(file.name) ? 'TSV' : 'CSV';
    const r = await send('POST', `/api/v1/translate/terminologies?name=${encodeURIComponent(name)}&format=${format}`,
      file, format === 'TSV' ? 'text/tab-separated-values' : 'text/csv');
    return (await r.json()) as Terminology;
  },
  deleteTerminology: (name: string) => json<void>('DELETE', `/api/v1/translate/terminologies/${encodeURIComponent(name)}`),

  voices: () => json<{ voices: Voice[] }>('GET', '/api/v1/speech/voices'),
  // The audio as a Blob (its type from the answer's Content-Type).
  speechAudio: async (b: SpeechRequest) => {
    const r = await send('POST', '/api/v1/speech', JSON.stringify(b), 'application/json');
    return r.blob();
  },
  // Word (and sentence, ssml) speech marks as JSON Lines text.
  speechMarks: async (b: SpeechRequest) => {
    const marks = b.text_type === 'ssml' ? ['sentence', 'word', 'ssml'] : ['sentence', 'word'];
    const r = await send('POST', '/api/v1/speech', JSON.stringify({ ...b, format: 'json', speech_marks: marks }), 'application/json');
    return r.text();
  },

  analyzeDocument: (file: Blob) =>
    send('POST', '/api/v1/documents/analyze?features=tables,forms', file, file.type || 'application/octet-stream')
      .then((r) => r.json() as Promise<DocumentAnalysis>),
  detectFaces: (file: Blob) =>
    send('POST', '/api/v1/vision/faces', file, file.type || 'application/octet-stream').then((r) => r.json() as Promise<FacesResult>),
};
