// Client of Lathe's Comprehend-compatible AWS JSON 1.1 API (POST / with X-Amz-Target, docs/api/
// text.md): the Batch* analyses, custom document classifiers and entity recognizers with their
// endpoints. The studio calls it unsigned from the page's origin, which the server accepts from
// loopback (as the text pages' native routes). Errors become ApiError whose code is the exception
// name (__type), e.g. ResourceInUseException, and whose message is the server's.
import { ApiError, errorFromBody } from './client';
import type { Dataset } from './types';
import { t } from '../i18n';

const TARGET_PREFIX = 'Comprehend_20171127.';

// Calls `operation` with `input`; resolves with the answer object.
export async function comprehend<T = Record<string, unknown>>(operation: string, input: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': TARGET_PREFIX + operation },
      body: JSON.stringify(input),
    });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', t('common.error.unreachable', { reason: (e as Error).message }));
  }
  const body = await response.text();
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const type = String(parsed?.__type ?? response.headers.get('x-amzn-ErrorType') ?? 'HttpError').split('#').pop()!.split(':')[0];
    const message = String(parsed?.message ?? parsed?.Message ?? (body.trim().slice(0, 300) || `${response.status} ${response.statusText}`));
    throw new ApiError(response.status, type, message);
  }
  if (parsed === null) throw new ApiError(response.status, 'BadResponse', t('common.error.badJson'));
  return parsed as T;
}

export interface ClassifierProperties {
  DocumentClassifierArn: string;
  LanguageCode: string;
  Status: string;
  Message?: string;
  SubmitTime?: number;
  EndTime?: number;
  TrainingStartTime?: number;
  TrainingEndTime?: number;
  Mode?: string;
  VersionName?: string;
  InputDataConfig?: { S3Uri?: string; DataFormat?: string };
  ClassifierMetadata?: {
    NumberOfLabels?: number;
    NumberOfTrainedDocuments?: number;
    NumberOfTestDocuments?: number;
    EvaluationMetrics?: {
      Accuracy?: number;
      Precision?: number;
      Recall?: number;
      F1Score?: number;
      MicroPrecision?: number;
      MicroRecall?: number;
      MicroF1Score?: number;
    };
  };
}

export interface EndpointProperties {
  EndpointArn: string;
  ModelArn: string;
  Status: string;
  Message?: string;
  DesiredInferenceUnits?: number;
  CreationTime?: number;
}

export interface RecognizerProperties {
  EntityRecognizerArn: string;
  LanguageCode: string;
  Status: string;
  Message?: string;
  SubmitTime?: number;
  EndTime?: number;
  InputDataConfig?: Record<string, unknown>;
  RecognizerMetadata?: {
    NumberOfTrainedDocuments?: number;
    NumberOfTestDocuments?: number;
    EvaluationMetrics?: { Precision?: number; Recall?: number; F1Score?: number };
    EntityTypes?: { Type: string; EvaluationMetrics?: { Precision?: number; Recall?: number; F1Score?: number }; NumberOfTrainMentions?: number }[];
  };
}

// Stores CSV text (with a header row) as a new version of dataset `name`; the dataset whose id an
// S3Uri then names (the server reads Comprehend's training files from datasets).
export async function uploadCsvText(name: string, csv: string): Promise<Dataset> {
  let response: Response;
  try {
    response = await fetch(`/api/v1/datasets?name=${encodeURIComponent(name)}&header=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
      body: csv,
    });
  } catch (e) {
    throw new ApiError(0, 'NetworkError', t('common.error.unreachable', { reason: (e as Error).message }));
  }
  if (!response.ok) throw errorFromBody(response.status, response.statusText, await response.text());
  return (await response.json()) as Dataset;
}

export interface RecognizerInput {
  name: string;
  language: string;
  entityTypes: string[];
  documents: string; // dataset id
  annotations?: string; // dataset id (Line, Begin Offset, End Offset, Type)
  entityList?: string; // dataset id (Text, Type)
}

export const comprehendApi = {
  listClassifiers: () =>
    comprehend<{ DocumentClassifierPropertiesList: ClassifierProperties[] }>('ListDocumentClassifiers'),
  describeClassifier: (arn: string) =>
    comprehend<{ DocumentClassifierProperties: ClassifierProperties }>('DescribeDocumentClassifier', { DocumentClassifierArn: arn }),
  createClassifier: (input: { name: string; language: string; dataset: string; budgetSeconds: number }) =>
    comprehend<{ DocumentClassifierArn: string }>('CreateDocumentClassifier', {
      DocumentClassifierName: input.name,
      LanguageCode: input.language,
      DataAccessRoleArn: 'arn:aws:iam::000000000000:role/lathe',
      InputDataConfig: { S3Uri: `s3://lathe/${input.dataset}`, DataFormat: 'COMPREHEND_CSV' },
      Tags: [{ Key: 'lathe:budget-seconds', Value: String(input.budgetSeconds) }],
    }),
  stopClassifier: (arn: string) => comprehend('StopTrainingDocumentClassifier', { DocumentClassifierArn: arn }),
  deleteClassifier: (arn: string) => comprehend('DeleteDocumentClassifier', { DocumentClassifierArn: arn }),

  listEndpoints: () => comprehend<{ EndpointPropertiesList: EndpointProperties[] }>('ListEndpoints'),
  createEndpoint: (name: string, modelArn: string) =>
    comprehend<{ EndpointArn: string }>('CreateEndpoint', { EndpointName: name, ModelArn: modelArn, DesiredInferenceUnits: 1 }),
  deleteEndpoint: (arn: string) => comprehend('DeleteEndpoint', { EndpointArn: arn }),
  classify: (endpointArn: string, text: string) =>
    comprehend<{ Classes: { Name: string; Score: number }[] }>('ClassifyDocument', { EndpointArn: endpointArn, Text: text }),

  createRecognizer: (r: RecognizerInput) =>
    comprehend<{ EntityRecognizerArn: string }>('CreateEntityRecognizer', {
      RecognizerName: r.name,
      LanguageCode: r.language,
      DataAccessRoleArn: 'arn:aws:iam::000000000000:role/lathe',
      InputDataConfig: {
        DataFormat: 'COMPREHEND_CSV',
        EntityTypes: r.entityTypes.map((Type) => ({ Type })),
        Documents: { S3Uri: `s3://lathe/${r.documents}`, InputFormat: 'ONE_DOC_PER_LINE' },
        ...(r.annotations ? { Annotations: { S3Uri: `s3://lathe/${r.annotations}` } } : {}),
        ...(r.entityList ? { EntityList: { S3Uri: `s3://lathe/${r.entityList}` } } : {}),
      },
    }),
  stopRecognizer: (arn: string) => comprehend('StopTrainingEntityRecognizer', { EntityRecognizerArn: arn }),
  listRecognizers: () =>
    comprehend<{ EntityRecognizerPropertiesList: RecognizerProperties[] }>('ListEntityRecognizers'),
  describeRecognizer: (arn: string) =>
    comprehend<{ EntityRecognizerProperties: RecognizerProperties }>('DescribeEntityRecognizer', { EntityRecognizerArn: arn }),
  deleteRecognizer: (arn: string) => comprehend('DeleteEntityRecognizer', { EntityRecognizerArn: arn }),
  detectCustomEntities: (endpointArn: string, text: string) =>
    comprehend<{ Entities: { Type: string; Text?: string; Score: number; BeginOffset: number; EndOffset: number }[] }>(
      'DetectEntities', { EndpointArn: endpointArn, Text: text }),
};
