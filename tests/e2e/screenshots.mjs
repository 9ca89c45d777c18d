// Regenerates the studio screenshots in docs/screenshots/ (run by `make screenshots`): starts a
// real `lathe serve` on a free port with an empty data directory, uploads tests/data/iris.csv,
// trains a quick model (10 s budget), deploys it to an endpoint when the server has endpoints,
// and saves a 1280x800 PNG of every page (the model page also with a batch prediction of a few
// uploaded rows, the endpoint page with a playground answer), the pipelines list, designer and a
// finished run, the AI services landing, Text (one text and a batch) and Faces pages, a custom
// classifier trained, deployed and tried, plus the model page in Vietnamese with the dark theme.
//
// Usage: LATHE_BINARY=build/lathe node tests/e2e/screenshots.mjs [out-dir]
// (LATHE_WEB_DIR=web/dist serves a fresh `npm run build` instead of the embedded studio.)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { launchBrowser, startServer, waitFor } from './harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = resolve(process.argv[2] ?? join(ROOT, 'docs/screenshots'));
const BINARY = process.env.LATHE_BINARY ?? join(ROOT, 'build/lathe');
const VIEWPORT = { width: 1280, height: 800 };

async function api(server, method, path, body, contentType = 'application/json') {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, json, text };
}

function must(r, what) {
  if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status}: ${r.text}`);
  return r.json;
}

// Waits until the page has settled: no spinner text, charts drawn, then a short pause for fonts.
async function settle(page, { charts = 0 } = {}) {
  await page.waitForLoadState('networkidle').catch(() => {});
  if (charts > 0) {
    await waitFor(async () => (await page.locator('.echart canvas').count()) >= charts,
      { ms: 20000, what: `${charts} chart(s)` });
  }
  await sleep(400);
}

// Scrolls the first element matching `selector` to the top of the window (below a small margin).
async function scrollTo(page, selector) {
  await page.locator(selector).first().evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16));
  await sleep(300);
}

async function shoot(page, name) {
  const file = join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`saved ${file}`);
}

// A labelled three-topic set (label, text) from each topic's own words, for the classifier shot.
function topicsCsv() {
  const words = {
    sports: ['goal', 'match', 'team', 'referee', 'stadium', 'coach', 'striker', 'league', 'penalty', 'season', 'fans', 'score'],
    cooking: ['recipe', 'oven', 'garlic', 'butter', 'simmer', 'sauce', 'flour', 'chef', 'pan', 'bake', 'onion', 'salt'],
    computers: ['software', 'keyboard', 'compiler', 'server', 'memory', 'laptop', 'database', 'network', 'bug', 'code', 'cpu', 'disk'],
  };
  const fillers = ['the', 'a', 'with', 'and', 'after', 'before', 'today', 'was', 'very', 'our'];
  const lines = ['label,text'];
  for (const [topic, vocab] of Object.entries(words)) {
    for (let i = 0; i < 40; i++) {
      const picked = [];
      for (let k = 0; k < 6; k++) picked.push(fillers[(i + k * 3) % fillers.length], vocab[(i * 5 + k * 7) % vocab.length]);
      lines.push(`${topic},${picked.join(' ')}`);
    }
  }
  return lines.join('\n') + '\n';
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer(BINARY);
  const browser = await launchBrowser();
  const { page, context } = browser;
  try {
    await page.setViewportSize(VIEWPORT);
    // A fixed look: English, light theme (the pickers are remembered in localStorage).
    await context.addInitScript(() => {
      if (!localStorage.getItem('lathe.locale')) localStorage.setItem('lathe.locale', 'en');
      if (!localStorage.getItem('lathe.theme')) localStorage.setItem('lathe.theme', 'light');
    });

    // Data: iris through the API (the upload UI has its own e2e test).
    const csv = readFileSync(join(ROOT, 'tests/data/iris.csv'), 'utf8');
    const ds = must(await api(server, 'POST', '/api/v1/datasets?name=iris', csv, 'text/csv'), 'upload iris');
    const job = must(await api(server, 'POST', '/api/v1/training-jobs',
      { dataset: ds.id, target: 'species', budget_s: 10, model_name: 'iris-species' }), 'start training');
    const done = await waitFor(async () => {
      const j = must(await api(server, 'GET', `/api/v1/training-jobs/${job.id}`), 'job');
      return ['Completed', 'Failed', 'Stopped'].includes(j.state) ? j : null;
    }, { ms: 120000, every: 1000, what: 'the training job to finish' });
    if (done.state !== 'Completed' || !done.model_id) throw new Error(`training ended ${done.state}: ${done.failure_reason}`);
    const modelId = done.model_id;

    // An endpoint, when this server has the deploy API.
    let endpoint = null;
    const ep = await api(server, 'POST', '/api/v1/endpoints', { name: 'iris', model_id: modelId });
    if (ep.status < 300) {
      endpoint = await waitFor(async () => {
        const e = must(await api(server, 'GET', '/api/v1/endpoints/iris'), 'endpoint');
        if (e.state === 'Failed') throw new Error(`endpoint failed: ${e.failure_reason}`);
        return e.state === 'InService' ? e : null;
      }, { ms: 60000, every: 500, what: 'the endpoint to be InService' });
      const rows = csv.trim().split('\n').slice(1);
      for (let i = 0; i < 40; i++) {
        const row = rows[(i * 37) % rows.length].split(',').slice(0, -1).join(',');
        await api(server, 'POST', '/endpoints/iris/invocations', row, 'text/csv');
      }
    } else {
      console.log(`no endpoint screenshots with a server lacking the deploy API (POST /api/v1/endpoints: ${ep.status})`);
    }

    const go = (path) => page.goto(`${server.url}${path}`);

    await go('/datasets');
    await page.waitForSelector('[data-testid="dataset-row"]');
    await settle(page);
    await shoot(page, 'datasets');

    await go(`/datasets/${encodeURIComponent(ds.id)}`);
    await waitFor(async () => (await page.innerText('[data-testid="preview-grid"]')).includes('setosa'),
      { what: 'preview rows' });
    await settle(page);
    await shoot(page, 'dataset-preview');

    await page.click('[data-testid="tab-profile"]');
    await page.waitForSelector('[data-testid="profile"]');
    await settle(page, { charts: 3 });
    await shoot(page, 'dataset-profile');

    await page.click('[data-testid="tab-insights"]');
    await page.selectOption('[data-testid="insights-target"]', 'species');
    await page.waitForSelector('[data-testid="feature-power"]', { timeout: 30000 });
    await settle(page, { charts: 1 });
    await shoot(page, 'dataset-insights');

    await go(`/prepare?dataset=${encodeURIComponent(ds.id)}`);
    await page.waitForSelector('[data-testid="add-step"]');
    await page.selectOption('[data-testid="add-step"]', 'filter');
    await page.fill('[data-testid="param-condition"]', 'petal_length_cm > 1.5');
    await page.waitForSelector('[data-testid="preview-table"]');
    await sleep(1200);
    await settle(page);
    await shoot(page, 'prepare');

    await go(`/prepare?dataset=${encodeURIComponent(ds.id)}&tab=sql`);
    await page.fill('[data-testid="sql-editor"]',
      'SELECT species, count(*) AS n, round(avg(petal_length_cm), 2) AS petal_length\nFROM iris\nGROUP BY species');
    await page.click('[data-testid="sql-run"]');
    await page.waitForSelector('[data-testid="sql-result"]');
    await settle(page);
    await shoot(page, 'prepare-sql');

    await go(`/build?dataset=${encodeURIComponent(ds.id)}`);
    await page.waitForSelector('[data-testid="build-form"]');
    await page.selectOption('[data-testid="build-target"]', 'species');
    await page.waitForSelector('.problem-pill');
    await settle(page);
    await shoot(page, 'build');

    await go(`/build/${encodeURIComponent(job.id)}`);
    await page.waitForSelector('[data-testid="job-done"]', { timeout: 30000 });
    await settle(page, { charts: 1 });
    await shoot(page, 'build-job');

    await go('/models');
    await page.waitForSelector('[data-testid="model-row"]');
    await settle(page);
    await shoot(page, 'models');

    await go(`/models/${encodeURIComponent(modelId)}`);
    await page.waitForSelector('[data-testid="confusion-matrix"] canvas');
    await settle(page, { charts: 2 });
    await shoot(page, 'model');
    // The evaluation: metric cards, confusion matrix (a clicked cell's details) and the what-if form.
    await page.locator('[data-testid="cm-cell-button"][data-actual="versicolor"][data-predicted="virginica"]')
      .evaluate((el) => el.click());
    await page.waitForSelector('[data-testid="cm-cell"]');
    await scrollTo(page, '[data-testid="metric-cards"]');
    await shoot(page, 'model-evaluation');
    await scrollTo(page, '[data-testid="curves"], [data-testid="per-class"]');
    await shoot(page, 'model-curves');

    // A what-if prediction with its contributions chart.
    await page.fill('[data-testid="whatif-field"][data-column="petal_length_cm"]', '4.9');
    await page.fill('[data-testid="whatif-field"][data-column="petal_width_cm"]', '1.6');
    await page.click('[data-testid="whatif-predict"]');
    await page.waitForSelector('[data-testid="whatif-contributions"] canvas, [data-testid="whatif-no-explainer"]');
    await settle(page);
    await scrollTo(page, '[data-testid="whatif-result"]');
    await shoot(page, 'model-whatif');

    // Batch prediction: a few iris rows dropped on the model page, then the preview.
    const rowsDir = mkdtempSync(join(tmpdir(), 'lathe-screenshots-'));
    const rowsFile = join(rowsDir, 'new-flowers.csv');
    const irisLines = csv.trim().split('\n');
    writeFileSync(rowsFile, [irisLines[0], ...[1, 2, 51, 52, 53, 101, 102, 120].map((i) => irisLines[i])].join('\n') + '\n');
    await page.setInputFiles('[data-testid="batch-file-input"]', rowsFile);
    await page.waitForSelector('[data-testid="batch-result"]', { timeout: 60000 });
    rmSync(rowsDir, { recursive: true, force: true });
    await settle(page);
    await scrollTo(page, '[data-testid="batch-predict"]');
    await shoot(page, 'model-batch');

    if (endpoint) {
      await go('/endpoints');
      await page.waitForLoadState('networkidle');
      await settle(page);
      await shoot(page, 'endpoints');
      await go('/endpoints/iris');
      await page.waitForLoadState('networkidle');
      await settle(page, { charts: 1 }).catch(() => {});
      await shoot(page, 'endpoint');
      // The playground with an answer: a virginica-like flower, the probabilities as bars.
      await page.fill('[data-testid="play-field"][data-column="petal_length_cm"]', '5.1');
      await page.fill('[data-testid="play-field"][data-column="petal_width_cm"]', '1.8');
      await page.click('[data-testid="play-send"]');
      await page.waitForSelector('[data-testid="play-result"][data-status="200"]');
      await settle(page);
      await scrollTo(page, '[data-testid="playground"]');
      await shoot(page, 'endpoint-playground');
    }

    // Pipelines: the designer with the tabular-classification template (auto-laid-out, the AutoML
    // step's property form), a finished run of the train-and-register template (every node
    // Succeeded, the Evaluate step's metrics and confusion matrix), then the list with the templates.
    // A dirty designer asks before it is left: accept.
    page.on('dialog', (d) => d.accept().catch(() => {}));
    await go('/pipelines/tabular-classification?template=tabular-classification');
    await page.waitForSelector('[data-testid="validation-panel"][data-valid="true"][data-stale="false"]', { timeout: 20000 });
    await page.click('[data-testid="auto-layout"]');
    await sleep(600);
    await page.locator('.react-flow__node[data-id="automl"] .pl-node-title').click();
    await page.waitForSelector('[data-testid="step-panel"][data-step="automl"]');
    // Auto-layout fits all eight steps in view: zoom in on the selected one (the wheel zooms
    // around the pointer) so the ports can be read.
    const automl = await page.locator('.react-flow__node[data-id="automl"]').boundingBox();
    await page.mouse.move(automl.x + automl.width / 2, automl.y + automl.height / 2);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -120);
      await sleep(80);
    }
    await settle(page);
    await shoot(page, 'pipeline-designer');

    await go('/pipelines/iris-train-register?template=train-and-register');
    await page.waitForSelector('[data-testid="validation-panel"][data-valid="true"][data-stale="false"]', { timeout: 20000 });
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="run-dialog"][open]');
    await page.click('[data-testid="run-start"]');
    await page.waitForURL(/\/pipelines\/iris-train-register\/runs\/[^/]+$/, { timeout: 30000 });
    await waitFor(async () => {
      const state = await page.getAttribute('[data-testid="run-state"]', 'data-state').catch(() => null);
      if (state === 'Failed' || state === 'Stopped') throw new Error(`the pipeline run ended ${state}`);
      return state === 'Succeeded';
    }, { ms: 180000, every: 500, what: 'the pipeline run to succeed' });
    const states = await page.locator('[data-testid="pipeline-node"]').evaluateAll((els) => els.map((e) => e.dataset.state));
    if (!states.length || states.some((st) => st !== 'Succeeded')) throw new Error(`run node states: ${states.join(', ')}`);
    await page.locator('.react-flow__node[data-id="evaluate"]').click();
    await page.waitForSelector('[data-testid="run-report"] [data-metric="accuracy"]');
    await page.waitForSelector('[data-testid="run-confusion-matrix"]');
    await settle(page, { charts: 1 });
    await shoot(page, 'pipeline-run');

    await go('/pipelines');
    await page.waitForSelector('[data-testid="pipeline-row"]');
    await page.waitForSelector('[data-testid="template-card"]');
    await settle(page);
    await shoot(page, 'pipelines');

    // The AI services: the landing grid, Text analysed (entities), Faces on the astronaut photo.
    await go('/ai-services');
    await page.waitForSelector('[data-testid="service-card-faces"]');
    await settle(page);
    await shoot(page, 'ai-services');
    await go('/ai-services/text');
    await page.click('[data-testid="text-analyse"]');
    await page.waitForSelector('[data-testid="text-entities-span"]');
    await page.waitForSelector('[data-testid="text-sentiment-label"]');
    await settle(page);
    await shoot(page, 'ai-text');
    await go('/ai-services/faces');
    await page.setInputFiles('[data-testid="svc-file-input"]', join(ROOT, 'tests/data/images/astronaut.png'));
    await page.waitForSelector('[data-testid="face-box"]');
    await settle(page);
    await shoot(page, 'ai-faces');

    // Text in batch (a few reviews, one row expanded) and a custom classifier trained on a
    // generated three-topic set, deployed and tried.
    await go('/ai-services/text/batch');
    await page.fill('[data-testid="batch-input"]', [
      'I love this hotel, the staff were wonderful and the room was perfect!',
      'Terrible service. The food was cold and I waited an hour.',
      'Dr. Ada Lovelace flew from London to Paris on March 3, 2026. Mail ada@example.com',
      'The room was fine, but the street outside was noisy at night.',
      'Check-in opens at 3 pm and breakfast is served until 10.',
    ].join('\n'));
    await page.click('[data-testid="batch-run"]');
    await page.waitForSelector('[data-testid="batch-results"]');
    await page.locator('[data-testid="batch-expand"]').nth(2).click();
    await page.waitForSelector('[data-testid="batch-entities-span"]');
    await settle(page);
    await scrollTo(page, '[data-testid="batch-results"]');
    await shoot(page, 'ai-text-batch');
    await go('/ai-services/classifiers');
    await page.setInputFiles('[data-testid="svc-file-input"]', { name: 'topics.csv', mimeType: 'text/csv', buffer: Buffer.from(topicsCsv()) });
    await page.waitForSelector('[data-testid="clf-dataset-chosen"]');
    await page.fill('[data-testid="clf-name"]', 'topics');
    await page.selectOption('[data-testid="clf-budget"]', '15');
    await page.click('[data-testid="clf-submit"]');
    await page.waitForSelector('[data-testid="clf-status"][data-status="TRAINED"]', { timeout: 180000 });
    await page.click('[data-testid="clf-deploy-button"]');
    await page.waitForSelector('[data-testid="clf-endpoint-status"][data-status="IN_SERVICE"]', { timeout: 60000 });
    await page.fill('[data-testid="clf-try-input"]', 'The chef melted butter in the pan and let the garlic sauce simmer.');
    await page.click('[data-testid="clf-try-run"]');
    await page.waitForSelector('[data-testid="clf-classes-bar"]');
    await settle(page);
    await shoot(page, 'ai-classifier');

    // The same model page in Vietnamese with the dark theme, switched with the pickers.
    await go(`/models/${encodeURIComponent(modelId)}`);
    await page.waitForSelector('[data-testid="confusion-matrix"] canvas');
    await page.selectOption('[data-testid="locale-select"]', 'vi');
    await page.click('[data-testid="theme-dark"]');
    await settle(page, { charts: 2 });
    await scrollTo(page, '[data-testid="metric-cards"]');
    await shoot(page, 'model-vi-dark');
    await page.selectOption('[data-testid="locale-select"]', 'en');
    await page.click('[data-testid="theme-light"]');
    if (browser.consoleErrors.length) throw new Error(`page errors: ${browser.consoleErrors.join('\n')}`);
  } catch (e) {
    console.error(server.log().split('\n').slice(-30).join('\n'));
    throw e;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
