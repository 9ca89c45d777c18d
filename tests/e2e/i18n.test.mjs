// Browser test of the studio's language and theme preferences against the real server:
//   LATHE_BINARY=build/lathe node --test tests/e2e/i18n.test.mjs
// Switches to Tiếng Việt with the picker, reloads, and expects Vietnamese navigation, headings and
// number formats (the choice is remembered); the dark theme survives a reload the same way; both
// pickers work from the keyboard. Screenshots of failures go to $LATHE_E2E_OUT (else cwd).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, waitFor, failureStep } from './harness.mjs';

const outDir = process.env.LATHE_E2E_OUT || process.cwd();

let server;
let browser;
let page;

// Runs a named part of the test; a failure leaves a screenshot and the server log (harness.mjs).
const step = failureStep('i18n', () => ({ server, browser, page, outDir }));

const text = async (selector) => (await page.innerText(selector)).trim();

before(async () => {
  server = await startServer(process.env.LATHE_BINARY);
  browser = await launchBrowser();
  page = browser.page;
  // A dataset with more than 1,000 rows, so the list shows a grouped number (1,000 vs 1.000).
  const lines = ['x,y'];
  for (let i = 0; i < 1234; i++) lines.push(`${i},${i % 3 === 0 ? 'a' : 'b'}`);
  const res = await fetch(`${server.url}/api/v1/datasets?name=many`, {
    method: 'POST', headers: { 'Content-Type': 'text/csv' }, body: lines.join('\n') + '\n',
  });
  assert.equal(res.status, 201, await res.text());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the studio starts in English', async () => {
  await step('english', async () => {
    await page.goto(`${server.url}/datasets`);
    await page.waitForSelector('[data-testid="dataset-row"]');
    assert.equal(await text('[data-testid="nav-datasets"]'), 'Datasets');
    assert.equal(await text('h1'), 'Datasets');
    assert.equal(await text('[data-testid="dataset-rows"]'), '1,234');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });
});

test('switching to Tiếng Việt translates at once and survives a reload', async () => {
  await step('vietnamese', async () => {
    await page.selectOption('[data-testid="locale-select"]', 'vi');
    await waitFor(async () => (await text('[data-testid="nav-datasets"]')) === 'Tập dữ liệu',
      { what: 'Vietnamese navigation without a reload' });
    await page.reload();
    await page.waitForSelector('[data-testid="dataset-row"]');
    assert.equal(await text('[data-testid="nav-datasets"]'), 'Tập dữ liệu');
    assert.equal(await text('[data-testid="nav-models"]'), 'Mô hình');
    assert.equal(await text('[data-testid="nav-build"]'), 'Huấn luyện');
    assert.equal(await text('h1'), 'Tập dữ liệu');
    assert.equal(await page.inputValue('[data-testid="locale-select"]'), 'vi');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    // Numbers follow the locale: a dot groups thousands in Vietnamese.
    assert.equal(await text('[data-testid="dataset-rows"]'), '1.234');
    // Other pages too, including ones loaded on demand.
    await page.click('[data-testid="nav-build"]');
    await page.waitForSelector('[data-testid="build-form"]');
    assert.equal(await text('h1'), 'Huấn luyện mô hình');
    assert.match(await text('[data-testid="build-start"]'), /Bắt đầu huấn luyện/);
  });
});

test('the dark theme is remembered and the pickers work from the keyboard', async () => {
  await step('theme', async () => {
    await page.click('[data-testid="theme-dark"]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    const dark = await page.evaluate(() => getComputedStyle(document.body.parentElement).backgroundColor);
    await page.reload();
    await page.waitForSelector('[data-testid="build-form"]');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
    assert.equal(await page.getAttribute('[data-testid="theme-dark"]', 'aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body.parentElement).backgroundColor), dark);

    // Keyboard: focus the light button and press Enter; focus the language select and pick English.
    await page.focus('[data-testid="theme-light"]');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body.parentElement).backgroundColor), dark);
    await page.focus('[data-testid="locale-select"]');
    await page.keyboard.press('ArrowUp'); // vi -> en (the first option)
    await waitFor(async () => (await text('[data-testid="nav-datasets"]')) === 'Datasets',
      { what: 'English again from the keyboard' });
    assert.equal(await page.getAttribute('[data-testid="locale-select"]', 'aria-label'), 'Language');
    assert.deepEqual(browser.consoleErrors, []);
  });
});

