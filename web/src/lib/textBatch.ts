// Pure logic of the Text page's batch mode (pages/services/TextBatch.tsx): documents from pasted
// lines or a CSV / text file, the Comprehend Batch* calls in chunks of 25 with per-document
// errors, and the results as CSV and JSON. The AWS call is injected, so the runner is unit-tested
// with a fake (textBatch.test.ts); no React, no fetch.

// ---- documents -----------------------------------------------------------------------------

// Comprehend's limit of documents per Batch* request.
export const BATCH_SIZE = 25;

// Documents from pasted text: one per line (CRLF or LF). Blank lines separate nothing and are
// dropped, so pasting a paragraph list works; a line of spaces is blank too.
export function documentsFromLines(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

// Parses CSV text (RFC 4180: quoted fields with commas, doubled quotes and newlines; CRLF; a
// UTF-8 BOM) into rows of fields. The delimiter is the one of ',', ';', '\t' that occurs most in
// the first line outside quotes (',' on a tie). A last empty line is not a row.
export function parseCsv(text: string): string[][] {
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const delimiter = sniffDelimiter(src);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function sniffDelimiter(src: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of src) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ',';
}

// A parsed table file: its header and rows (short rows padded with '').
export interface CsvTable {
  columns: string[];
  rows: string[][];
}

// The first row as the header; an empty header cell becomes "column_<n>" (1-based).
export function csvTable(text: string): CsvTable {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const columns = header.map((c, i) => (c.trim() === '' ? `column_${i + 1}` : c.trim()));
  const body = rows.slice(1).map((r) => columns.map((_, i) => r[i] ?? ''));
  return { columns, rows: body };
}

const TEXT_NAMES = /^(text|review|reviews|document|documents|comment|comments|body|message|content|sentence|description)$/i;

// The column most likely to hold the documents: one named like text / review / comment…, else
// the one with the longest average value. -1 for a table without columns.
export function guessTextColumn(table: CsvTable): number {
  const named = table.columns.findIndex((c) => TEXT_NAMES.test(c));
  if (named >= 0) return named;
  let best = -1;
  let bestLength = -1;
  table.columns.forEach((_, i) => {
    const total = table.rows.reduce((sum, r) => sum + (r[i]?.length ?? 0), 0);
    const average = table.rows.length ? total / table.rows.length : 0;
    if (average > bestLength) {
      best = i;
      bestLength = average;
    }
  });
  return best;
}

// Whether a file is read as a table (CSV / TSV) rather than one document per line.
export function isTableFile(name: string): boolean {
  return /\.(csv|tsv)$/i.test(name);
}

// ---- the analyses --------------------------------------------------------------------------

export type BatchAnalysis = 'language' | 'sentiment' | 'entities' | 'keyPhrases' | 'pii' | 'syntax';
export const BATCH_ANALYSES: BatchAnalysis[] = ['language', 'sentiment', 'entities', 'keyPhrases', 'pii', 'syntax'];

// The Comprehend operation of each analysis. PII has no Batch* operation in Comprehend, so it is
// one DetectPiiEntities call per document.
export const BATCH_OPERATION: Record<BatchAnalysis, { operation: string; batch: boolean; language: boolean }> = {
  language: { operation: 'BatchDetectDominantLanguage', batch: true, language: false },
  sentiment: { operation: 'BatchDetectSentiment', batch: true, language: true },
  entities: { operation: 'BatchDetectEntities', batch: true, language: true },
  keyPhrases: { operation: 'BatchDetectKeyPhrases', batch: true, language: true },
  syntax: { operation: 'BatchDetectSyntax', batch: true, language: true },
  pii: { operation: 'DetectPiiEntities', batch: false, language: true },
};

export interface Entity {
  Type?: string;
  Text?: string;
  Score: number;
  BeginOffset: number;
  EndOffset: number;
}
export interface SyntaxToken {
  TokenId: number;
  Text: string;
  BeginOffset: number;
  EndOffset: number;
  PartOfSpeech: { Tag: string; Score: number };
}

// What one document got from each analysis (the AWS answer's members, unchanged).
export interface DocumentResults {
  language?: { LanguageCode: string; Score: number }[];
  sentiment?: { Sentiment: string; SentimentScore: { Positive: number; Negative: number; Neutral: number; Mixed: number } };
  entities?: Entity[];
  keyPhrases?: Entity[];
  pii?: Entity[];
  syntax?: SyntaxToken[];
}

// An analysis that failed for one document: Comprehend's ErrorCode (or the exception's name
// when the whole request was refused) and the message.
export interface DocumentError {
  analysis: BatchAnalysis;
  code: string;
  message: string;
}

export interface DocumentRow {
  index: number; // 0-based position in the input
  text: string;
  results: DocumentResults;
  errors: DocumentError[];
}

// The error an AWS JSON call rejects with: the exception name (__type) and message.
export interface AwsCallError {
  code: string;
  message: string;
}

// Calls one Comprehend operation with `input`; resolves with the answer or rejects with an
// AwsCallError (an Error with `code` works).
export type ComprehendCall = (operation: string, input: Record<string, unknown>) => Promise<unknown>;

export interface BatchProgress {
  done: number; // requests finished
  total: number; // requests planned (retries after a refused document add to both)
}

function callError(e: unknown): AwsCallError {
  const o = e as { code?: unknown; message?: unknown };
  return {
    code: typeof o?.code === 'string' ? o.code : 'Error',
    message: typeof o?.message === 'string' ? o.message : String(e),
  };
}

// Splits 0..n-1 into consecutive chunks of at most `size`.
export function chunkIndices(n: number, size = BATCH_SIZE): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < n; start += size) {
    out.push(Array.from({ length: Math.min(size, n - start) }, (_, k) => start + k));
  }
  return out;
}

// "TextList[3]: the text is empty…" → 3: the document of the request a whole-batch exception is
// about (Lathe, like Comprehend, refuses the whole request for one bad document).
export function refusedDocument(message: string): number | null {
  const m = /TextList\[(\d+)\]/.exec(message);
  return m ? Number(m[1]) : null;
}

function store(row: DocumentRow, analysis: BatchAnalysis, item: Record<string, unknown>) {
  switch (analysis) {
    case 'language': row.results.language = item.Languages as DocumentResults['language']; break;
    case 'sentiment': row.results.sentiment = { Sentiment: item.Sentiment as string, SentimentScore: item.SentimentScore as NonNullable<DocumentResults['sentiment']>['SentimentScore'] }; break;
    case 'entities': row.results.entities = item.Entities as Entity[]; break;
    case 'keyPhrases': row.results.keyPhrases = item.KeyPhrases as Entity[]; break;
    case 'pii': row.results.pii = item.Entities as Entity[]; break;
    case 'syntax': row.results.syntax = item.SyntaxTokens as SyntaxToken[]; break;
  }
}

// One Batch* request over the documents `indices`. A refusal that names TextList[i] marks that
// document with the error and sends the others again (so one empty or oversized document does not
// cost the rest their answers); any other refusal marks every document of the request.
async function runChunk(
  rows: DocumentRow[], indices: number[], analysis: BatchAnalysis, language: string,
  call: ComprehendCall, progress: () => void, addPlanned: () => void,
): Promise<void> {
  let pending = indices;
  while (pending.length > 0) {
    const op = BATCH_OPERATION[analysis];
    const input: Record<string, unknown> = { TextList: pending.map((i) => rows[i].text) };
    if (op.language) input.LanguageCode = language;
    try {
      const answer = (await call(op.operation, input)) as {
        ResultList?: ({ Index: number } & Record<string, unknown>)[];
        ErrorList?: { Index: number; ErrorCode?: string; ErrorMessage?: string }[];
      };
      for (const item of answer.ResultList ?? []) {
        const doc = pending[item.Index];
        if (doc !== undefined) store(rows[doc], analysis, item);
      }
      for (const err of answer.ErrorList ?? []) {
        const doc = pending[err.Index];
        if (doc !== undefined) {
          rows[doc].errors.push({ analysis, code: err.ErrorCode ?? 'Error', message: err.ErrorMessage ?? '' });
        }
      }
      progress();
      return;
    } catch (e) {
      const error = callError(e);
      progress();
      const refused = refusedDocument(error.message);
      if (refused === null || refused >= pending.length) {
        for (const doc of pending) rows[doc].errors.push({ analysis, ...error });
        return;
      }
      const doc = pending[refused];
      rows[doc].errors.push({ analysis, code: error.code, message: error.message.replace(/TextList\[\d+\]/, 'Text') });
      pending = pending.filter((_, k) => k !== refused);
      if (pending.length > 0) addPlanned();
    }
  }
}

// PII: one DetectPiiEntities per document, `parallel` at a time.
async function runSingles(
  rows: DocumentRow[], indices: number[], language: string, call: ComprehendCall,
  progress: () => void, parallel: number,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < indices.length) {
      const doc = indices[next++];
      try {
        const answer = (await call('DetectPiiEntities', { Text: rows[doc].text, LanguageCode: language })) as Record<string, unknown>;
        store(rows[doc], 'pii', answer);
      } catch (e) {
        rows[doc].errors.push({ analysis: 'pii', ...callError(e) });
      }
      progress();
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, indices.length) }, worker));
}

export interface RunOptions {
  language: string;
  call: ComprehendCall;
  onProgress?: (p: BatchProgress, rows: DocumentRow[]) => void;
  parallelSingles?: number; // concurrent DetectPiiEntities calls (default 2)
  signal?: AbortSignal; // stops before the next request
}

// The number of requests `runBatch` plans for `n` documents and these analyses.
export function plannedRequests(n: number, analyses: readonly BatchAnalysis[]): number {
  return analyses.reduce((sum, a) => sum + (BATCH_OPERATION[a].batch ? Math.ceil(n / BATCH_SIZE) : n), 0);
}

// Runs every chosen analysis over `texts`: Batch* requests of up to 25 documents in order, PII
// one document at a time. Resolves with one row per document, in input order; failures are in
// each row's `errors`, never a rejection (except an abort, which resolves with what is done).
export async function runBatch(texts: readonly string[], analyses: readonly BatchAnalysis[], options: RunOptions): Promise<DocumentRow[]> {
  const rows: DocumentRow[] = texts.map((text, index) => ({ index, text, results: {}, errors: [] }));
  const progress: BatchProgress = { done: 0, total: plannedRequests(texts.length, analyses) };
  const report = () => options.onProgress?.({ ...progress }, rows);
  const tick = () => {
    progress.done++;
    report();
  };
  const addPlanned = () => {
    progress.total++;
  };
  report();
  for (const analysis of analyses) {
    const chunks = chunkIndices(texts.length);
    if (!BATCH_OPERATION[analysis].batch) {
      if (options.signal?.aborted) break;
      await runSingles(rows, chunks.flat(), options.language, options.call, tick, options.parallelSingles ?? 2);
      continue;
    }
    for (const chunk of chunks) {
      if (options.signal?.aborted) return rows;
      await runChunk(rows, chunk, analysis, options.language, options.call, tick, addPlanned);
    }
  }
  return rows;
}

// ---- summaries and downloads ---------------------------------------------------------------

// The dominant language (highest score) of a row, or ''.
export function topLanguage(row: DocumentRow): string {
  const list = row.results.language ?? [];
  return list.length ? [...list].sort((a, b) => b.Score - a.Score)[0].LanguageCode : '';
}

// Counts of each type, "PERSON 2, DATE 1" order by count then name.
export function typeCounts(entities: readonly Entity[] | undefined): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of entities ?? []) counts.set(e.Type ?? '', (counts.get(e.Type ?? '') ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// One CSV line per document: index, text, then the chosen analyses' summaries (language and its
// score; sentiment and the four scores; entity, key-phrase and PII lists as "TYPE:text; …"; the
// syntax as "word/TAG …"), and the errors as "analysis: message; …".
export function resultsToCsv(rows: readonly DocumentRow[], analyses: readonly BatchAnalysis[]): string {
  const header = ['index', 'text'];
  const has = (a: BatchAnalysis) => analyses.includes(a);
  if (has('language')) header.push('language', 'language_score');
  if (has('sentiment')) header.push('sentiment', 'positive', 'negative', 'neutral', 'mixed');
  if (has('entities')) header.push('entity_count', 'entities');
  if (has('keyPhrases')) header.push('key_phrases');
  if (has('pii')) header.push('pii_count', 'pii');
  if (has('syntax')) header.push('syntax');
  header.push('errors');
  const lines = [header.join(',')];
  for (const row of rows) {
    const r = row.results;
    const cells: (string | number)[] = [row.index, row.text];
    if (has('language')) {
      const top = [...(r.language ?? [])].sort((a, b) => b.Score - a.Score)[0];
      cells.push(top?.LanguageCode ?? '', top ? top.Score : '');
    }
    if (has('sentiment')) {
      const s = r.sentiment;
      cells.push(s?.Sentiment ?? '', s?.SentimentScore.Positive ?? '', s?.SentimentScore.Negative ?? '',
        s?.SentimentScore.Neutral ?? '', s?.SentimentScore.Mixed ?? '');
    }
    const list = (items: Entity[] | undefined) => (items ?? []).map((e) => `${e.Type ? `${e.Type}:` : ''}${e.Text ?? sliceText(row.text, e)}`).join('; ');
    if (has('entities')) cells.push(r.entities ? r.entities.length : '', list(r.entities));
    if (has('keyPhrases')) cells.push(list(r.keyPhrases));
    if (has('pii')) cells.push(r.pii ? r.pii.length : '', list(r.pii));
    if (has('syntax')) cells.push((r.syntax ?? []).map((tok) => `${tok.Text}/${tok.PartOfSpeech.Tag}`).join(' '));
    cells.push(row.errors.map((e) => `${e.analysis}: ${e.code}: ${e.message}`).join('; '));
    lines.push(cells.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

// The text an entity covers (offsets in code points), for PII entities that carry no Text.
export function sliceText(text: string, e: Pick<Entity, 'BeginOffset' | 'EndOffset'>): string {
  return Array.from(text).slice(e.BeginOffset, e.EndOffset).join('');
}

// The whole result as JSON: {language_code, analyses, documents: [{index, text, ...results,
// errors}]} with Comprehend's member names inside each result.
export function resultsToJson(rows: readonly DocumentRow[], analyses: readonly BatchAnalysis[], language: string): string {
  return JSON.stringify({
    language_code: language,
    analyses,
    documents: rows.map((row) => ({ index: row.index, text: row.text, ...row.results, errors: row.errors })),
  }, null, 2) + '\n';
}
