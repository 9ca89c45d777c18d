// Browser test of the studio's AI services pages against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/services.test.mjs
// The landing grid lists the five services and the custom models; Text analyses a sentence (the
// sentiment label and a highlighted entity and PII span, equal to what the API answers; the
// redacted copy); Translate turns an English sentence into Spanish (the API's translation, not the
// input) and shows the pivot note for en → pt-PT; Speech synthesises a sentence (an audio element
// with a duration, or at least the word marks; seeking highlights the word whose time has come);
// Documents reads a PNG drawn in the browser (a word box drawn and the word listed); Faces finds
// the one face of tests/data/images/astronaut.png (a box and 68 points). A sub-test is skipped only
// when its API route answers 404 (the server predates it). Screenshots of failures go to
// $LATHE_E2E_OUT.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, waitFor, failureStep } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const ASTRONAUT = join(ROOT, 'tests/data/images/astronaut.png');

let server;
let browser;
let page;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('services', () => ({ server, browser, page, outDir }));

async function api(method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text;
}

// True when the route is not registered on this server (404 from the router, not an API error
// about a missing resource: those carry a JSON body naming the resource).
async function missing(method, path) {
  const res = await fetch(`${server.url}${path}`, { method, body: method === 'GET' ? undefined : '{}' });
  const text = await res.text();
  return res.status === 404 && !/terminolog|lexicon/i.test(text);
}

before(async () => {
  server = await startServer(process.env.LATHE_BINARY);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(20000);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the AI services section is live and lists the services and custom models', async () => {
  await step('landing', async () => {
    await page.goto(`${server.url}/ai-services`);
    await page.getByTestId('services-landing').waitFor();
    for (const id of ['text', 'translate', 'speech', 'documents', 'faces', 'classifiers', 'recognizers']) {
      assert.equal(await page.getByTestId(`service-card-${id}`).count(), 1, id);
    }
    assert.equal(await page.getByTestId('coming-soon').count(), 0);
    assert.equal(await page.locator('[data-testid="nav-ai-services"] .soon-dot').count(), 0);
    await page.getByTestId('service-card-text').click();
    await page.getByTestId('text-page').waitFor();
    assert.match(page.url(), /\/ai-services\/text$/);
  });
});

test('Text: sentiment, a highlighted entity and PII span, the redacted copy', async (t) => {
  if (await missing('POST', '/api/v1/text/sentiment')) return t.skip('the text API is not on this server');
  await step('text', async () => {
    const sentence = 'Dr. Ada Lovelace flew to France on March 3, 2026. Mail ada@example.com, it was wonderful!';
    await page.goto(`${server.url}/ai-services/text`);
    await page.getByTestId('text-input').fill(sentence);
    await page.getByTestId('text-analyse').click();
    const label = page.getByTestId('text-sentiment-label');
    await label.waitFor();
    const expected = JSON.parse(await api('POST', '/api/v1/text/sentiment', { text: sentence, language_code: 'en' }));
    assert.equal(await label.getAttribute('data-sentiment'), expected.sentiment);
    assert.equal(await page.getByTestId('text-sentiment-scores-bar').count(), 4);

    // Entities: the spans are the API's, cut at its code-point offsets.
    const entities = JSON.parse(await api('POST', '/api/v1/text/entities', { text: sentence, language_code: 'en' })).entities;
    assert.ok(entities.length > 0, 'the API finds entities in the sentence');
    await page.getByTestId('text-entities-span').first().waitFor();
    const spans = await page.getByTestId('text-entities-span').evaluateAll((els) =>
      els.map((el) => [el.dataset.type, el.firstChild.textContent]));
    assert.deepEqual(spans, entities.map((e) => [e.type, Array.from(sentence).slice(e.begin_offset, e.end_offset).join('')]));

    // PII: the e-mail address is highlighted; the redacted copy hides it.
    await page.getByTestId('text-tab-pii').click();
    const email = page.locator('[data-testid="text-pii-span"][data-type="EMAIL"]');
    await email.waitFor();
    assert.match(await email.textContent(), /^ada@example\.com/);
    await page.getByTestId('text-redact').check();
    const redacted = await page.getByTestId('text-redacted').textContent();
    assert.match(redacted, /\[EMAIL\]/);
    assert.ok(!redacted.includes('ada@example.com'));

    // Syntax: one chip per token.
    await page.getByTestId('text-tab-syntax').click();
    await page.getByTestId('text-token').first().waitFor();
    const tokens = JSON.parse(await api('POST', '/api/v1/text/syntax', { text: sentence, language_code: 'en' })).tokens;
    assert.equal(await page.getByTestId('text-token').count(), tokens.length);

    // The commands follow the input and the page's origin.
    const cli = await page.getByTestId('text-aws-command').textContent();
    assert.match(cli, /aws comprehend detect-syntax/);
    assert.ok(cli.includes(server.url) && cli.includes('ada@example.com'), cli);
  });
});

test('Translate: English to Spanish, and the pivot note', async (t) => {
  if (await missing('GET', '/api/v1/translate/languages')) return t.skip('the translate API is not on this server');
  await step('translate', async () => {
    const sentence = 'The black cat sleeps in the house.';
    await page.goto(`${server.url}/ai-services/translate`);
    await page.locator('[data-testid="translate-target"] option[value="es"]').waitFor({ state: 'attached' });
    await page.getByTestId('translate-source').selectOption('en');
    await page.getByTestId('translate-target').selectOption('es');
    await page.getByTestId('translate-input').fill(sentence);
    await page.getByTestId('translate-run').click();
    const output = page.getByTestId('translate-output');
    const text = await waitFor(async () => (await output.inputValue()) || null, { what: 'a translation' });
    assert.notEqual(text, sentence);
    const expected = JSON.parse(await api('POST', '/api/v1/translate', { text: sentence, source: 'en', target: 'es' }));
    assert.equal(text, expected.translated_text);

    // Swap: Spanish back to English, the translation becomes the input.
    await page.getByTestId('translate-swap').click();
    assert.equal(await page.getByTestId('translate-source').inputValue(), 'es');
    assert.equal(await page.getByTestId('translate-target').inputValue(), 'en');
    assert.equal(await page.getByTestId('translate-input').inputValue(), text);

    // A terminology uploaded from the page is listed, and once ticked its term comes out as given.
    await page.getByTestId('translate-source').selectOption('en');
    await page.getByTestId('translate-target').selectOption('es');
    await page.getByTestId('term-file').setInputFiles({
      name: 'brands.csv', mimeType: 'text/csv', buffer: Buffer.from('en,es\nblack cat,Gato Negro Lathe\n'),
    });
    assert.equal(await page.getByTestId('term-name').inputValue(), 'brands');
    await page.getByTestId('term-upload').click();
    const term = page.locator('[data-testid="terminology"][data-name="brands"]');
    await term.waitFor();
    await term.locator('input[type="checkbox"]').check();
    await page.getByTestId('translate-input').fill(sentence);
    await page.getByTestId('translate-run').click();
    await page.getByTestId('translate-applied').waitFor();
    assert.match(await output.inputValue(), /Gato Negro Lathe/);

    const languages = JSON.parse(await api('GET', '/api/v1/translate/languages'));
    if (languages.languages.some((l) => l.code === 'pt-PT') && !languages.pairs.some((p) => p.source === 'en' && p.target === 'pt-PT')) {
      await page.getByTestId('translate-source').selectOption('en');
      await page.getByTestId('translate-target').selectOption('pt-PT');
      await page.getByTestId('translate-route-pivot').waitFor();
      await page.getByTestId('translate-input').fill('The red car is in the street.');
      await page.getByTestId('translate-run').click();
      await page.getByTestId('translate-pivot').waitFor();
    }
  });
});

test('Speech: audio plays and the spoken word is highlighted', async (t) => {
  if (await missing('GET', '/api/v1/speech/voices')) return t.skip('the speech API is not on this server');
  await step('speech', async () => {
    await page.goto(`${server.url}/ai-services/speech`);
    await page.locator('[data-testid="speech-voice"] option[value="Joanna"]').waitFor({ state: 'attached' });
    await page.getByTestId('speech-text').fill('Mary had a little lamb. Its fleece was white as snow.');
    await page.getByTestId('speech-run').click();
    const audio = page.getByTestId('speech-audio');
    await audio.waitFor();
    assert.match(await audio.getAttribute('src'), /^blob:/);
    const words = page.getByTestId('speech-word');
    await words.first().waitFor();
    assert.equal(await words.count(), 11);
    assert.equal(await words.nth(3).textContent(), 'little');
    // Duration once the browser has decoded the MP3 (0 or NaN if it cannot).
    const duration = await waitFor(() => audio.evaluate((el) => (el.duration > 0 ? el.duration : null)), { ms: 10000, what: 'audio duration' })
      .catch(() => 0);
    if (duration > 0) {
      const littleAt = Number(await words.nth(3).getAttribute('data-time'));
      const lambAt = Number(await words.nth(4).getAttribute('data-time'));
      await audio.evaluate((el, s) => { el.currentTime = s; }, (littleAt + lambAt) / 2000);
      await waitFor(async () => (await words.nth(3).getAttribute('class')).includes('speaking'), { what: 'the word "little" highlighted' });
      assert.equal(await page.locator('[data-testid="speech-word"].speaking').count(), 1);
    }

    // SSML that does not parse: the error names its position.
    await page.getByTestId('speech-mode-ssml').click();
    await page.getByTestId('speech-text').fill('<speak>Hi <prosody rate="slow">there</speak>');
    await page.getByTestId('speech-run').click();
    const err = page.getByTestId('speech-ssml-error');
    await err.waitFor();
    assert.equal(await err.getAttribute('data-line'), '1');
    assert.match(await page.getByTestId('speech-error').textContent(), /column/);
  });
});

test('Documents: a word of a drawn PNG is boxed and listed', async (t) => {
  if (await missing('POST', '/api/v1/documents/analyze')) return t.skip('the documents API is not on this server');
  await step('documents', async () => {
    await page.goto(`${server.url}/ai-services/documents`);
    // A 600x200 white PNG with two words, drawn by the browser itself.
    const dataUrl = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 600;
      c.height = 200;
      const g = c.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, 600, 200);
      g.fillStyle = '#000';
      g.font = 'bold 56px sans-serif';
      g.fillText('INVOICE 2026', 40, 120);
      return c.toDataURL('image/png');
    });
    const buffer = Buffer.from(dataUrl.split(',')[1], 'base64');
    await page.getByTestId('svc-file-input').setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer });
    await page.getByTestId('doc-box-word').first().waitFor();
    const words = await page.getByTestId('doc-word').allTextContents();
    assert.ok(words.includes('INVOICE'), `words: ${JSON.stringify(words)}`);
    const box = await page.locator('[data-testid="doc-box-word"][data-text="INVOICE"]').boundingBox();
    assert.ok(box && box.width > 20 && box.height > 10, `box ${JSON.stringify(box)}`);
    await page.getByTestId('doc-layer-word').uncheck();
    assert.equal(await page.getByTestId('doc-box-word').count(), 0);
    const download = page.waitForEvent('download');
    await page.getByTestId('doc-download').click();
    const saved = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.ok(saved.blocks.some((b) => b.BlockType === 'WORD' && b.Text === 'INVOICE'));
  });
});

test('Faces: the astronaut photo has one face with 68 points', async (t) => {
  if (await missing('POST', '/api/v1/vision/faces')) return t.skip('the vision API is not on this server');
  assert.ok(existsSync(ASTRONAUT), `${ASTRONAUT} is missing`);
  await step('faces', async () => {
    await page.goto(`${server.url}/ai-services/faces`);
    await page.getByTestId('svc-file-input').setInputFiles(ASTRONAUT);
    await page.getByTestId('face-box').first().waitFor();
    assert.equal(await page.getByTestId('face-box').count(), 1);
    assert.equal(await page.getByTestId('face-point').count(), 68);
    assert.equal(await page.getByTestId('face-card').count(), 1);
    const conf = await page.getByTestId('face-confidence').textContent();
    assert.ok(parseFloat(conf) > 90, conf);
    // The drawn box sits over the image where the API puts the face.
    const api = await (await fetch(`${server.url}/api/v1/vision/faces`, { method: 'POST', body: readFileSync(ASTRONAUT) })).json();
    const img = await page.locator('.svc-stage-img').boundingBox();
    const drawn = await page.getByTestId('face-box').boundingBox();
    const scale = img.width / api.width;
    assert.ok(Math.abs(drawn.x - (img.x + api.faces[0].box.left * scale)) < 4, 'box left');
    assert.ok(Math.abs(drawn.width - api.faces[0].box.width * scale) < 4, 'box width');
    await page.getByTestId('faces-points').uncheck();
    assert.equal(await page.getByTestId('face-point').count(), 0);
  });
});
