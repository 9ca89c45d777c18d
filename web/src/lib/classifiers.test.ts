import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_COLUMNS, arnOf, classifyCli, entityTypesOf, missingColumns, oneColumnCsv, comprehendCurl, endpointNameFor, guessColumns, isBusy, nameFromArn, serverPicks,
  sqlIdentifier, statusTone, trainingSql,
} from './classifiers';

describe('classifiers', () => {
  it('builds and reads Comprehend ARNs', () => {
    const arn = arnOf('document-classifier', 'tickets');
    expect(arn).toBe('arn:aws:comprehend:us-east-1:000000000000:document-classifier/tickets');
    expect(nameFromArn(arn)).toBe('tickets');
    expect(nameFromArn(`${arn}/version/v2`)).toBe('tickets');
    expect(nameFromArn('plain')).toBe('plain');
  });

  it('maps statuses to tones and knows which still change', () => {
    expect(statusTone('TRAINED')).toBe('ok');
    expect(statusTone('IN_ERROR')).toBe('failed');
    expect(isBusy('TRAINING')).toBe(true);
    expect(isBusy('CREATING')).toBe(true);
    expect(isBusy('STOPPED')).toBe(false);
  });

  it('knows when the server would train on the picked columns as they are', () => {
    // label and text by name win, whatever their position.
    expect(serverPicks(['id', 'text', 'label'], 'label', 'text')).toBe(true);
    expect(serverPicks(['id', 'text', 'label'], 'id', 'text')).toBe(false);
    // otherwise the first two columns, label first.
    expect(serverPicks(['topic', 'body', 'x'], 'topic', 'body')).toBe(true);
    expect(serverPicks(['body', 'topic'], 'topic', 'body')).toBe(false);
  });

  it('copies other columns with quoted identifiers and drops rows without text', () => {
    expect(sqlIdentifier('a"b')).toBe('"a""b"');
    const sql = trainingSql('topic', 'the body');
    expect(sql).toContain('CAST("topic" AS TEXT) AS label');
    expect(sql).toContain('CAST("the body" AS TEXT) AS text');
    expect(sql).toMatch(/WHERE "topic" IS NOT NULL AND "the body" IS NOT NULL/);
  });

  it('guesses a text column and a label column', () => {
    expect(guessColumns([{ name: 'id', type: 'int64' }, { name: 'message', type: 'text' }, { name: 'topic', type: 'categorical' }]))
      .toEqual({ label: 'topic', text: 'message' });
    expect(guessColumns([{ name: 'text' }, { name: 'label' }])).toEqual({ label: 'label', text: 'text' });
    expect(guessColumns([{ name: 'a' }, { name: 'b' }])).toEqual({ label: 'a', text: 'b' });
  });

  it('suggests an endpoint name within 63 characters', () => {
    expect(endpointNameFor('tickets')).toBe('tickets-endpoint');
    const long = endpointNameFor('x'.repeat(70));
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long.endsWith('-endpoint')).toBe(true);
  });

  it('writes commands that quote the text for the shell', () => {
    const cli = classifyCli('http://127.0.0.1:8080', 'ep', "it's broken");
    expect(cli).toContain("--endpoint-arn 'arn:aws:comprehend:us-east-1:000000000000:document-classifier-endpoint/ep'");
    expect(cli).toContain(`--text 'it'\\''s broken'`);
    const curl = comprehendCurl('http://h:1/', 'ClassifyDocument', { Text: 'x' });
    expect(curl).toContain("'X-Amz-Target: Comprehend_20171127.ClassifyDocument'");
    expect(curl).toContain(`'http://h:1/'`);
  });

  it('stores documents as a one-column CSV, one quoted document per row', () => {
    expect(oneColumnCsv('text', ['a, b', 'say "hi"'])).toBe('text\n"a, b"\n"say ""hi"""\n');
  });

  it('reads the entity types of a list and names the columns an annotations file lacks', () => {
    expect(entityTypesOf(['Text', 'type'], [['Zephyr X2', 'PRODUCT'], ['Acme', 'BRAND'], ['Zephyr X3', 'PRODUCT'], ['x', ' ']])).toEqual(['PRODUCT', 'BRAND']);
    expect(entityTypesOf(['Text'], [['a']])).toEqual([]);
    expect(missingColumns(['line', 'Begin Offset', 'TYPE'], ANNOTATION_COLUMNS)).toEqual(['End Offset']);
  });
});
