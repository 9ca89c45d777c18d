// Component tests of the Deploy pages, rendered to static HTML (no DOM needed): the state badge,
// the schema form, the playground's answer view (success, model error) and the snippets.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { InvokeResult } from '../../api/deploy';
import type { InputColumn, Model } from '../../api/types';
import { SchemaForm } from '../../components/SchemaForm';
import { ResponseView } from './Playground';
import { Snippets } from './Snippets';
import { StateBadge } from './StateBadge';

function result(partial: Partial<InvokeResult>): InvokeResult {
  return {
    ok: true, status: 200, statusText: 'OK', millis: 1.25, headers: [], contentType: 'application/json',
    variant: null, errorType: null, body: '', ...partial,
  };
}

const MODEL = { id: 'mdl_1', name: 'iris', version: 2, state: 'Completed', created_at: '', classes: ['setosa', 'versicolor', 'virginica'] } as Model;

describe('StateBadge', () => {
  it('colours the state and names it', () => {
    const html = renderToStaticMarkup(<StateBadge state="InService" testId="s" />);
    expect(html).toContain('tone-ok');
    expect(html).toContain('In service');
    expect(renderToStaticMarkup(<StateBadge state="Updating" />)).toContain('tone-busy');
    expect(renderToStaticMarkup(<StateBadge state="Failed" />)).toContain('tone-failed');
  });
});

describe('SchemaForm', () => {
  it('renders a field per input: selects for categories and booleans, a range hint for numbers', () => {
    const schema: InputColumn[] = [
      { name: 'age', type: 'int64', kind: 'numeric', min: 18, max: 90 },
      { name: 'plan', type: 'categorical', categories: ['pro', 'team'] },
      { name: 'active', type: 'bool' },
    ];
    const html = renderToStaticMarkup(
      <SchemaForm schema={schema} values={{ age: '40', plan: 'team' }} errors={{ age: 'age: bad' }} onChange={() => {}} idPrefix="t" testId="f" />,
    );
    expect(html.match(/data-testid="f"/g)).toHaveLength(3);
    expect(html).toMatch(/<input[^>]*value="40"/);
    expect(html).toContain('trained on 18 – 90');
    expect(html).toMatch(/<option value="team" selected="">team<\/option>/);
    expect(html).toMatch(/<option value="true">true<\/option><option value="false">false<\/option>/);
    expect(html).toContain('age: bad');
  });
});

describe('ResponseView', () => {
  it('draws class probability bars with the predicted label on top', () => {
    const body = JSON.stringify({ predictions: [{ predicted_label: 'virginica', probabilities: { setosa: 0.1, versicolor: 0.2, virginica: 0.7 } }] });
    const html = renderToStaticMarkup(
      <ResponseView model={MODEL} result={result({
        body, variant: 'AllTraffic',
        headers: [['content-type', 'application/json'], ['x-amzn-invoked-production-variant', 'AllTraffic']],
      })} />,
    );
    expect(html).toContain('data-testid="play-label">virginica<');
    const bars = [...html.matchAll(/data-testid="play-prob-bar" data-label="(\w+)"/g)].map((m) => m[1]);
    expect(bars).toEqual(['virginica', 'versicolor', 'setosa']);
    expect(html).toMatch(/class="top" data-testid="play-prob-bar" data-label="virginica"/);
    expect(html).toContain('width:70.0%');
    expect(html).toContain('data-testid="play-variant">AllTraffic<');
    expect(html).toMatch(/<tr class="highlight"><td>x-amzn-invoked-production-variant<\/td>/);
    expect(html).not.toContain('play-error');
  });

  it('reads CSV answers in the model class order and shows regression values', () => {
    const csv = renderToStaticMarkup(<ResponseView model={MODEL} result={result({ contentType: 'text/csv', body: 'setosa,0.8,0.15,0.05\n' })} />);
    expect(csv).toContain('data-testid="play-label">setosa<');
    expect(csv.match(/play-prob-bar/g)).toHaveLength(3);
    const reg = renderToStaticMarkup(<ResponseView model={{ ...MODEL, classes: undefined }} result={result({ body: '{"predictions":[{"score":12.5}]}' })} />);
    expect(reg).toContain('data-testid="play-value">12.5<');
  });

  it('shows a model error in place with the original message', () => {
    const html = renderToStaticMarkup(
      <ResponseView model={MODEL} result={result({
        ok: false, status: 424, errorType: 'ModelError',
        body: JSON.stringify({ message: 'Received client error (400)', OriginalMessage: 'row 1: expected 4 columns, found 2' }),
      })} />,
    );
    expect(html).toContain('data-testid="play-error"');
    expect(html).toContain('ModelError · HTTP 424');
    expect(html).toContain('row 1: expected 4 columns, found 2');
    expect(html).toContain('status-code bad');
    expect(html).not.toContain('play-label');
  });
});

describe('Snippets', () => {
  it('starts on curl with the row and the invocation URL', () => {
    const html = renderToStaticMarkup(
      <Snippets input={{ origin: 'http://127.0.0.1:8080', endpoint: 'iris', contentType: 'text/csv', body: '5.1,3.5,1.4,0.2' }} />,
    );
    expect(html).toContain('data-kind="curl"');
    expect(html).toContain('http://127.0.0.1:8080/endpoints/iris/invocations');
    expect(html).toContain('--data-binary &#x27;5.1,3.5,1.4,0.2&#x27;');
    expect(html.match(/role="tab"/g)).toHaveLength(4);
  });
});
