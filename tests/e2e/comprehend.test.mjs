// Browser test of the studio's Comprehend batch and custom-classifier pages against the real
// server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/comprehend.test.mjs
// Batch: a CSV of 5 documents (one empty) uploaded on /ai-services/text/batch, text column picked,
// run: 5 rows whose sentiments are the ones BatchDetectSentiment gives for the 4 real documents
// (a clearly positive one POSITIVE, a clearly negative one NEGATIVE), one error row for the empty
// document that names the problem, a row that expands to its highlighted entities, and the CSV
// download with one line per document.
// Classifier: a 3-topic labelled CSV generated here (columns id, message, topic: not the order the
// server would pick, so the studio copies the two columns first) uploaded on
// /ai-services/classifiers, trained with a 15 s budget, status TRAINED with metrics and a per-class
// table, deployed, and a cooking sentence classified as cooking (score bars, top first).
// Recognizer: 64 generated product reviews and an entity list of their 8 products typed on
// /ai-services/recognizers, trained to TRAINED with per-type metrics, deployed, and a new sentence
// with a known product has that product highlighted as PRODUCT at the server's offsets (skipped
// when the server has no CreateEntityRecognizer). Screenshots of failures go to $LATHE_E2E_OUT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, startServer, waitFor, failureStep } from './harness.mjs';

const outDir = process.env.LATHE_E2E_OUT || process.cwd();

let server;
let browser;
let page;

const step = failureStep('comprehend', () => ({ server, browser, page, outDir }));

// One unsigned AWS JSON 1.1 call (accepted from loopback).
async function comprehend(operation, input) {
  const res = await fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `Comprehend_20171127.${operation}` },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`${operation}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

before(async () => {
  server = await startServer(process.env.LATHE_BINARY);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(30000);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const DOCUMENTS = [
  'I love this hotel, the staff were wonderful and the room was perfect!',
  'Terrible service. The food was cold, awful and I hate waiting an hour.',
  '',
  'Dr. Ada Lovelace flew from London to Paris on March 3, 2026.',
  'The meeting is on Tuesday at the office in Berlin.',
];

test('Text batch: a CSV of 5 documents, sentiments per row and an error row for the empty one', async () => {
  await step('batch', async () => {
    await page.goto(`${server.url}/ai-services/text`);
    await page.getByTestId('text-mode-batch').click();
    await page.getByTestId('batch-form').waitFor();
    assert.match(page.url(), /\/ai-services\/text\/batch$/);

    // id first, so the text column has to be found (by its name) rather than taken first.
    const csv = 'id,text\n' + DOCUMENTS.map((d, i) => `${i + 1},"${d.replace(/"/g, '""')}"`).join('\n') + '\n';
    await page.getByTestId('batch-source-file').click();
    await page.getByTestId('svc-file-input').setInputFiles({ name: 'reviews.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('batch-file-info').waitFor();
    assert.equal(await page.getByTestId('batch-column').inputValue(), '1');
    assert.match(await page.getByTestId('batch-count').textContent(), /5 documents/);

    await page.getByTestId('batch-run').click();
    await page.getByTestId('batch-results').waitFor();
    const rows = page.getByTestId('batch-row');
    assert.equal(await rows.count(), 5);

    // The sentiments are what the server gives for the four real documents, in their rows.
    const real = DOCUMENTS.filter((d) => d !== '');
    const expected = (await comprehend('BatchDetectSentiment', { TextList: real, LanguageCode: 'en' })).ResultList
      .sort((a, b) => a.Index - b.Index).map((r) => r.Sentiment);
    assert.equal(expected[0], 'POSITIVE');
    assert.equal(expected[1], 'NEGATIVE');
    const shown = await rows.evaluateAll((els) => els.map((el) => ({
      error: el.dataset.error,
      sentiment: el.querySelector('[data-testid="batch-sentiment"]')?.dataset.sentiment ?? null,
      errors: el.querySelector('.batch-errors')?.textContent ?? '',
    })));
    assert.deepEqual(shown.filter((r) => r.error === 'false').map((r) => r.sentiment), expected);
    assert.deepEqual(shown.map((r) => r.error), ['false', 'false', 'true', 'false', 'false']);
    assert.equal(shown[2].sentiment, null);
    assert.match(shown[2].errors, /empty/);
    assert.equal(await page.getByTestId('batch-row-error').count(), 1);
    // The negative review's sentiment pill is coloured as negative.
    assert.match(await rows.nth(1).locator('[data-testid="batch-sentiment"]').getAttribute('class'), /s-negative/);

    // A row expands to its entities, highlighted at the server's offsets.
    await rows.nth(3).getByTestId('batch-expand').click();
    const spans = page.getByTestId('batch-entities-span');
    await spans.first().waitFor();
    const entities = (await comprehend('DetectEntities', { Text: DOCUMENTS[3], LanguageCode: 'en' })).Entities;
    assert.deepEqual(await spans.evaluateAll((els) => els.map((el) => el.dataset.type)), entities.map((e) => e.Type));

    // The CSV download: a header and one line per document, the error in the empty one's line.
    const download = page.waitForEvent('download');
    await page.getByTestId('batch-download-csv').click();
    const text = readFileSync(await (await download).path(), 'utf8').trimEnd().split('\n');
    assert.equal(text.length, 6);
    assert.match(text[0], /^index,text,language,language_score,sentiment,/);
    assert.match(text[1], /POSITIVE/);
    assert.match(text[3], /^2,,.*empty/);
  });
});

// A labelled set of three topics: sentences built from each topic's own words (deterministic).
function topicsCsv() {
  const words = {
    sports: ['goal', 'match', 'team', 'referee', 'stadium', 'coach', 'striker', 'league', 'penalty', 'season', 'fans', 'score'],
    cooking: ['recipe', 'oven', 'garlic', 'butter', 'simmer', 'sauce', 'flour', 'chef', 'pan', 'bake', 'onion', 'salt'],
    computers: ['software', 'keyboard', 'compiler', 'server', 'memory', 'laptop', 'database', 'network', 'bug', 'code', 'cpu', 'disk'],
  };
  const fillers = ['the', 'a', 'with', 'and', 'after', 'before', 'today', 'was', 'very', 'our'];
  const lines = ['id,message,topic'];
  let id = 0;
  for (const [topic, vocab] of Object.entries(words)) {
    for (let i = 0; i < 40; i++) {
      const picked = [];
      for (let k = 0; k < 6; k++) {
        picked.push(fillers[(i + k * 3) % fillers.length]);
        picked.push(vocab[(i * 5 + k * 7) % vocab.length]);
      }
      lines.push(`${++id},"${picked.join(' ')}",${topic}`);
    }
  }
  return lines.join('\n') + '\n';
}

test('Custom classifier: upload, train, metrics, deploy and classify', async () => {
  await step('classifier', async () => {
    await page.goto(`${server.url}/ai-services`);
    await page.getByTestId('service-card-classifiers').click();
    await page.getByTestId('classifiers-page').waitFor();
    await page.getByTestId('clf-empty').waitFor();

    await page.getByTestId('clf-source-upload').click();
    await page.getByTestId('svc-file-input').setInputFiles({ name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from(topicsCsv()) });
    await page.getByTestId('clf-dataset-chosen').waitFor();
    await page.getByTestId('clf-text-column').selectOption('message');
    await page.getByTestId('clf-label-column').selectOption('topic');
    await page.getByTestId('clf-name').fill('topics');
    await page.getByTestId('clf-budget').selectOption('15');
    await page.getByTestId('clf-copy-note').waitFor(); // id, message, topic: the columns are copied first
    await page.getByTestId('clf-submit').click();

    await page.getByTestId('classifier-detail').waitFor();
    assert.match(page.url(), /\/ai-services\/classifiers\/topics$/);
    // The live training view of the job behind it, then TRAINED.
    await page.locator('[data-testid="clf-training"], [data-testid="clf-status"][data-status="TRAINED"]').first().waitFor({ timeout: 60000 });
    await page.locator('[data-testid="clf-status"][data-status="TRAINED"]').waitFor({ timeout: 180000 });
    const described = (await comprehend('DescribeDocumentClassifier', {
      DocumentClassifierArn: 'arn:aws:comprehend:us-east-1:000000000000:document-classifier/topics',
    })).DocumentClassifierProperties;
    assert.equal(described.ClassifierMetadata.NumberOfLabels, 3);
    await page.getByTestId('clf-metrics').waitFor();
    assert.match(await page.getByTestId('clf-metric-labels').textContent(), /3/);
    await waitFor(async () => (await page.getByTestId('clf-class-row').count()) === 3, { what: 'three per-class rows' });
    assert.deepEqual((await page.getByTestId('clf-class-row').evaluateAll((els) => els.map((el) => el.dataset.label))).sort(),
      ['computers', 'cooking', 'sports']);
    assert.equal(await page.getByTestId('clf-open-model').count(), 1);

    await page.getByTestId('clf-deploy-button').click();
    await page.locator('[data-testid="clf-endpoint-status"][data-status="IN_SERVICE"]').waitFor({ timeout: 60000 });
    await page.getByTestId('clf-try-input').fill('The chef melted butter in the pan, added garlic and let the sauce simmer.');
    await page.getByTestId('clf-try-run').click();
    const bars = page.getByTestId('clf-classes-bar');
    await bars.first().waitFor();
    assert.equal(await bars.count(), 3);
    assert.equal(await bars.first().getAttribute('data-label'), 'cooking');
    assert.match(await bars.first().getAttribute('class'), /top/);

    // Back on the list, the classifier is TRAINED and served by its endpoint.
    await page.getByRole('link', { name: /Custom classifiers/ }).click();
    const row = page.locator('[data-testid="clf-row"][data-name="topics"]');
    await row.waitFor();
    assert.match(await row.textContent(), /topics-endpoint/);
  });
});

const PRODUCTS = ['Zephyr X2', 'Nimbus Pro', 'Aurora 5', 'Falcon Mini', 'Orion Max', 'Vega Air', 'Titan S', 'Luna Lite'];
const TEMPLATES = [
  'I bought a {p} yesterday.', 'The {p} arrived broken.', 'My sister loves her new {p}.', 'Is the {p} worth the price?',
  'We returned the {p} after a week.', 'The battery of the {p} lasts two days.', 'Compare the {p} with older models.',
  'Support replaced my {p} quickly.',
];

test('Custom entity recognizer: documents and an entity list, train, deploy, entities highlighted', async (t) => {
  const probe = await fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'Comprehend_20171127.ListEntityRecognizers' },
    body: '{}',
  });
  if (!probe.ok && /UnknownOperation/.test(await probe.text())) return t.skip('the server has no entity recognizers');
  await step('recognizer', async () => {
    await page.goto(`${server.url}/ai-services`);
    await page.getByTestId('service-card-recognizers').click();
    await page.getByTestId('recognizers-page').waitFor();
    await page.getByTestId('rec-empty').waitFor();

    const documents = [];
    TEMPLATES.forEach((tpl, i) => PRODUCTS.forEach((p, j) => documents.push(tpl.replace('{p}', PRODUCTS[(i + j) % PRODUCTS.length]))));
    await page.getByTestId('rec-name').fill('products');
    await page.getByTestId('rec-documents').fill(documents.join('\n'));
    await page.getByTestId('rec-kind-entityList').click();
    await page.getByTestId('rec-labels').fill('Text,Type\n' + PRODUCTS.map((p) => `${p},PRODUCT`).join('\n') + '\n');
    assert.match(await page.getByTestId('rec-types').textContent(), /PRODUCT/);
    await page.getByTestId('rec-submit').click();

    await page.getByTestId('recognizer-detail').waitFor();
    assert.match(page.url(), /\/ai-services\/recognizers\/products$/);
    await page.locator('[data-testid="rec-status"][data-status="TRAINED"]').waitFor({ timeout: 180000 });
    await page.getByTestId('rec-metrics').waitFor();
    assert.deepEqual(await page.getByTestId('rec-type-row').evaluateAll((els) => els.map((el) => el.dataset.type)), ['PRODUCT']);

    await page.getByTestId('clf-deploy-button').click();
    await page.locator('[data-testid="clf-endpoint-status"][data-status="IN_SERVICE"]').waitFor({ timeout: 60000 });
    const sentence = 'Yesterday my Falcon Mini stopped charging.';
    await page.getByTestId('rec-try-input').fill(sentence);
    await page.getByTestId('rec-try-run').click();
    const span = page.getByTestId('rec-entities-span').first();
    await span.waitFor();
    const answer = (await comprehend('DetectEntities', {
      Text: sentence, EndpointArn: 'arn:aws:comprehend:us-east-1:000000000000:entity-recognizer-endpoint/products-endpoint',
    })).Entities;
    assert.ok(answer.some((e) => e.Type === 'PRODUCT' && sentence.slice(e.BeginOffset, e.EndOffset) === 'Falcon Mini'), JSON.stringify(answer));
    assert.deepEqual(await page.getByTestId('rec-entities-span').evaluateAll((els) => els.map((el) => [el.dataset.type, el.firstChild.textContent])),
      answer.map((e) => [e.Type, sentence.slice(e.BeginOffset, e.EndOffset)]));
  });
});
