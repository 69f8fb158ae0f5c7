// Installs npm <version> from the npm registry into /usr/local/lib/node_modules/npm (as the
// official node images lay it out), verifying the tarball against the given sha512 integrity.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';

const [version, integrity] = process.argv.slice(2);
if (!version || !integrity?.startsWith('sha512-')) {
  console.error('usage: install-npm.mjs <version> <sha512-integrity>');
  process.exit(2);
}
const registry = (process.env.npm_config_registry ?? 'https://registry.npmjs.org').replace(/\/$/, '');
const url = `${registry}/npm/-/npm-${version}.tgz`;
let tarball;
for (let attempt = 1; ; attempt++) {
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    tarball = Buffer.from(await res.arrayBuffer());
    break;
  } catch (err) {
    if (attempt >= 3) throw new Error(`fetching ${url}: ${err.message}`);
    await new Promise((r) => setTimeout(r, 2000 * attempt));
  }
}
const actual = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
if (actual !== integrity) {
  console.error(`npm ${version}: integrity mismatch (${actual})`);
  process.exit(1);
}
const dir = '/usr/local/lib/node_modules/npm';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
writeFileSync('/tmp/npm.tgz', tarball);
execFileSync('tar', ['-xzf', '/tmp/npm.tgz', '-C', dir, '--strip-components=1', '--no-same-owner']);
rmSync('/tmp/npm.tgz');
mkdirSync('/usr/local/bin', { recursive: true });
for (const bin of ['npm', 'npx']) {
  rmSync(`/usr/local/bin/${bin}`, { force: true });
  symlinkSync(`../lib/node_modules/npm/bin/${bin}-cli.js`, `/usr/local/bin/${bin}`);
}
console.log(`npm ${version} installed in ${dir}`);
