import { describe, expect, it } from 'vitest';
import { ApiError, errorFromBody } from './client';
import { contentTypeFor, datasetNameFor } from './upload';

describe('upload helpers', () => {
  it('names a dataset after its file', () => {
    expect(datasetNameFor('iris.csv')).toBe('iris');
    expect(datasetNameFor('data.v2.jsonl')).toBe('data.v2');
    expect(datasetNameFor('README')).toBe('README');
    expect(datasetNameFor('.hidden')).toBe('.hidden');
  });

  it('picks the content type from the extension', () => {
    expect(contentTypeFor('iris.csv')).toBe('text/csv');
    expect(contentTypeFor('events.JSONL')).toBe('application/x-ndjson');
    expect(contentTypeFor('events.ndjson')).toBe('application/x-ndjson');
    expect(contentTypeFor('table.tsv')).toBe('text/csv');
  });
});

describe('errorFromBody', () => {
  it('reads the documented error shape', () => {
    const body = JSON.stringify({
      error: {
        code: 'ValidationError',
        message: 'iris.csv: line 7: expected 5 fields, found 6',
        details: { file: 'iris.csv', line: 7, column: 6 },
      },
    });
    const e = errorFromBody(400, 'Bad Request', body);
    expect(e).toBeInstanceOf(ApiError);
    expect(e.status).toBe(400);
    expect(e.code).toBe('ValidationError');
    expect(e.message).toMatch(/line 7/);
    expect(e.details.line).toBe(7);
  });

  it('falls back to the status for non-JSON bodies', () => {
    expect(errorFromBody(502, 'Bad Gateway', '').message).toBe('502 Bad Gateway');
    expect(errorFromBody(500, '', 'boom').message).toBe('boom');
  });
});
