// Browser test of the studio's Build and Model pages against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/build.test.mjs
// Uploads iris, trains it from the Build page with an 8-second budget, follows the live
// leaderboard until the job completes, opens the model and checks the confusion matrix (3
// classes, counts summing to the test rows), the per-class table and a what-if prediction.
// Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startServer, waitFor, writeIrisLikeCsv } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const fixtures = mkdtempSync(join(tmpdir(), 'lathe-e2e-build-'));

let server;
let browser;
let page;

async function step(name, body) {
  try {
    await body();
  } catch (e) {
    mkdirSync(outDir, { recursive: true });
    const shot = join(outDir, `e2e-build-${name}.png`);
    await page?.screenshot({ path: shot, fullPage: true }).catch(() => {});
    if (server) writeFileSync(join(outDir, `e2e-build-${name}.server.log`), server.log());
    e.message += `\n(screenshot: ${shot}; page errors: ${JSON.stringify(browser?.consoleErrors ?? [])})`;
    throw e;
  }
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
  rmSync(fixtures, { recursive: true, force: true });
});

test('upload iris', async () => {
  await step('upload', async () => {
    let iris = resolve(here, '../data/iris.csv');
    if (!existsSync(iris)) {
      iris = join(fixtures, 'iris.csv');
      writeIrisLikeCsv(iris);
    }
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

    await page.click('[data-testid="nav-models"]');
    await page.waitForSelector('[data-testid="model-row"]');
  });
});
