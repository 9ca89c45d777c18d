// Browser test of the studio's Datasets page against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/datasets.test.mjs
// Starts `lathe serve` on a free port, drives Debian's Chromium with playwright-core, uploads
// iris, checks the list, preview grid, profile histogram and class balance, and checks that a
// ragged CSV's error names its line. Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, waitFor, writeIrisLikeCsv, failureStep } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const fixtures = mkdtempSync(join(tmpdir(), 'lathe-e2e-fixtures-'));

let server;
let browser;
let page;

// Runs one step; on failure saves a screenshot and the server log, then rethrows.
// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('datasets', () => ({ server, browser, page, outDir }));

// GET with explicit headers, without decompressing (fetch would hide the encoding).
function rawGet(url, headers = {}) {
  return new Promise((ok, fail) => {
    http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

// GET as a browser would (gzip accepted); returns the decoded body as text.
async function browserGet(url) {
  const r = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br' });
  const body = r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body;
  return { ...r, text: body.toString() };
}

const count = (selector) => page.locator(selector).count();

before(async () => {
  server = await startServer(process.env.LATHE_BINARY);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(20000);
});

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(fixtures, { recursive: true, force: true });
});

test('the server serves the studio with an SPA fallback and gzip', async () => {
  const root = await browserGet(`${server.url}/`);
  assert.equal(root.status, 200);
  assert.match(String(root.headers['content-type']), /text\/html/);
  assert.match(root.text, /<div id="root">/);
  const deep = await browserGet(`${server.url}/datasets/ds_does_not_exist`);
  assert.equal(deep.status, 200, 'non-/api/ paths fall back to index.html');
  assert.match(deep.text, /<div id="root">/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(root.text)?.[1];
  assert.ok(script, 'index.html references a script');
  const gz = await rawGet(`${server.url}${script}`, { 'Accept-Encoding': 'gzip' });
  assert.equal(gz.status, 200);
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.match(String(gz.headers['content-type']), /javascript/);
  // Without Accept-Encoding the server may decompress or refuse, but never send gzip unlabelled.
  const plain = await rawGet(`${server.url}${script}`);
  if (plain.status === 200 && plain.headers['content-encoding'] === undefined) {
    assert.notDeepEqual([...plain.body.subarray(0, 2)], [0x1f, 0x8b], 'gzip bytes sent as plain');
  } else if (plain.status === 200) {
    assert.fail(`sent Content-Encoding: ${plain.headers['content-encoding']} to a client that did not ask`);
  } else {
    assert.ok(plain.status >= 400, `status ${plain.status}`);
  }
});

test('uploading iris lists it with 150 rows', async () => {
  await step('upload', async () => {
    let iris = resolve(here, '../data/iris.csv');
    if (!existsSync(iris)) {
      iris = join(fixtures, 'iris.csv');
      writeIrisLikeCsv(iris);
    }
    await page.goto(`${server.url}/`);
    await page.waitForSelector('[data-testid="dropzone"]');
    await page.setInputFiles('[data-testid="file-input"]', iris);
    assert.equal(await page.inputValue('[data-testid="dataset-name"]'), 'iris');
    await page.click('[data-testid="upload-button"]');
    await page.waitForSelector('[data-testid="upload-success"]');
    const row = page.locator('[data-testid="dataset-row"][data-name="iris"]');
    await row.first().waitFor();
    assert.equal((await row.first().locator('[data-testid="dataset-rows"]').innerText()).trim(), '150');
  });
});

test('the preview grid shows typed headers and the rows', async () => {
  await step('preview', async () => {
    await page.click('[data-testid="dataset-row"][data-name="iris"] [data-testid="dataset-link"]');
    await page.waitForSelector('[data-testid="preview-grid"]');
    assert.match(await page.innerText('[data-testid="detail-name"]'), /iris/);
    assert.equal((await page.innerText('[data-testid="detail-rows"]')).trim(), '150');
    await waitFor(async () => (await page.innerText('[data-testid="preview-grid"]')).includes('setosa'),
      { what: '"setosa" in the preview grid' });
    const headers = page.locator('[data-testid="grid-header-cell"]');
    assert.equal(await headers.count(), 5);
    for (let i = 0; i < 5; i++) {
      assert.equal(await headers.nth(i).locator('[data-testid="type-badge"]').count(), 1);
    }
    assert.equal(await headers.first().getAttribute('data-column'), 'sepal_length_cm');
    // Virtualized: far fewer rows in the DOM than in the dataset... once scrolled, the end shows.
    assert.ok((await count('[data-testid="grid-row"]')) < 150);
    await page.locator('[data-testid="preview-grid"]').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await waitFor(async () => (await page.innerText('[data-testid="preview-grid"]')).includes('virginica'),
      { what: '"virginica" after scrolling to the end' });
  });
});

test('the profile tab draws a histogram for sepal_length_cm', async () => {
  await step('profile', async () => {
    await page.click('[data-testid="tab-profile"]');
    const canvas = page.locator('[data-testid="histogram-sepal_length_cm"] canvas');
    await canvas.first().waitFor();
    const box = await canvas.first().boundingBox();
    assert.ok(box && box.width > 50 && box.height > 50, `histogram canvas is drawn (${JSON.stringify(box)})`);
    assert.equal(await count('[data-testid^="profile-card-"]'), 5);
  });
});

test('the quality tab shows class balance for species', async () => {
  await step('quality', async () => {
    await page.click('[data-testid="tab-quality"]');
    await page.waitForSelector('[data-testid="target-select"]');
    await page.selectOption('[data-testid="target-select"]', 'species');
    await page.waitForSelector('[data-testid="class-balance"]');
    await waitFor(async () => (await count('[data-testid="class-row"]')) === 3, { what: '3 class rows' });
    assert.equal((await page.innerText('[data-testid="class-count"]')).trim(), '3');
    await page.locator('[data-testid="class-balance-chart"] canvas').first().waitFor();
  });
});

test('a deep link to the dataset loads after a reload', async () => {
  await step('deeplink', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid="detail-name"]');
    assert.match(await page.innerText('[data-testid="detail-name"]'), /iris/);
  });
});

test('a ragged CSV is refused with its line number shown', async () => {
  await step('ragged', async () => {
    const ragged = join(fixtures, 'ragged.csv');
    writeFileSync(ragged, 'a,b,c\n1,2,3\n4,5,6\n7,8\n10,11,12\n');
    await page.goto(`${server.url}/datasets`);
    await page.setInputFiles('[data-testid="file-input"]', ragged);
    await page.click('[data-testid="upload-button"]');
    const error = page.locator('[data-testid="upload-error"]');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /line 4/, `the error names line 4: ${text}`);
    assert.equal(await count('[data-testid="dataset-row"][data-name="ragged"]'), 0);
  });
});

test('downloading returns the uploaded bytes and deleting removes the dataset', async () => {
  await step('delete', async () => {
    await page.goto(`${server.url}/datasets`);
    await page.click('[data-testid="dataset-row"][data-name="iris"] [data-testid="dataset-link"]');
    const href = await page.getAttribute('[data-testid="download-link"]', 'href');
    const download = await browserGet(`${server.url}${href}`);
    assert.equal(download.status, 200);
    assert.match(download.text, /^sepal_length_cm,/);
    await page.click('[data-testid="delete-button"]');
    await page.waitForSelector('[data-testid="confirm-dialog"][open]');
    await page.click('[data-testid="confirm-button"]');
    await page.waitForURL(`${server.url}/datasets`);
    await waitFor(async () => (await count('[data-testid="dataset-row"][data-name="iris"]')) === 0,
      { what: 'iris to leave the list' });
  });
});
