import { describe, expect, it } from 'vitest';
import {
  chunkIndices, csvTable, documentsFromLines, guessTextColumn, parseCsv, plannedRequests, refusedDocument,
  resultsToCsv, resultsToJson, runBatch, typeCounts, type ComprehendCall,
} from './textBatch';

// A fake Comprehend: sentiment from a keyword, an empty text refuses the whole request naming its
// TextList index (as Lathe does), and every call is recorded.
function fakeComprehend() {
  const calls: { op: string; input: Record<string, unknown> }[] = [];
  const call: ComprehendCall = async (op, input) => {
    calls.push({ op, input });
    if (input.LanguageCode === 'xx') throw Object.assign(new Error("LanguageCode 'xx' is not supported"), { code: 'UnsupportedLanguageException' });
    if (op === 'DetectPiiEntities') {
      const text = input.Text as string;
      const at = text.indexOf('@');
      return { Entities: at < 0 ? [] : [{ Type: 'EMAIL', Score: 0.98, BeginOffset: 0, EndOffset: text.length }] };
    }
    const list = input.TextList as string[];
    if (list.length > 25) throw Object.assign(new Error('too many'), { code: 'BatchSizeLimitExceededException' });
    const empty = list.findIndex((s) => s === '');
    if (empty >= 0) throw Object.assign(new Error(`TextList[${empty}]: the text is empty; give at least 1 character`), { code: 'InvalidRequestException' });
    if (op === 'BatchDetectSentiment') {
      return {
        ResultList: list.map((s, i) => ({ Index: i, Sentiment: /good/.test(s) ? 'POSITIVE' : 'NEGATIVE', SentimentScore: { Positive: 0.9, Negative: 0.1, Neutral: 0, Mixed: 0 } })),
        ErrorList: [],
      };
    }
    if (op === 'BatchDetectEntities') {
      // Lathe reports an internal failure of one document in ErrorList.
      return {
        ResultList: list.flatMap((s, i) => (s === 'boom' ? [] : [{ Index: i, Entities: [{ Type: 'PERSON', Text: 'Ann', Score: 0.9, BeginOffset: 0, EndOffset: 3 }] }])),
        ErrorList: list.flatMap((s, i) => (s === 'boom' ? [{ Index: i, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'ICU failed' }] : [])),
      };
    }
    return { ResultList: list.map((_, i) => ({ Index: i, Languages: [{ LanguageCode: 'en', Score: 0.99 }] })), ErrorList: [] };
  };
  return { call, calls };
}

describe('documents', () => {
  it('takes one document per non-blank line', () => {
    expect(documentsFromLines('a\r\n\n  \nb c\n')).toEqual(['a', 'b c']);
  });

  it('parses quoted CSV fields with commas, quotes and newlines, and a BOM', () => {
    expect(parseCsv('\ufefftext,label\n"a, ""quoted""\nline",x\r\nplain,y\n')).toEqual([
      ['text', 'label'], ['a, "quoted"\nline', 'x'], ['plain', 'y'],
    ]);
  });

  it('sniffs a semicolon or tab delimiter and keeps empty cells', () => {
    expect(parseCsv('id;text\n1;\n2;hello')).toEqual([['id', 'text'], ['1', ''], ['2', 'hello']]);
    expect(parseCsv('a\tb\n1\t2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('guesses the text column by name, else by the longest values', () => {
    expect(guessTextColumn(csvTable('id,Review\n1,x'))).toBe(1);
    expect(guessTextColumn(csvTable('id,body_of_mail,flag\n1,a long sentence here,0\n2,another long one,1'))).toBe(1);
    expect(csvTable('a,,c\n1').columns).toEqual(['a', 'column_2', 'c']);
    expect(csvTable('a,b,c\n1').rows).toEqual([['1', '', '']]);
  });

  it('chunks 60 documents as 25 + 25 + 10', () => {
    expect(chunkIndices(60).map((c) => c.length)).toEqual([25, 25, 10]);
    expect(chunkIndices(60)[2][0]).toBe(50);
    expect(plannedRequests(60, ['sentiment', 'pii'])).toBe(3 + 60);
  });
});

describe('runBatch', () => {
  it('sends at most 25 documents per request and keeps the input order', async () => {
    const { call, calls } = fakeComprehend();
    const texts = Array.from({ length: 30 }, (_, i) => (i % 2 ? `good ${i}` : `bad ${i}`));
    const rows = await runBatch(texts, ['sentiment'], { language: 'en', call });
    expect(calls.map((c) => (c.input.TextList as string[]).length)).toEqual([25, 5]);
    expect(calls[0].input.LanguageCode).toBe('en');
    expect(rows.map((r) => r.results.sentiment?.Sentiment)).toEqual(texts.map((s) => (s.startsWith('good') ? 'POSITIVE' : 'NEGATIVE')));
  });

  it('puts a refused empty document in its own row and answers the others', async () => {
    const { call, calls } = fakeComprehend();
    const rows = await runBatch(['good one', '', 'bad two'], ['sentiment', 'language'], { language: 'en', call });
    expect(rows[1].errors.map((e) => [e.analysis, e.code])).toEqual([['sentiment', 'InvalidRequestException'], ['language', 'InvalidRequestException']]);
    expect(rows[1].errors[0].message).toMatch(/^Text: the text is empty/);
    expect(rows[0].results.sentiment?.Sentiment).toBe('POSITIVE');
    expect(rows[2].results.sentiment?.Sentiment).toBe('NEGATIVE');
    expect(rows[0].errors).toEqual([]);
    // Each analysis: the refused request, then the retry without the empty document.
    expect(calls.filter((c) => c.op === 'BatchDetectSentiment').map((c) => c.input.TextList)).toEqual([['good one', '', 'bad two'], ['good one', 'bad two']]);
    expect(calls.find((c) => c.op === 'BatchDetectDominantLanguage')?.input.LanguageCode).toBeUndefined();
  });

  it('maps ErrorList entries to their documents', async () => {
    const { call } = fakeComprehend();
    const rows = await runBatch(['Ann came', 'boom', 'Ann left'], ['entities'], { language: 'en', call });
    expect(rows.map((r) => r.errors.length)).toEqual([0, 1, 0]);
    expect(rows[1].errors[0]).toEqual({ analysis: 'entities', code: 'INTERNAL_SERVER_ERROR', message: 'ICU failed' });
    expect(rows[2].results.entities?.[0].Type).toBe('PERSON');
  });

  it('marks every document of a request refused as a whole', async () => {
    const { call } = fakeComprehend();
    const rows = await runBatch(['a', 'b'], ['sentiment'], { language: 'xx', call });
    expect(rows.every((r) => r.errors[0]?.code === 'UnsupportedLanguageException')).toBe(true);
  });

  it('runs PII one document at a time and reports progress to the end', async () => {
    const { call, calls } = fakeComprehend();
    const seen: number[] = [];
    const rows = await runBatch(['x@y.z', 'none'], ['pii'], { language: 'en', call, onProgress: (p) => seen.push(p.done) });
    expect(calls.map((c) => c.op)).toEqual(['DetectPiiEntities', 'DetectPiiEntities']);
    expect(rows.map((r) => r.results.pii?.length)).toEqual([1, 0]);
    expect(seen[seen.length - 1]).toBe(2);
  });
});

describe('downloads', () => {
  it('writes one CSV line per document with quoted text and the errors', async () => {
    const { call } = fakeComprehend();
    const rows = await runBatch(['good, "really"', ''], ['sentiment', 'entities'], { language: 'en', call });
    const lines = resultsToCsv(rows, ['sentiment', 'entities']).trimEnd().split('\n');
    expect(lines[0]).toBe('index,text,sentiment,positive,negative,neutral,mixed,entity_count,entities,errors');
    expect(lines[1]).toBe('0,"good, ""really""",POSITIVE,0.9,0.1,0,0,1,PERSON:Ann,');
    expect(lines[2]).toMatch(/^1,,,,,,,,,sentiment: InvalidRequestException: Text: the text is empty/);
    const json = JSON.parse(resultsToJson(rows, ['sentiment'], 'en'));
    expect(json.documents[0].sentiment.Sentiment).toBe('POSITIVE');
    expect(json.documents[1].errors).toHaveLength(2);
  });

  it('counts entity types, most frequent first', () => {
    const e = (Type: string) => ({ Type, Score: 1, BeginOffset: 0, EndOffset: 1 });
    expect(typeCounts([e('DATE'), e('PERSON'), e('PERSON')])).toEqual([['PERSON', 2], ['DATE', 1]]);
    expect(refusedDocument('TextList[12]: too long')).toBe(12);
    expect(refusedDocument('LanguageCode: bad')).toBeNull();
  });
});
