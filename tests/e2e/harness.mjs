// Helpers for the studio's browser tests: start the real `lathe serve` on a free loopback port,
// launch Debian's Chromium through playwright-core, and clean both up, even on failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Polls `check` (sync or async) until it returns a truthy value or `ms` elapse.
export async function waitFor(check, { ms = 15000, every = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
}

// Starts `${binary} serve --port 0 --data-dir <tmp> --port-file <tmp>/port` and waits for the
// port file. Returns {url, stop(), log()}.
export async function startServer(binary) {
  if (!binary) throw new Error('LATHE_BINARY is not set (ctest sets it to the lathe binary)');
  if (!existsSync(binary)) throw new Error(`LATHE_BINARY ${binary} does not exist`);
  const dir = mkdtempSync(join(tmpdir(), 'lathe-e2e-'));
  const dataDir = join(dir, 'data');
  const portFile = join(dir, 'port');
  mkdirSync(dataDir);
  let output = '';
  const child = spawn(binary, ['serve', '--port', '0', '--data-dir', dataDir, '--port-file', portFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const killNow = () => { if (exited === null) child.kill('SIGKILL'); };
  process.on('exit', killNow);

  const stop = async () => {
    process.off('exit', killNow);
    if (exited === null) {
      child.kill('SIGTERM');
      const deadline = Date.now() + 5000;
      while (exited === null && Date.now() < deadline) await sleep(50);
      if (exited === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const port = await waitFor(() => {
      if (exited !== null) throw new Error(`lathe serve exited early (${JSON.stringify(exited)}):\n${output}`);
      if (!existsSync(portFile)) return null;
      const text = readFileSync(portFile, 'utf8').trim();
      return /^\d+$/.test(text) && Number(text) > 0 ? Number(text) : null;
    }, { ms: 30000, what: 'the server to write its port file' });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/healthz`)).ok, { ms: 15000, what: '/healthz' });
    return { url, dir, stop, log: () => output };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Launches headless Chromium with a fresh profile. Returns {context, page, close()}.
export async function launchBrowser() {
  const executablePath = process.env.LATHE_CHROMIUM || '/usr/bin/chromium';
  const profile = mkdtempSync(join(tmpdir(), 'lathe-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const close = async () => {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, consoleErrors, close };
}

// An iris-like CSV (150 rows, 3 species of 50, 5 columns) for when tests/data/iris.csv is absent.
export function writeIrisLikeCsv(path) {
  const species = [
    ['setosa', 5.0, 3.4, 1.5, 0.2],
    ['versicolor', 5.9, 2.8, 4.3, 1.3],
    ['virginica', 6.6, 3.0, 5.6, 2.0],
  ];
  const lines = ['sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species'];
  for (const [name, a, b, c, d] of species) {
    for (let i = 0; i < 50; i++) {
      const j = ((i * 7) % 11) / 10 - 0.5; // deterministic spread in [-0.5, 0.5]
      lines.push([a + j, b + j / 2, c + j / 2, Math.max(0.1, d + j / 4)].map((v) => v.toFixed(1)).join(',') + `,${name}`);
    }
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

// A `step(name, body)` for one test file: runs `body`, and when it throws saves a full-page
// screenshot and the server's log as <outDir>/e2e-<suite>-<name>.png / .server.log and adds their
// path and the page's console errors to the error. `state()` gives the file's current
// { server, browser, page, outDir } (they are set in `before`, after this is made).
export function failureStep(suite, state) {
  return async function step(name, body) {
    try {
      await body();
    } catch (e) {
      const { server, browser, page, outDir } = state();
      mkdirSync(outDir, { recursive: true });
      const shot = join(outDir, `e2e-${suite}-${name}.png`);
      await page?.screenshot({ path: shot, fullPage: true }).catch(() => {});
      if (server) writeFileSync(join(outDir, `e2e-${suite}-${name}.server.log`), server.log());
      e.message += `\n(screenshot: ${shot}; page errors: ${JSON.stringify(browser?.consoleErrors ?? [])})`;
      throw e;
    }
  };
}
