// Pure logic of the custom classifier and entity recognizer pages (pages/services/Classifiers*.tsx,
// Recognizers*.tsx): Comprehend ARNs, status tones, which columns the server will train on, the
// SQL that renames the picked columns when it would not, the training job behind a classifier,
// and the aws CLI commands shown. Unit-tested in classifiers.test.ts.
import { shellQuote } from './endpoints';

// Lathe's one account and region (src/api/comprehend_classifiers.cc); ARNs keep AWS's shape.
export const ARN_PREFIX = 'arn:aws:comprehend:us-east-1:000000000000:';

export type ComprehendKind = 'document-classifier' | 'document-classifier-endpoint' | 'entity-recognizer' | 'entity-recognizer-endpoint';

export function arnOf(kind: ComprehendKind, name: string): string {
  return `${ARN_PREFIX}${kind}/${name}`;
}

// The resource name in an ARN ("…:document-classifier/tickets/version/v1" → "tickets"), or the
// text itself when it is not an ARN.
export function nameFromArn(arn: string): string {
  const m = /^arn:[^:]*:comprehend:[^:]*:[^:]*:[a-z-]+\/([^/]+)/.exec(arn);
  return m ? m[1] : arn;
}

// Comprehend statuses: training (SUBMITTED, TRAINING, STOP_REQUESTED, TRAINED, IN_ERROR,
// STOPPED) and endpoints (CREATING, IN_SERVICE, UPDATING, DELETING, FAILED).
export type Tone = 'ok' | 'busy' | 'failed' | 'neutral';

export function statusTone(status: string | undefined): Tone {
  switch (status) {
    case 'TRAINED':
    case 'IN_SERVICE':
      return 'ok';
    case 'SUBMITTED':
    case 'TRAINING':
    case 'STOP_REQUESTED':
    case 'CREATING':
    case 'UPDATING':
    case 'DELETING':
      return 'busy';
    case 'IN_ERROR':
    case 'FAILED':
      return 'failed';
    default:
      return 'neutral';
  }
}

// Whether the status may still change by itself (so the page keeps polling).
export function isBusy(status: string | undefined): boolean {
  return statusTone(status) === 'busy';
}

// The server trains on the columns `label` and `text` when the dataset has both, else on its
// first two columns as (label, text) (Comprehend's CSV order). True when that is what the user
// picked, so the dataset can be used as it is.
export function serverPicks(columns: readonly string[], label: string, text: string): boolean {
  if (columns.includes('label') && columns.includes('text')) return label === 'label' && text === 'text';
  return columns.length >= 2 && columns[0] === label && columns[1] === text;
}

// SQLite identifier quoting ("a""b").
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

// The query that makes a (label, text) dataset from the picked columns of alias `d`; rows with no
// label or no text are left out (they cannot train).
export function trainingSql(label: string, text: string): string {
  const l = sqlIdentifier(label);
  const x = sqlIdentifier(text);
  return `SELECT CAST(${l} AS TEXT) AS label, CAST(${x} AS TEXT) AS text FROM d ` +
    `WHERE ${l} IS NOT NULL AND ${x} IS NOT NULL AND TRIM(CAST(${x} AS TEXT)) <> ''`;
}

// A dataset name for the training copy of a classifier's data.
export function trainingDatasetName(classifier: string): string {
  return `${classifier}-training`.slice(0, 100);
}

// The column that most looks like a label (few distinct values) and the one that most looks like
// free text (longest values), from a dataset schema's columns and their profile, when it has one.
export interface ColumnInfo {
  name: string;
  type?: string; // Lathe column type (text, categorical, int64, …)
  distinct?: number;
}

export function guessColumns(columns: readonly ColumnInfo[]): { label: string; text: string } {
  const names = columns.map((c) => c.name);
  if (names.includes('label') && names.includes('text')) return { label: 'label', text: 'text' };
  const text = columns.find((c) => c.type === 'text')?.name
    ?? columns.find((c) => /text|review|document|comment|body|message|sentence/i.test(c.name))?.name
    ?? names[1] ?? names[0] ?? '';
  const label = columns.find((c) => c.name !== text && /label|class|category|topic|target|tag|intent/i.test(c.name))?.name
    ?? columns.find((c) => c.name !== text && (c.type === 'categorical' || c.type === 'bool'))?.name
    ?? names.find((n) => n !== text) ?? '';
  return { label, text };
}

// A default endpoint name for a classifier ("tickets" → "tickets-endpoint"), within 63 characters.
export function endpointNameFor(classifier: string): string {
  const suffix = '-endpoint';
  return classifier.slice(0, 63 - suffix.length).replace(/-+$/, '') + suffix;
}

// ---- commands ------------------------------------------------------------------------------

function lines(parts: string[]): string {
  return parts.join(' \\\n');
}

export function createClassifierCli(origin: string, name: string, language: string, dataset: string, budget: number): string {
  return lines([
    `aws comprehend create-document-classifier --endpoint-url ${shellQuote(origin)}`,
    `  --document-classifier-name ${shellQuote(name)} --language-code ${shellQuote(language)}`,
    `  --data-access-role-arn arn:aws:iam::000000000000:role/lathe`,
    `  --input-data-config ${shellQuote(`S3Uri=s3://lathe/${dataset}`)}`,
    `  --tags ${shellQuote(`Key=lathe:budget-seconds,Value=${budget}`)}`,
  ]);
}

export function classifyCli(origin: string, endpoint: string, text: string): string {
  return lines([
    `aws comprehend classify-document --endpoint-url ${shellQuote(origin)}`,
    `  --endpoint-arn ${shellQuote(arnOf('document-classifier-endpoint', endpoint))}`,
    `  --text ${shellQuote(text)}`,
  ]);
}

// The raw AWS JSON 1.1 call with curl (unsigned: accepted from loopback).
export function comprehendCurl(origin: string, operation: string, input: Record<string, unknown>): string {
  return lines([
    `curl -sS ${shellQuote(`${origin.replace(/\/+$/, '')}/`)}`,
    `  -H 'Content-Type: application/x-amz-json-1.1'`,
    `  -H ${shellQuote(`X-Amz-Target: Comprehend_20171127.${operation}`)}`,
    `  --data-binary ${shellQuote(JSON.stringify(input))}`,
  ]);
}

// ---- entity recognizers --------------------------------------------------------------------

// A one-column CSV (header `column`) with one quoted value per row: how the studio stores pasted
// documents as a dataset (the server reads the column "text", one document per row).
export function oneColumnCsv(column: string, values: readonly string[]): string {
  const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
  return [column, ...values.map(quote)].join('\n') + '\n';
}

// The distinct entity types of an entity list or annotations table (its "Type" column, any case),
// in first-seen order; [] without such a column.
export function entityTypesOf(columns: readonly string[], rows: readonly string[][]): string[] {
  const at = columns.findIndex((c) => c.trim().toLowerCase() === 'type');
  if (at < 0) return [];
  return [...new Set(rows.map((r) => (r[at] ?? '').trim()).filter((v) => v !== ''))];
}

// The columns an entity list and an annotations file need (Comprehend's CSV headers; the server
// matches them without regard to case). Missing ones, for a message before upload.
export const ENTITY_LIST_COLUMNS = ['Text', 'Type'];
export const ANNOTATION_COLUMNS = ['Line', 'Begin Offset', 'End Offset', 'Type'];

export function missingColumns(columns: readonly string[], needed: readonly string[]): string[] {
  const have = new Set(columns.map((c) => c.trim().toLowerCase()));
  return needed.filter((n) => !have.has(n.toLowerCase()));
}

export function detectCustomCli(origin: string, endpoint: string, text: string): string {
  return lines([
    `aws comprehend detect-entities --endpoint-url ${shellQuote(origin)}`,
    `  --endpoint-arn ${shellQuote(arnOf('entity-recognizer-endpoint', endpoint))}`,
    `  --text ${shellQuote(text)}`,
  ]);
}
