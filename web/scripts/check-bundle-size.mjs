// Fails the build when the studio's main bundle (the JS and CSS that index.html loads up front)
// is larger than the budget, measured gzipped at level 9 like the embedding does.
// Usage: node scripts/check-bundle-size.mjs [dist-dir]  (default $LATHE_WEB_DIST, else dist/;
// LATHE_WEB_BUDGET_KB overrides the 450 KB budget)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? process.env.LATHE_WEB_DIST ?? new URL('../dist', import.meta.url).pathname;
const budgetKb = Number(process.env.LATHE_WEB_BUDGET_KB ?? 450);

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

// The main bundle: every script and stylesheet index.html references, plus modulepreloads.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const refs = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
let mainBytes = 0;
for (const ref of new Set(refs)) mainBytes += gz(join(dist, ref));

let totalBytes = 0;
const rows = [];
for (const file of walk(dist)) {
  const size = gz(file);
  totalBytes += size;
  if (/\.(js|css)$/.test(file)) rows.push(`  ${relative(dist, file).padEnd(44)} ${kb(size)} gzip`);
}
console.log(rows.sort().join('\n'));
console.log(`main bundle: ${kb(mainBytes)} gzip (budget ${budgetKb} KB); all files: ${kb(totalBytes)} gzip`);
if (refs.length === 0) {
  console.error('check-bundle-size: index.html references no script; is dist/ a vite build?');
  process.exit(1);
}
if (mainBytes > budgetKb * 1024) {
  console.error(`check-bundle-size: main bundle ${kb(mainBytes)} exceeds the ${budgetKb} KB budget`);
  process.exit(1);
}
