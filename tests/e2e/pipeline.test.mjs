// Browser test of the studio's pipeline designer against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/pipeline.test.mjs
// (to test a fresh studio build with an older binary: LATHE_WEB_DIR=web/dist, passed through.)
// Uploads tests/data/iris.csv, builds Dataset → Split → AutoML → Evaluate → Deploy by dragging
// palette items and port handles with page.mouse, checks that a model output into a dataset input
// is refused with its reason, exercises keyboard add / Delete / undo / redo, sets the properties in
// the side panel, saves, runs, waits for every node to show Succeeded in the run view, opens the
// Evaluate step's report and the Deploy step's endpoint link, and calls the endpoint; then opens
// a run that failed for a missing dataset succeeds after the upload and Retry; opens
// each template and checks that the server finds it valid; then collapses the palette and the side
// panel (button, `[` / `]`, remembered across a reload) and checks the canvas gets the width.
// Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, waitFor, failureStep } from './harness.mjs';

const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const IRIS = new URL('../data/iris.csv', import.meta.url).pathname;
const CLASSES = ['setosa', 'versicolor', 'virginica'];
const PIPELINE = 'iris-flow';
const ENDPOINT = 'iris-flow-live';

let server;
let browser;
let page;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('pipeline', () => ({ server, browser, page, outDir }));

async function api(method, path, body, contentType = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text && /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
}

const node = (id) => page.locator(`.react-flow__node[data-id="${id}"]`);
const handle = (id, handleId) => node(id).locator(`.react-flow__handle[data-handleid="${handleId}"]`);

async function center(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, 'element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

// Drags a palette item to (dx, dy) from the canvas's top-left corner with real mouse events.
async function dragFromPalette(type, dx, dy) {
  const from = await center(page.locator(`[data-testid="palette-item"][data-type="${type}"]`));
  const canvas = await page.locator('[data-testid="pipeline-canvas"]').boundingBox();
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 5, { steps: 4 });
  await page.mouse.move(canvas.x + dx, canvas.y + dy, { steps: 12 });
  await page.mouse.up();
}

// Drags from one port handle to another with real mouse events.
async function dragHandle(fromId, fromHandle, toId, toHandle) {
  const a = await center(handle(fromId, fromHandle));
  const b = await center(handle(toId, toHandle));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 8 });
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}

const edgeCount = () => page.locator('.react-flow__edge').count();

async function selectNode(id) {
  // Click the node's title (not a handle) to select it and open the side panel.
  await node(id).locator('.pl-node-title').click();
  await page.waitForSelector(`[data-testid="step-panel"][data-step="${id}"]`);
}

async function setProp(name, value) {
  const input = page.locator(`[data-testid="prop-input"][data-prop="${name}"]`);
  await input.fill(value);
}

before(async () => {
  server = await startServer(process.env.LATHE_BINARY);
  browser = await launchBrowser();
  page = browser.page;
  page.setDefaultTimeout(20000);
  // Room for two columns of steps away from the canvas edges (a connection dragged near an edge
  // pans the canvas).
  await page.setViewportSize({ width: 1600, height: 1000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('upload iris and open a new pipeline in the designer', async () => {
  await step('open', async () => {
    await api('POST', '/api/v1/datasets?name=iris', readFileSync(IRIS, 'utf8'), 'text/csv');
    await page.goto(`${server.url}/pipelines`);
    await page.waitForSelector('[data-testid="pipelines-empty"]');
    assert.equal(await page.locator('[data-testid="template-card"]').count() >= 2, true);
    await page.fill('[data-testid="new-pipeline-name"]', PIPELINE);
    await page.click('[data-testid="new-pipeline-create"]');
    await page.waitForURL(new RegExp(`/pipelines/${PIPELINE}$`));
    await page.waitForSelector('[data-testid="canvas-empty"]');
    // The palette comes from GET /api/v1/pipeline-step-types, grouped by category.
    for (const type of ['Dataset', 'Split', 'AutoML', 'Evaluate', 'Deploy', 'Condition', 'Fail']) {
      await page.waitForSelector(`[data-testid="palette-item"][data-type="${type}"]`);
    }
    assert.equal(await page.getAttribute('[data-testid="pipeline-version"]', 'data-version'), '');
  });
});

test('drag steps from the palette, connect typed ports, refuse a wrong type', async () => {
  await step('build', async () => {
    // Two columns of steps, far enough apart for the handles to be distinct.
    const spots = { Dataset: [110, 60], Split: [110, 300], AutoML: [480, 60], Evaluate: [480, 300], Deploy: [480, 540] };
    for (const [type, [dx, dy]] of Object.entries(spots)) {
      await dragFromPalette(type, dx, dy);
      await node(type.toLowerCase()).waitFor();
    }
    assert.equal(await page.locator('.react-flow__node').count(), 5);
    assert.equal(await page.locator('[data-testid="canvas-empty"]').count(), 0);
    // The drop landed where the pointer was (the node's top-left is near the drop point).
    const canvas = await page.locator('[data-testid="pipeline-canvas"]').boundingBox();
    const box = await node('automl').boundingBox();
    assert.ok(Math.abs(box.x - (canvas.x + 480 - 20)) < 8 && Math.abs(box.y - (canvas.y + 60 - 16)) < 8,
      `AutoML node at ${JSON.stringify(box)}, canvas ${JSON.stringify(canvas)}`);
    // Typed ports labelled with their artifact type.
    assert.equal(await handle('split', 'out:train').getAttribute('data-artifact'), 'dataset');
    assert.equal(await handle('evaluate', 'in:model').getAttribute('data-artifact'), 'model');

    await dragHandle('dataset', 'out:dataset', 'split', 'in:dataset');
    await dragHandle('split', 'out:train', 'automl', 'in:dataset');
    await dragHandle('automl', 'out:model', 'evaluate', 'in:model');
    await dragHandle('split', 'out:test', 'evaluate', 'in:dataset');
    await waitFor(async () => (await edgeCount()) === 4, { what: '4 edges', ms: 5000 });

    // A model output into a dataset input is refused, with the reason on screen.
    await dragHandle('automl', 'out:model', 'split', 'in:dataset');
    const toast = page.locator('[data-testid="pipeline-toast"][data-kind="error"]');
    await toast.waitFor();
    const reason = await toast.innerText();
    assert.match(reason, /automl\.model/);
    assert.match(reason, /split\.dataset/);
    assert.match(reason, /\bmodel\b[\s\S]*\bdataset\b/);
    assert.equal(await edgeCount(), 4);
    // A step feeding itself is refused too.
    await dragHandle('split', 'out:train', 'split', 'in:dataset');
    assert.equal(await edgeCount(), 4);

    await dragHandle('automl', 'out:model', 'deploy', 'in:model');
    await waitFor(async () => (await edgeCount()) === 5, { what: '5 edges', ms: 5000 });
  });
});

test('keyboard add, Delete, undo and redo', async () => {
  await step('keyboard', async () => {
    await page.focus('[data-testid="palette-item"][data-type="Fail"]');
    await page.keyboard.press('Enter');
    await node('fail').waitFor();
    await page.waitForSelector('[data-testid="step-panel"][data-step="fail"]');
    // Delete on the canvas removes the selected step; undo brings it back, redo removes it again.
    await node('fail').locator('.pl-node-title').click();
    await page.keyboard.press('Delete');
    await node('fail').waitFor({ state: 'detached' });
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await node('fail').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await node('fail').waitFor({ state: 'detached' });
    assert.equal(await page.locator('.react-flow__node').count(), 5);
    assert.equal(await edgeCount(), 5);
  });
});

test('set properties in the side panel and save', async () => {
  await step('save', async () => {
    await selectNode('dataset');
    await setProp('name', 'iris');
    await selectNode('split');
    await setProp('stratify', 'species');
    // A typed field refuses text that is not a number, with the reason.
    await setProp('test_fraction', 'lots');
    await page.waitForSelector('[data-testid="prop-field"][data-prop="test_fraction"] [data-testid="prop-error"]');
    await setProp('test_fraction', '0.25');
    await selectNode('automl');
    await setProp('target', 'species');
    await setProp('budget_seconds', '6');
    await selectNode('deploy');
    await setProp('endpoint', ENDPOINT);
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    // Live validation by the server: valid once every required field is set.
    await page.waitForSelector('[data-testid="validation-panel"][data-valid="true"][data-stale="false"]', { timeout: 15000 });

    await page.click('[data-testid="save"]');
    await waitFor(async () => (await page.getAttribute('[data-testid="pipeline-version"]', 'data-version')) === '1',
      { what: 'version 1 after save' });
    const saved = await api('GET', `/api/v1/pipelines/${PIPELINE}`);
    const steps = Object.fromEntries(saved.spec.steps.map((s) => [s.id, s]));
    assert.deepEqual(steps.evaluate.inputs, { model: 'automl.model', dataset: 'split.test' });
    assert.deepEqual(steps.split.properties, { stratify: 'species', test_fraction: 0.25 });
    assert.equal(steps.automl.properties.budget_seconds, 6);
    assert.ok(saved.spec.layout?.automl, 'node positions are saved as layout');
    const yaml = await api('GET', `/api/v1/pipelines/${PIPELINE}?format=yaml`);
    assert.match(yaml, /type: AutoML/);
  });
});

test('run it and watch every node succeed', async () => {
  await step('run', async () => {
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="run-dialog"][open]');
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(new RegExp(`/pipelines/${PIPELINE}/runs/[^/]+$`));
    await page.waitForSelector('[data-testid="pipeline-run"]');
    const ids = ['dataset', 'split', 'automl', 'evaluate', 'deploy'];
    let sawRunning = false;
    const states = await waitFor(async () => {
      const s = {};
      for (const id of ids) s[id] = await node(id).locator('[data-testid="pipeline-node"]').getAttribute('data-state');
      if (Object.values(s).includes('Running')) sawRunning = true;
      if (Object.values(s).includes('Failed')) return s;
      return Object.values(s).every((x) => x === 'Succeeded') ? s : null;
    }, { ms: 240000, every: 200, what: 'every node to show Succeeded' });
    assert.deepEqual(Object.values(states), ids.map(() => 'Succeeded'), JSON.stringify(states));
    assert.ok(sawRunning, 'a node was seen Running');
    await waitFor(async () => (await page.getAttribute('[data-testid="run-state"]', 'data-state')) === 'Succeeded',
      { what: 'the run to be Succeeded', ms: 30000 });
    // Each node shows its state and elapsed time.
    assert.match(await node('automl').innerText(), /Succeeded/);
    assert.match(await node('automl').locator('[data-testid="node-elapsed"]').innerText(), /\d/);

    // The Evaluate step shows its metrics and confusion matrix; the log is there.
    await node('evaluate').click();
    await page.waitForSelector('[data-testid="step-run-panel"][data-step="evaluate"]');
    await page.waitForSelector('[data-testid="run-report"] [data-metric="accuracy"]');
    const labels = await page.getAttribute('[data-testid="run-confusion-matrix"]', 'data-labels');
    assert.deepEqual(labels.split('|').sort(), CLASSES);
    await page.waitForSelector('[data-testid="step-log"]');
    // The Deploy step links to its endpoint page.
    await node('deploy').click();
    const link = page.locator('[data-testid="output-link-endpoint"]');
    assert.equal(await link.getAttribute('href'), `/endpoints/${ENDPOINT}`);
  });
});

test('the endpoint the pipeline deployed answers', async () => {
  await step('invoke', async () => {
    const answer = await waitFor(async () => {
      const res = await fetch(`${server.url}/endpoints/${ENDPOINT}/invocations`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', Accept: 'application/json' },
        body: '5.1,3.5,1.4,0.2\n',
      });
      return res.ok ? res.json() : null;
    }, { ms: 60000, every: 500, what: 'the endpoint to answer' });
    assert.equal(answer.predictions?.length, 1, JSON.stringify(answer));
    assert.equal(answer.predictions[0].predicted_label, 'setosa', JSON.stringify(answer));
    // The run view's endpoint link opens the endpoint page.
    await page.click('[data-testid="output-link-endpoint"]');
    await page.waitForURL(new RegExp(`/endpoints/${ENDPOINT}$`));
  });
});

test('a run that failed for want of a dataset succeeds after the upload and Retry', async () => {
  await step('retry', async () => {
    await api('POST', '/api/v1/pipelines', {
      name: 'late-data',
      steps: [
        { id: 'data', type: 'Dataset', properties: { name: 'iris-late' } },
        { id: 'split', type: 'Split', inputs: { dataset: 'data.dataset' }, properties: { stratify: 'species' } },
      ],
    });
    const run = await api('POST', '/api/v1/pipelines/late-data/runs', {});
    await page.goto(`${server.url}/pipelines/late-data/runs/${run.id}`);
    await waitFor(async () => (await page.getAttribute('[data-testid="run-state"]', 'data-state')) === 'Failed',
      { what: 'the run to fail (no dataset iris-late)', ms: 30000 });
    assert.match(await page.innerText('[data-testid="run-failure"]'), /iris-late/);
    await api('POST', '/api/v1/datasets?name=iris-late', readFileSync(IRIS, 'utf8'), 'text/csv');
    await page.click('[data-testid="run-retry"]');
    await waitFor(async () => (await page.getAttribute('[data-testid="run-state"]', 'data-state')) === 'Succeeded',
      { what: 'the retried run to succeed', ms: 60000 });
    assert.equal(await node('split').locator('[data-testid="pipeline-node"]').getAttribute('data-state'), 'Succeeded');
    const stored = await api('GET', `/api/v1/pipeline-runs/${run.id}`);
    assert.equal(stored.retries, 1);
    assert.equal(stored.steps.split.outputs.train.rows + stored.steps.split.outputs.test.rows, 150);
  });
});

test('the templates open as valid pipelines in the designer', async () => {
  await step('templates', async () => {
    for (const id of ['tabular-classification', 'train-and-register']) {
      await page.goto(`${server.url}/pipelines`);
      await page.click(`[data-testid="template-card"][data-template="${id}"] [data-testid="template-use"]`);
      await page.waitForURL(new RegExp(`/pipelines/${id}\\?template=${id}$`));
      await page.waitForSelector('[data-testid="pipeline-designer"]');
      // Checked by the server's validator against its own step types.
      await page.waitForSelector('[data-testid="validation-panel"][data-valid="true"][data-stale="false"]', { timeout: 15000 });
      assert.ok((await page.locator('.react-flow__node').count()) >= 5);
      assert.equal(await page.getAttribute('[data-testid="pipeline-version"]', 'data-version'), '');
    }
  });
});

test('the palette and the side panel collapse by button and key, remembered across reloads', async () => {
  await step('collapse', async () => {
    // The studio's default window width.
    await page.setViewportSize({ width: 1360, height: 900 });
    const width = async () => (await page.locator('[data-testid="pipeline-canvas"]').boundingBox()).width;
    const collapsed = (testId) => page.getAttribute(`[data-testid="${testId}"]`, 'data-collapsed');
    await page.goto(`${server.url}/pipelines/${PIPELINE}`);
    await page.waitForSelector('[data-testid="palette-item"]');
    const open = await width();
    assert.ok(open >= 620, `canvas ${open}px wide at 1360px with both panels open`);

    // The palette's toggle: a button with aria-expanded; collapsed, the items are gone.
    const paletteToggle = page.locator('[data-testid="pipeline-palette-toggle"]');
    assert.equal(await paletteToggle.getAttribute('aria-expanded'), 'true');
    await paletteToggle.click();
    await waitFor(async () => (await collapsed('pipeline-palette')) === 'true', { what: 'the palette to collapse' });
    assert.equal(await paletteToggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('[data-testid="palette-item"]').count(), 0);
    const noPalette = await width();
    assert.ok(noPalette >= open + 120, `canvas ${open}px → ${noPalette}px without the palette`);

    // `]` (outside a text field) collapses the side panel.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(']');
    await waitFor(async () => (await collapsed('side-panel')) === 'true', { what: 'the side panel to collapse' });
    assert.equal(await page.locator('[data-testid="validation-panel"]').count(), 0);
    const bare = await width();
    assert.ok(bare >= noPalette + 240, `canvas ${noPalette}px → ${bare}px without the side panel`);

    // Remembered across a reload (localStorage).
    await page.reload();
    await page.waitForSelector('[data-testid="pipeline-designer"]');
    assert.equal(await collapsed('pipeline-palette'), 'true');
    assert.equal(await collapsed('side-panel'), 'true');

    // Keyboard: the focused toggle opens its panel with Enter and keeps the focus; `[` works too.
    await page.focus('[data-testid="side-panel-toggle"]');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await collapsed('side-panel')) === 'false', { what: 'the side panel to open' });
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'side-panel-toggle');
    await page.waitForSelector('[data-testid="validation-panel"]');
    await page.keyboard.press('[');
    await waitFor(async () => (await collapsed('pipeline-palette')) === 'false', { what: 'the palette to open' });
    await page.waitForSelector('[data-testid="palette-item"][data-type="Dataset"]');
    // Typing `[` in a text field does not toggle anything.
    await page.fill('#pl-description', 'a [bracket]');
    assert.equal(await collapsed('pipeline-palette'), 'false');
    assert.equal(await collapsed('side-panel'), 'false');
    assert.equal(await page.inputValue('#pl-description'), 'a [bracket]');
  });
});
