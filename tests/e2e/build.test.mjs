// Browser test of the studio's Build and Model pages against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/build.test.mjs
// Uploads iris, trains it from the Build page with an 8-second budget, follows the live
// leaderboard until the job completes, opens the model and checks the confusion matrix (3
// classes, counts summing to the test rows, a clicked cell's details), the per-class table, a
// what-if prediction with its contributions chart, and a batch prediction of an uploaded CSV of
// iris rows (preview with the prediction columns, a download with one line per row, a CSV without
// the model's columns refused in place).
// Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, waitFor, writeIrisLikeCsv, failureStep } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const fixtures = mkdtempSync(join(tmpdir(), 'lathe-e2e-build-'));

let server;
let browser;
let page;
let irisCsv;
let modelUrl;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('build', () => ({ server, browser, page, outDir }));

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

test('upload iris', async () => {
  await step('upload', async () => {
    let iris = resolve(here, '../data/iris.csv');
    if (!existsSync(iris)) {
      iris = join(fixtures, 'iris.csv');
      writeIrisLikeCsv(iris);
    }
    irisCsv = iris;
    await page.goto(`${server.url}/datasets`);
    await page.setInputFiles('[data-testid="file-input"]', iris);
    await page.click('[data-testid="upload-button"]');
    await page.waitForSelector('[data-testid="upload-success"]');
  });
});

test('training iris from the Build page shows a live leaderboard and completes', async () => {
  await step('train', async () => {
    await page.click('[data-testid="nav-build"]');
    await page.waitForSelector('[data-testid="build-form"]');
    await page.selectOption('[data-testid="build-dataset-name"]', 'iris');
    await page.selectOption('[data-testid="build-target"]', 'species');
    await waitFor(async () => /Multiclass/.test(await page.innerText('[data-testid="problem-type"]')),
      { what: 'the detected problem type' });
    await page.click('[data-testid="build-advanced"]');
    await page.fill('[data-testid="build-seconds"]', '8');
    await page.click('[data-testid="build-start"]');
    await page.waitForURL(/\/build\/[^/]+$/);
    await page.waitForSelector('[data-testid="job-view"]');

    // The leaderboard fills in from the event stream while the job runs.
    await page.locator('[data-testid="leaderboard-row"]').first().waitFor({ timeout: 60000 });
    const state = await waitFor(async () => {
      const s = await page.getAttribute('[data-testid="job-state"]', 'data-state');
      return ['completed', 'failed', 'stopped'].includes(s) ? s : null;
    }, { ms: 150000, every: 500, what: 'the training job to end' });
    assert.equal(state, 'completed', await page.innerText('[data-testid="job-view"]'));
    const rows = await page.locator('[data-testid="leaderboard-row"]').count();
    assert.ok(rows >= 1, `leaderboard rows: ${rows}`);
    const best = Number(await page.innerText('[data-testid="best-score"]'));
    assert.ok(best > 0.5 && best <= 1, `best validation accuracy ${best}`);
    await page.locator('[data-testid="best-chart"] canvas').first().waitFor();
    await page.waitForSelector('[data-testid="job-done"]');
  });
});

test('the model page shows the confusion matrix and predicts a what-if row', async () => {
  await step('model', async () => {
    await page.click('[data-testid="open-model"]');
    await page.waitForURL(/\/models\/[^/]+$/);
    modelUrl = page.url();
    await page.waitForSelector('[data-testid="model-detail"]');
    await page.waitForSelector('[data-testid="metric-primary"]');
    const cm = page.locator('[data-testid="confusion-matrix"]');
    await cm.waitFor();
    const labels = (await cm.getAttribute('data-labels')).split('|');
    assert.deepEqual([...labels].sort(), ['setosa', 'versicolor', 'virginica']);
    const totalRows = Number(await cm.getAttribute('data-total'));
    assert.ok(totalRows >= 15 && totalRows <= 60, `test rows in the confusion matrix: ${totalRows}`);
    const canvas = cm.locator('canvas').first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `confusion matrix drawn (${JSON.stringify(box)})`);
    // A cell (through its keyboard button): its count is the matrix's, with its example rows.
    const counts = JSON.parse(await cm.getAttribute('data-counts'));
    const vi = labels.indexOf('virginica');
    const ve = labels.indexOf('versicolor');
    await page.locator('[data-testid="cm-cell-button"][data-actual="virginica"][data-predicted="versicolor"]').focus();
    await page.keyboard.press('Enter');
    const cell = page.locator('[data-testid="cm-cell"]');
    await cell.waitFor();
    assert.equal(await cell.getAttribute('data-actual'), 'virginica');
    assert.equal(await cell.getAttribute('data-predicted'), 'versicolor');
    assert.equal(Number(await page.innerText('[data-testid="cm-cell-count"]')), counts[vi][ve]);
    // The report keeps up to 10 test rows per cell: the panel lists them (or says the cell is empty).
    if (counts[vi][ve] === 0) {
      assert.match(await page.innerText('[data-testid="cm-cell-note"]'), /No test row fell in this cell/);
    } else {
      assert.equal(await page.locator('[data-testid="cm-cell-example"]').count(), Math.min(10, counts[vi][ve]));
    }
    await page.click('[data-testid="cm-cell-close"]');
    const se = labels.indexOf('setosa');
    await page.locator('[data-testid="cm-cell-button"][data-actual="setosa"][data-predicted="setosa"]').focus();
    await page.keyboard.press('Enter');
    await cell.waitFor();
    const examples = page.locator('[data-testid="cm-cell-example"]');
    assert.equal(await examples.count(), Math.min(10, counts[se][se]));
    assert.match(await examples.first().innerText(), /setosa/);  // the row's own target value
    // A mouse click on the canvas picks a cell too.
    await page.click('[data-testid="cm-cell-close"]');
    const box0 = await canvas.boundingBox();
    await page.mouse.click(box0.x + box0.width * 0.6, box0.y + box0.height * 0.45);
    await cell.waitFor();
    assert.ok(labels.includes(await cell.getAttribute('data-actual')));
    await page.click('[data-testid="cm-normalised"]');
    assert.equal(await page.getAttribute('[data-testid="cm-normalised"]', 'aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid="class-metrics-row"]').count(), 3);

    // What-if: the form starts from training medians; a typical setosa flower.
    await page.fill('[data-testid="whatif-field"][data-column="petal_length_cm"]', '1.4');
    await page.fill('[data-testid="whatif-field"][data-column="petal_width_cm"]', '0.2');
    await page.click('[data-testid="whatif-predict"]');
    await page.waitForSelector('[data-testid="whatif-result"]');
    assert.equal(await page.locator('[data-testid="prob-bar"]').count(), 3);
    assert.equal((await page.innerText('[data-testid="whatif-label"]')).trim(), 'setosa');
    // The contributions chart, when the ensemble has a tree member; otherwise the panel says why.
    await page.waitForSelector('[data-testid="whatif-contributions"], [data-testid="whatif-no-explainer"]');
    if (await page.locator('[data-testid="whatif-contributions"]').count()) {
      const columns = (await page.getAttribute('[data-testid="whatif-contributions"]', 'data-columns')).split('|');
      assert.ok(columns.includes('petal_length_cm'), `contribution columns: ${columns}`);
      await page.locator('[data-testid="contrib-chart"] canvas').first().waitFor();
    }

    await page.click('[data-testid="nav-models"]');
    await page.waitForSelector('[data-testid="model-row"]');
  });
});

test('batch prediction of an uploaded CSV shows the predictions and downloads them', async () => {
  await step('batch', async () => {
    // Five iris rows (two setosa, the rest from the other species), species column included.
    const lines = readFileSync(irisCsv, 'utf8').trim().split('\n');
    const header = lines[0];
    const body = lines.slice(1);
    const picked = [0, 1, 60, 110, 140].map((i) => body[i]);
    const file = join(fixtures, 'iris-rows.csv');
    writeFileSync(file, [header, ...picked].join('\n') + '\n');

    await page.goto(modelUrl);
    await page.waitForSelector('[data-testid="batch-predict"]');
    await page.setInputFiles('[data-testid="batch-file-input"]', file);
    await page.waitForSelector('[data-testid="batch-progress"]');
    const result = page.locator('[data-testid="batch-result"]');
    await result.waitFor({ timeout: 60000 });
    assert.equal(Number(await result.getAttribute('data-rows')), 5);
    assert.equal(await page.getAttribute('[data-testid="batch-progress"]', 'data-phase'), 'done');
    assert.equal(await page.locator('[data-testid="batch-preview-row"]').count(), 5);
    const predCols = await page.locator('[data-testid="batch-pred-col"]').allTextContents();
    assert.deepEqual(predCols.map((c) => c.trim()),
      ['predicted_label', 'prob_setosa', 'prob_versicolor', 'prob_virginica']);
    // The input columns come first, unchanged; the first two flowers are setosa.
    const headers = (await page.locator('[data-testid="batch-preview"] th').allTextContents()).map((c) => c.trim());
    assert.deepEqual(headers.slice(0, 5), header.split(','));
    const labelAt = headers.indexOf('predicted_label');
    const firstRow = await page.locator('[data-testid="batch-preview-row"]').first().locator('td').allInnerTexts();
    assert.equal(firstRow[labelAt].trim(), 'setosa');

    // The download has a header and one line per row, with the predictions.
    const href = await page.getAttribute('[data-testid="batch-download"]', 'href');
    const res = await fetch(new URL(href, server.url));
    assert.equal(res.status, 200);
    const csv = (await res.text()).trim().split(/\r?\n/);
    assert.equal(csv.length, 6, csv.join('\n'));
    const at = csv[0].split(',').indexOf('predicted_label');
    assert.ok(at >= 5, csv[0]);
    assert.deepEqual(csv.slice(1, 3).map((l) => l.split(',')[at]), ['setosa', 'setosa'], csv.join('\n'));

    // A CSV without the model's columns: the server's message names the missing column, in place.
    const bad = join(fixtures, 'wrong-columns.csv');
    writeFileSync(bad, 'height,weight\n1,2\n');
    await page.setInputFiles('[data-testid="batch-file-input"]', bad);
    const err = page.locator('[data-testid="batch-error"]');
    await err.waitFor({ timeout: 30000 });
    assert.match(await err.innerText(), /sepal_length_cm|sepal_width_cm|petal_length_cm|petal_width_cm/);
    assert.equal(await page.locator('[data-testid="batch-result"]').count(), 0);
  });
});

test('a binary model: the threshold slider recomputes the confusion matrix', async () => {
  await step('threshold', async () => {
    // A noisy two-class problem (seeded), trained through the API with a short budget.
    let x = 42;
    const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    const lines = ['a,b,c,label'];
    for (let i = 0; i < 300; i++) {
      const a = rand() * 4 - 2, b = rand() * 4 - 2, c = rand();
      lines.push(`${a.toFixed(3)},${b.toFixed(3)},${c.toFixed(3)},${a + 0.5 * b + (rand() - 0.5) * 2.5 > 0 ? 'yes' : 'no'}`);
    }
    const post = async (path, body, type) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': type }, body });
      assert.ok(res.ok, `${path}: ${res.status} ${await res.clone().text()}`);
      return res.json();
    };
    await post('/api/v1/datasets?name=noisy', lines.join('\n') + '\n', 'text/csv');
    const job = await post('/api/v1/training-jobs', JSON.stringify({ dataset: 'noisy', target: 'label', budget_s: 5 }), 'application/json');
    const done = await waitFor(async () => {
      const j = await (await fetch(`${server.url}/api/v1/training-jobs/${job.id}`)).json();
      return ['Completed', 'Failed', 'Stopped'].includes(j.state) ? j : null;
    }, { ms: 120000, every: 500, what: 'the binary training job' });
    assert.equal(done.state, 'Completed', JSON.stringify(done));
    const ev = (await (await fetch(`${server.url}/api/v1/models/${done.model_id}`)).json()).evaluation;
    const pos = ev.confusion_matrix.labels.indexOf(ev.positive_class);
    const neg = 1 - pos;

    await page.goto(`${server.url}/models/${done.model_id}`);
    const cm = page.locator('[data-testid="confusion-matrix"]');
    await cm.locator('canvas').first().waitFor();
    const countsAt = async () => JSON.parse(await cm.getAttribute('data-counts'));
    // The slider starts at 0.50: the matrix recovered from that row is the report's argmax one.
    assert.equal(await page.getAttribute('[data-testid="threshold"]', 'data-threshold'), '0.5');
    assert.deepEqual(await countsAt(), ev.confusion_matrix.counts);
    const total = ev.confusion_matrix.counts.flat().reduce((a, b) => a + b, 0);
    const slider = page.locator('[data-testid="threshold-slider"]');
    let lastPredictedPositive = Infinity;
    for (const [i, row] of ev.thresholds.rows.entries()) {
      await slider.fill(String(i));
      await waitFor(async () => Number(await page.getAttribute('[data-testid="threshold"]', 'data-threshold')) === row.threshold,
        { what: `threshold ${row.threshold}` });
      const m = await countsAt();
      assert.equal(m.flat().reduce((a, b) => a + b, 0), total);
      // Precision is not used to recover the counts: it checks them.
      const tp = m[pos][pos], fp = m[neg][pos];
      assert.ok(Math.abs((tp + fp ? tp / (tp + fp) : 0) - row.precision) < 1e-9, `precision at ${row.threshold}: ${JSON.stringify(m)}`);
      // A higher threshold never predicts more positives.
      assert.ok(tp + fp <= lastPredictedPositive, `positives at ${row.threshold}`);
      lastPredictedPositive = tp + fp;
    }
    await page.click('[data-testid="threshold-best"]');
    assert.equal(Number(await page.getAttribute('[data-testid="threshold"]', 'data-threshold')), ev.thresholds.best_f1.threshold);
  });
});

test('"Finish now" ends a long search and keeps the best model found so far', async () => {
  await step('finish-now', async () => {
    const lines = ['a,b,label'];
    for (let i = 0; i < 120; i++) lines.push(`${i % 11},${(i * 7) % 13},${(i % 11) + ((i * 7) % 13) > 11 ? 'hi' : 'lo'}`);
    let res = await fetch(`${server.url}/api/v1/datasets?name=finishing`, {
      method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: lines.join('\n') + '\n',
    });
    assert.ok(res.ok, `upload: ${res.status}`);
    res = await fetch(`${server.url}/api/v1/training-jobs`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dataset: 'finishing', target: 'label', budget_s: 600 }),
    });
    assert.equal(res.status, 202);
    const job = await res.json();
    await page.goto(`${server.url}/build/${job.id}`);
    // The button appears once a trial has a score to keep.
    await page.locator('[data-testid="job-finish-now"]').waitFor({ timeout: 60000 });
    await page.click('[data-testid="job-finish-now"]');
    const state = await waitFor(async () => {
      const s = await page.getAttribute('[data-testid="job-state"]', 'data-state');
      return ['completed', 'failed', 'stopped'].includes(s) ? s : null;
    }, { ms: 60000, every: 250, what: 'the job to end after Finish now' });
    assert.equal(state, 'stopped', await page.innerText('[data-testid="job-view"]'));
    // A model was kept: the page links to it and the API has it.
    await page.locator('[data-testid="open-model"]').waitFor();
    const ended = await (await fetch(`${server.url}/api/v1/training-jobs/${job.id}`)).json();
    assert.ok(typeof ended.model_id === 'string', JSON.stringify(ended));
    assert.ok(ended.progress.elapsed_seconds < 300, `elapsed ${ended.progress.elapsed_seconds}`);
  });
});
