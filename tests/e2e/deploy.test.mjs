// Browser test of the studio's Deploy path against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/deploy.test.mjs
// Uploads a generated iris-like CSV and trains it with a 10-second budget (through the API),
// opens the model, approves it with a comment (kept in the approval history), deploys it from the Deploy dialog, lands on the endpoint page,
// waits for InService, predicts a row from the playground (label and probability bars), shows a
// model error in place, runs the page's curl snippet (and the aws-cli one when Debian's awscli is
// installed) and checks the live charts count the calls; then deletes the endpoint.
// Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launchBrowser, startServer, waitFor, writeIrisLikeCsv, failureStep } from './harness.mjs';

const run = promisify(execFile);
const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const fixtures = mkdtempSync(join(tmpdir(), 'lathe-e2e-deploy-'));
const CLASSES = ['setosa', 'versicolor', 'virginica'];

let server;
let browser;
let page;
let modelId;
let endpointName;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('deploy', () => ({ server, browser, page, outDir }));

async function api(method, path, body, contentType = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// Checks a JSON invocation answer: one prediction of a known class whose probabilities sum to 1.
function assertPrediction(text, what) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    assert.fail(`${what} did not print JSON: ${text}`);
  }
  assert.equal(parsed.predictions?.length, 1, `${what}: ${text}`);
  const p = parsed.predictions[0];
  assert.ok(CLASSES.includes(p.predicted_label), `${what}: predicted_label ${p.predicted_label}`);
  const total = Object.values(p.probabilities).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-6, `${what}: probabilities sum to ${total}`);
  return p;
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

test('upload a CSV and build a model with a 10 s budget', async () => {
  await step('build', async () => {
    const csv = join(fixtures, 'flowers.csv');
    writeIrisLikeCsv(csv);
    await api('POST', '/api/v1/datasets?name=flowers', readFileSync(csv, 'utf8'), 'text/csv');
    const job = await api('POST', '/api/v1/training-jobs', { dataset: 'flowers', target: 'species', budget_s: 10 });
    const done = await waitFor(async () => {
      const j = await api('GET', `/api/v1/training-jobs/${job.id}`);
      return ['Completed', 'Failed', 'Stopped'].includes(j.state) ? j : null;
    }, { ms: 180000, every: 500, what: 'the training job to end' });
    assert.equal(done.state, 'Completed', JSON.stringify(done));
    modelId = done.model_id;
    assert.ok(modelId);
  });
});

test('approve the model and deploy it from its page', async () => {
  await step('deploy', async () => {
    await page.goto(`${server.url}/models/${encodeURIComponent(modelId)}`);
    await page.waitForSelector('[data-testid="registry-bar"]');
    const status = page.locator('[data-testid="approval-status"]');
    assert.equal(await status.getAttribute('data-status'), 'PendingManualApproval');
    // Approve asks for an optional comment; it is sent as the reason and shown in the history.
    const reason = 'Checked the confusion matrix: ok để triển khai';
    await page.click('[data-testid="approve-button"]');
    await page.waitForSelector('[data-testid="approval-dialog"][open]');
    await page.fill('[data-testid="approval-reason"]', reason);
    await page.click('[data-testid="approval-confirm"]');
    await waitFor(async () => (await status.getAttribute('data-status')) === 'Approved', { what: 'the Approved badge' });
    await page.waitForSelector('[data-testid="approval-dialog"]', { state: 'detached' });
    const registered = await api('GET', `/api/v1/models/${modelId}`);
    assert.equal(registered.approval_status, 'Approved');
    assert.equal(registered.approval_history.at(-1).reason, reason);
    await page.click('[data-testid="approval-history-toggle"]');
    const newest = page.locator('[data-testid="approval-history-row"]').first();
    assert.equal(await newest.getAttribute('data-status'), 'Approved');
    assert.equal((await newest.locator('[data-testid="approval-history-reason"]').innerText()).trim(), `“${reason}”`);
    // An over-long comment (the server keeps at most 1 KiB) is refused before it is sent.
    await page.click('[data-testid="reject-button"]');
    await page.fill('[data-testid="approval-reason"]', 'ư'.repeat(600));
    assert.ok(await page.isDisabled('[data-testid="approval-confirm"]'));
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="approval-dialog"]', { state: 'detached' });
    assert.equal(await status.getAttribute('data-status'), 'Approved');

    await page.click('[data-testid="deploy-button"]');
    await page.waitForSelector('[data-testid="deploy-dialog"][open]');
    endpointName = await page.inputValue('[data-testid="deploy-name"]');
    const model = await api('GET', `/api/v1/models/${modelId}`);
    // Suggested from the model name: lower case, dashes ("flowers-species").
    assert.equal(endpointName, model.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, ''));
    await page.click('[data-testid="deploy-submit"]');
    await page.waitForURL(new RegExp(`/endpoints/${endpointName}$`));
    await page.waitForSelector('[data-testid="endpoint-detail"]');
    const state = await waitFor(async () => {
      const s = await page.getAttribute('[data-testid="endpoint-state"]', 'data-state');
      return ['InService', 'Failed'].includes(s) ? s : null;
    }, { ms: 60000, every: 250, what: 'the endpoint to be InService' });
    assert.equal(state, 'InService', await page.innerText('[data-testid="endpoint-detail"]'));
    assert.equal(await page.locator('[data-testid="variant-row"]').count(), 1);
  });
});

test('the playground predicts a row and shows errors in place', async () => {
  await step('playground', async () => {
    // The form comes from the model's input columns; a typical setosa flower.
    await page.fill('[data-testid="play-field"][data-column="petal_length_cm"]', '1.4');
    await page.fill('[data-testid="play-field"][data-column="petal_width_cm"]', '0.2');
    await page.click('[data-testid="play-send"]');
    await page.waitForSelector('[data-testid="play-result"][data-status="200"]');
    assert.equal((await page.innerText('[data-testid="play-label"]')).trim(), 'setosa');
    const bars = page.locator('[data-testid="play-prob-bar"]');
    assert.equal(await bars.count(), 3);
    // The top bar is the predicted label and the bars add up to 1.
    assert.equal(await bars.first().getAttribute('data-label'), 'setosa');
    assert.match(await bars.first().getAttribute('class'), /\btop\b/);
    let total = 0;
    for (let i = 0; i < 3; i++) total += Number(await bars.nth(i).getAttribute('data-probability'));
    assert.ok(Math.abs(total - 1) < 1e-6, `probabilities sum to ${total}`);
    assert.equal((await page.innerText('[data-testid="play-variant"]')).trim(), 'AllTraffic');

    // Raw JSON with objects by column name.
    await page.click('[data-testid="play-mode-raw"]');
    await page.selectOption('[data-testid="play-content-type"]', 'application/json');
    const json = await page.inputValue('[data-testid="play-raw-body"]');
    assert.equal(JSON.parse(json).instances[0].petal_length_cm, 1.4);
    await page.fill('[data-testid="play-raw-body"]',
      '{"instances": [{"sepal_length_cm": 6.6, "sepal_width_cm": 3.0, "petal_length_cm": 5.6, "petal_width_cm": 2.1}]}');
    await page.click('[data-testid="play-send"]');
    await waitFor(async () => (await page.innerText('[data-testid="play-label"]')).trim() === 'virginica',
      { what: 'the virginica prediction' });

    // A row with too few columns: the server's message is shown in place.
    await page.selectOption('[data-testid="play-content-type"]', 'text/csv');
    await page.fill('[data-testid="play-raw-body"]', '5.1,3.5');
    await page.click('[data-testid="play-send"]');
    await page.waitForSelector('[data-testid="play-error"]');
    const status = Number(await page.getAttribute('[data-testid="play-result"]', 'data-status'));
    assert.ok(status >= 400 && status < 500, `status ${status}`);
    assert.ok((await page.innerText('[data-testid="play-error"]')).trim().length > 10);
    await page.click('[data-testid="play-mode-form"]');
  });
});

test('the curl snippet works as pasted', async () => {
  await step('snippets', async () => {
    await page.click('[data-testid="snippet-tab-curl"]');
    const curl = await page.innerText('[data-testid="snippet-code"]');
    assert.match(curl, new RegExp(`${server.url}/endpoints/${endpointName}/invocations`));
    const { stdout } = await run('sh', ['-c', curl], { timeout: 30000 });
    assert.equal(assertPrediction(stdout, 'the curl snippet').predicted_label, 'setosa');

    // Debian's awscli, when installed, runs the aws-cli snippet too.
    if (existsSync('/usr/bin/aws')) {
      await page.click('[data-testid="snippet-tab-aws"]');
      const aws = await page.innerText('[data-testid="snippet-code"]');
      // Debian's aws first on PATH (a version manager's shim may hold an older major version).
      const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}`, AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
      // Node gives children socket pairs, which /dev/stdout cannot be opened on: append to a
      // file instead (O_APPEND, so the body and the CLI's own JSON do not overwrite each other).
      const outFile = join(fixtures, 'aws.out');
      await run('sh', ['-c', `(${aws}) >> ${outFile}`], { timeout: 60000, env });
      const printed = readFileSync(outFile, 'utf8');
      const body = /\{"predictions":.*?\}\]\}/s.exec(printed);
      assert.ok(body, `the aws-cli snippet printed no predictions: ${printed}`);
      assertPrediction(body[0], 'the aws-cli snippet');
      assert.match(printed, /"InvokedProductionVariant":\s*"AllTraffic"/);
    }
  });
});

test('live charts count the calls; the endpoint is listed and can be deleted', async () => {
  await step('live', async () => {
    await page.locator('[data-testid="live-invocations-chart"] canvas').first().waitFor();
    const box = await page.locator('[data-testid="live-latency-chart"]').boundingBox();
    assert.ok(box && box.height >= 190, `latency chart box ${JSON.stringify(box)}`);
    // Form, JSON and curl calls succeeded; the short row was a 4xx.
    await waitFor(async () => Number((await page.innerText('[data-testid="live-invocations"]')).replace(/\D/g, '')) >= 3,
      { ms: 20000, what: 'the invocation count in the live charts' });
    await waitFor(async () => Number((await page.innerText('[data-testid="live-4xx"]')).replace(/\D/g, '')) >= 1,
      { ms: 20000, what: 'the 4xx count in the live charts' });

    await page.click('[data-testid="nav-endpoints"]');
    await page.waitForSelector(`[data-testid="endpoint-row"][data-name="${endpointName}"]`);
    await page.click(`[data-testid="endpoint-row"][data-name="${endpointName}"] a.strong-link`);
    await page.waitForSelector('[data-testid="endpoint-detail"]');
    await page.click('[data-testid="endpoint-delete"]');
    await page.click('[data-testid="confirm-button"]');
    await page.waitForURL(/\/endpoints$/);
    await page.waitForSelector('[data-testid="endpoints-empty"]');
  });
});
