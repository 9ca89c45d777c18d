// Browser test of the studio's Prepare page against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/prepare.test.mjs
// Uploads a small CSV with missing ages, builds fill_missing(age, median) then filter(age > 30)
// in the recipe editor, checks the per-step row counts (and that they change when the steps are
// reordered or a step fails), saves the result as version 2, and runs SQL in the SQL tab
// (result rows, a SQLite error, save as a dataset). Screenshots of failures go to
// $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startServer, waitFor, failureStep } from './harness.mjs';

const outDir = process.env.LATHE_E2E_OUT || process.cwd();
const fixtures = mkdtempSync(join(tmpdir(), 'lathe-e2e-prepare-'));

// 10 people, 3 without an age. Known ages sorted: 25 28 33 35 45 55 62, median 35.
const PEOPLE = [
  ['name', 'age', 'city'],
  ['Ann', '25', 'Hanoi'],
  ['Bao', '35', 'Hue'],
  ['Chi', '', 'Hanoi'],
  ['Dung', '45', 'Hue'],
  ['Em', '55', 'Da Nang'],
  ['Giang', '', 'Hanoi'],
  ['Hoa', '28', 'Hue'],
  ['Khanh', '62', 'Da Nang'],
  ['Lan', '', 'Hanoi'],
  ['Minh', '33', 'Hanoi'],
];
const known = PEOPLE.slice(1).map((r) => r[1]).filter((a) => a !== '').map(Number).sort((a, b) => a - b);
const median = known[Math.floor(known.length / 2)]; // 7 values: the middle one
const missing = PEOPLE.slice(1).filter((r) => r[1] === '').length;
// Rows kept by "age > 30": after filling with the median, and when nulls are filtered first.
const keptAfterFill = known.filter((a) => a > 30).length + (median > 30 ? missing : 0);
const keptWithoutFill = known.filter((a) => a > 30).length;
const cities = new Map();
for (const r of PEOPLE.slice(1)) cities.set(r[2], (cities.get(r[2]) ?? 0) + 1);

let server;
let browser;
let page;
let datasetId;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('prepare', () => ({ server, browser, page, outDir }));

const stepCard = (i) => page.locator('[data-testid="step-card"]').nth(i);
const rowsOut = async (i) => Number(await stepCard(i).locator('[data-testid="step-rows"]').getAttribute('data-rows-out'));
const total = async () => Number((await page.innerText('[data-testid="preview-total"]')).replace(/,/g, ''));

// Waits until step i reports `n` rows out and the preview is settled on the same count.
async function expectRows(i, n, what) {
  await waitFor(async () => {
    const card = stepCard(i);
    if ((await card.getAttribute('class'))?.includes('status-pending')) return false;
    if ((await card.locator('[data-testid="step-rows"]').count()) === 0) return false;
    return (await rowsOut(i)) === n && (await total()) === n;
  }, { what, ms: 20000 });
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

test('upload a small CSV with missing values', async () => {
  await step('upload', async () => {
    const csv = join(fixtures, 'people.csv');
    writeFileSync(csv, PEOPLE.map((r) => r.join(',')).join('\n') + '\n');
    await page.goto(`${server.url}/datasets`);
    await page.setInputFiles('[data-testid="file-input"]', csv);
    await page.click('[data-testid="upload-button"]');
    await page.waitForSelector('[data-testid="upload-success"]');
    await page.click('[data-testid="dataset-row"][data-name="people"] [data-testid="dataset-link"]');
    datasetId = (await page.innerText('[data-testid="detail-id"]')).trim();
    assert.match(datasetId, /^ds_/);
  });
});

test('a two-step recipe shows its row counts step by step', async () => {
  await step('recipe', async () => {
    await page.click('[data-testid="prepare-link"]');
    await page.waitForURL(/\/prepare\?dataset=/);
    await page.waitForSelector('[data-testid="recipe-empty"]');
    await waitFor(async () => (await total()) === PEOPLE.length - 1, { what: 'the unchanged preview (10 rows)' });

    // Step 1: fill the missing ages with the median.
    await page.selectOption('[data-testid="add-step"]', 'fill_missing');
    await stepCard(0).locator('[data-testid="step-incomplete"]').waitFor(); // columns is required
    await stepCard(0).locator('[data-testid="param-columns-add"]').selectOption('age');
    await stepCard(0).locator('[data-testid="param-strategy"]').selectOption('median');
    await expectRows(0, PEOPLE.length - 1, 'fill_missing to keep 10 rows');
    assert.equal(await page.locator('[data-testid="preview-table"] td .null').count(), 0, 'no null age is left');

    // Step 2: keep people older than 30.
    await page.selectOption('[data-testid="add-step"]', 'filter');
    await stepCard(1).locator('[data-testid="param-condition"]').fill('age > 30');
    await expectRows(1, keptAfterFill, `filter to keep ${keptAfterFill} rows`);
    assert.equal(Number(await stepCard(1).locator('[data-testid="step-rows"]').getAttribute('data-rows-in')), 10);
    assert.equal(await page.locator('[data-testid="preview-table"] [data-testid="result-row"]').count(), keptAfterFill);
    assert.equal(await page.getAttribute('[data-testid="row-wise"]', 'data-row-wise'), 'true');

    // Filtering before filling drops the rows without an age: the counts follow the order.
    await stepCard(1).locator('[data-testid="step-up"]').click();
    assert.equal(await stepCard(0).getAttribute('data-op'), 'filter');
    await expectRows(0, keptWithoutFill, `filter first to keep ${keptWithoutFill} rows`);
    await stepCard(1).locator('[data-testid="step-up"]').click();
    await expectRows(1, keptAfterFill, 'the original order again');

    // A mistake in the formula is reported under its step, naming the column.
    await stepCard(1).locator('[data-testid="param-condition"]').fill('agee > 30');
    const error = stepCard(1).locator('[data-testid="step-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /agee/);
    assert.equal(await stepCard(0).locator('[data-testid="step-error"]').count(), 0);
    await stepCard(1).locator('[data-testid="param-condition"]').fill('age > 30');
    await error.waitFor({ state: 'detached' });
    await expectRows(1, keptAfterFill, 'the fixed filter');
  });
});

test('saving the recipe makes version 2 of the dataset', async () => {
  await step('save', async () => {
    assert.equal(await page.inputValue('[data-testid="save-name"]'), 'people');
    await page.click('[data-testid="save-version"]');
    await page.waitForURL((url) => /\/datasets\/ds_/.test(url.pathname) && !url.pathname.endsWith(datasetId));
    await waitFor(async () => /v2/.test(await page.innerText('[data-testid="detail-name"]')), { what: 'v2 detail page' });
    assert.equal((await page.innerText('[data-testid="detail-rows"]')).trim(), String(keptAfterFill));
    await page.goto(`${server.url}/datasets`);
    const rows = page.locator('[data-testid="dataset-row"][data-name="people"]');
    await waitFor(async () => (await rows.count()) === 2, { what: 'two versions of people in the list' });
    const text = await page.innerText('[data-testid="datasets-table"]');
    assert.match(text, /v2/);
  });
});

test('the SQL tab runs a query, shows SQLite errors and saves the result', async () => {
  await step('sql', async () => {
    await page.goto(`${server.url}/prepare?dataset=${datasetId}&tab=sql`);
    await page.waitForSelector('[data-testid="sql-editor"]');
    assert.equal(await page.inputValue('[data-testid="alias-name"]'), 'people');
    await page.fill('[data-testid="sql-editor"]', 'SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY city');
    await page.press('[data-testid="sql-editor"]', 'Control+Enter');
    await page.waitForSelector('[data-testid="sql-result"]');
    assert.equal((await page.innerText('[data-testid="sql-row-count"]')).trim(), String(cities.size));
    const rows = page.locator('[data-testid="sql-result"] [data-testid="result-row"]');
    assert.equal(await rows.count(), cities.size);
    const hanoi = rows.filter({ hasText: 'Hanoi' });
    assert.match(await hanoi.innerText(), new RegExp(`\\b${cities.get('Hanoi')}\\b`));

    await page.fill('[data-testid="sql-editor"]', 'SELECT nope FROM people');
    await page.click('[data-testid="sql-run"]');
    const error = page.locator('[data-testid="sql-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /nope/);

    await page.fill('[data-testid="sql-editor"]', 'SELECT city, avg(age) AS mean_age FROM people GROUP BY city');
    await page.press('[data-testid="sql-editor"]', 'Control+Enter');
    await error.waitFor({ state: 'detached' });
    await page.fill('[data-testid="sql-save-name"]', 'age_by_city');
    await page.click('[data-testid="sql-save"]');
    await page.waitForSelector('[data-testid="sql-saved"]');
    assert.match(await page.innerText('[data-testid="sql-saved"]'), new RegExp(`age_by_city.*${cities.size} rows`));
  });
});
