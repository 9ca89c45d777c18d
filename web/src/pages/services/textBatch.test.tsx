// Component test of the batch results table, rendered to static HTML: one row per document, the
// sentiment pill coloured, entity / PII counts, and a failed document's error in its own row.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../../lib/textBatch';
import { ComprehendStatus } from './components';
import { BatchResults } from './TextBatch';

const ROWS: DocumentRow[] = [
  {
    index: 0, text: 'Ann loves Paris', errors: [],
    results: {
      sentiment: { Sentiment: 'POSITIVE', SentimentScore: { Positive: 0.9, Negative: 0.05, Neutral: 0.05, Mixed: 0 } },
      entities: [{ Type: 'PERSON', Text: 'Ann', Score: 0.9, BeginOffset: 0, EndOffset: 3 }, { Type: 'LOCATION', Text: 'Paris', Score: 0.9, BeginOffset: 10, EndOffset: 15 }],
      pii: [],
    },
  },
  {
    index: 1, text: '', results: {},
    errors: [{ analysis: 'sentiment', code: 'InvalidRequestException', message: 'Text: the text is empty; give at least 1 character' }],
  },
];

describe('BatchResults', () => {
  it('shows a row per document with its sentiment, counts and errors in place', () => {
    const html = renderToStaticMarkup(<BatchResults rows={ROWS} analyses={['sentiment', 'entities', 'pii']} language="en" />);
    expect(html.match(/data-testid="batch-row"/g)).toHaveLength(2);
    expect(html).toContain('class="sentiment-pill s-positive" data-testid="batch-sentiment" data-sentiment="POSITIVE"');
    expect(html).toMatch(/<td class="num" title="Location 1, Person 1">2<\/td>/);
    expect(html).toContain('data-error="true"');
    expect(html.match(/data-testid="batch-row-error"/g)).toHaveLength(1);
    expect(html).toContain('Text: the text is empty');
    expect(html).toContain('1 with errors');
    // Only the chosen analyses get a column.
    expect(html).not.toContain('Key phrases');
  });

  it('colours Comprehend statuses by tone', () => {
    expect(renderToStaticMarkup(<ComprehendStatus status="TRAINED" />)).toContain('state-completed');
    expect(renderToStaticMarkup(<ComprehendStatus status="TRAINING" />)).toContain('state-in_progress');
    expect(renderToStaticMarkup(<ComprehendStatus status="IN_ERROR" />)).toContain('state-failed');
  });
});
