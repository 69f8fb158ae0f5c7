// Prints the gzip size of the initial JavaScript (the entry chunk and its static imports, from the
// Vite manifest) and fails the build when it is over the budget. Lazy routes are not counted.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET_KB = 250;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8'));

const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
if (entries.length === 0) throw new Error('bundle-size: no entry chunk in dist/.vite/manifest.json');

const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) visit(dep);
};
entries.forEach(([key]) => visit(key));

let raw = 0;
let gz = 0;
const rows = [];
for (const key of seen) {
  const file = manifest[key].file;
  if (!file.endsWith('.js')) continue;
  const buf = readFileSync(`${dist}${file}`);
  const size = gzipSync(buf, { level: 9 }).length;
  raw += buf.length;
  gz += size;
  rows.push(`  ${file}  ${(size / 1024).toFixed(1)} kB gzip`);
}
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).length;
console.log(
  `initial JavaScript: ${(gz / 1024).toFixed(1)} kB gzip (${(raw / 1024).toFixed(1)} kB raw) in ${rows.length} file(s); ${lazy} lazy chunk(s)`,
);
console.log(rows.join('\n'));
if (gz / 1024 > BUDGET_KB) {
  console.error(`initial JavaScript is over the budget of ${BUDGET_KB} kB gzip: load more of it lazily`);
  process.exit(1);
}
