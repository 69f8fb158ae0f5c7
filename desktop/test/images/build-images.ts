// Local test images for STATUS Desktop: nothing can be pulled on our machines, so the tests build
// their own images from Debian packages (and npm for Node-RED). See ARCHITECTURE.md, "How we test".
//
//   status-test/base:1      debootstrap --variant=minbase bookworm, imported; host CA bundle and apt config
//   status-test/postgres:1  Debian's PostgreSQL 15, entrypoint like the official image's
//   status-test/redis:1     Debian's redis-server standing in for Dragonfly (DFLY_* variables)
//   status-test/nginx:1     Debian's nginx laid out like the official image
//   status-test/node:1      the host's Node.js binary (20) and npm, user node (1000:1000)
//   status-test/nodered:1   Node-RED 4 from npm on status-test/node:1
//   status-test/standin:1   HTTP stand-in for Grafana, MongoDB, the Governify registry and director
//
// Each image carries a content hash of its build inputs (its directory here, its parent's hash, and
// for the base the mirror, apt configuration and CA bundle) in the label org.status.test.inputs-hash:
// ensureTestImages() builds only images that are missing or whose inputs changed.
//
// Also a script: `npx tsx desktop/test/images/build-images.ts` builds them all, printing progress.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const INPUTS_HASH_LABEL = 'org.status.test.inputs-hash';
export const TEST_IMAGE_NAMES = ['base', 'postgres', 'redis', 'nginx', 'node', 'nodered', 'standin'] as const;
export type TestImageName = (typeof TEST_IMAGE_NAMES)[number];

const PARENT: Record<TestImageName, TestImageName | null> = {
  base: null,
  postgres: 'base',
  redis: 'base',
  nginx: 'base',
  node: 'base',
  nodered: 'node',
  standin: 'node',
};

/** Bump whenever buildBase/customizeRootfs change: the hashed inputs cannot see code changes. */
const BASE_RECIPE_VERSION = 'base-recipe-4';
const SUITE = 'bookworm';
const IMAGES_DIR = path.dirname(fileURLToPath(import.meta.url));
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
/** Where the host's CA bundle lives inside the images; untouched by update-ca-certificates' output. */
const IMAGE_CA_BUNDLE = '/usr/local/share/ca-certificates/status-host-ca-bundle.crt';

export function testImageTag(name: TestImageName): string {
  return `status-test/${name}:1`;
}

/**
 * The STATUS_*_IMAGE overrides that make stack/compose.yaml use the test images. Images the stack
 * builds (status-backend, status-frontend, nodered) are built for real, on the test images as their
 * bases: Node-RED is our image from stack/node-red on status-test/nodered, as the real stack builds
 * it on the official nodered/node-red.
 */
export function testImageEnv(): Record<string, string> {
  return {
    STATUS_POSTGRES_IMAGE: testImageTag('postgres'),
    STATUS_DRAGONFLY_IMAGE: testImageTag('redis'),
    STATUS_REVERSE_PROXY_IMAGE: testImageTag('nginx'),
    STATUS_NGINX_IMAGE: testImageTag('nginx'),
    STATUS_NODE_IMAGE: testImageTag('node'),
    STATUS_NODERED_BASE_IMAGE: testImageTag('nodered'),
    STATUS_GRAFANA_IMAGE: testImageTag('standin'),
    STATUS_MONGO_IMAGE: testImageTag('standin'),
    STATUS_REGISTRY_IMAGE: testImageTag('standin'),
    STATUS_DIRECTOR_IMAGE: testImageTag('standin'),
  };
}

export interface EnsureTestImagesOptions {
  /** Progress, one line at a time (build output included). Default: silent. */
  log?: (line: string) => void;
}

/**
 * Builds every test image that is missing or whose build inputs changed; a no-op (a few `docker
 * image inspect` calls) when all are current. Safe to call from several processes at once: they
 * take turns through a lock file.
 */
export async function ensureTestImages(opts: EnsureTestImagesOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const release = await acquireLock(log);
  try {
    const hashes = new Map<TestImageName, string>();
    for (const name of TEST_IMAGE_NAMES) {
      const parent = PARENT[name];
      hashes.set(name, inputsHash(name, parent ? must(hashes.get(parent)) : ''));
    }
    // Which images need work: missing, stale, or built on a parent that is being rebuilt.
    const stale = new Set<TestImageName>();
    for (const name of TEST_IMAGE_NAMES) {
      const parent = PARENT[name];
      const current = await imageInputsHash(testImageTag(name));
      if (current !== hashes.get(name) || (parent && stale.has(parent))) stale.add(name);
    }
    if (stale.size === 0) {
      log('test images: all current');
      return;
    }
    log(`test images: building ${[...stale].join(', ')}`);
    // Build in dependency order, two at a time (apt and npm downloads overlap with unpacking).
    const done = new Map<TestImageName, Promise<void>>();
    const slots = new Semaphore(2);
    const build = (name: TestImageName): Promise<void> => {
      const existing = done.get(name);
      if (existing) return existing;
      const parent = PARENT[name];
      const p = (async () => {
        if (parent) await build(parent);
        if (!stale.has(name)) return;
        await slots.run(async () => {
          const started = Date.now();
          const tag = testImageTag(name);
          const oldId = await imageId(tag);
          log(`[${name}] building ${tag}`);
          const lineLog = (line: string): void => log(`[${name}] ${line}`);
          if (name === 'base') await buildBase(must(hashes.get(name)), lineLog);
          else await buildFromDockerfile(name, must(hashes.get(name)), lineLog);
          const newId = await imageId(tag);
          if (oldId && newId && oldId !== newId) {
            // The previous build is untagged now; drop it unless containers still use it.
            await run('docker', ['image', 'rm', oldId], { quiet: true }).catch(() => undefined);
          }
          log(`[${name}] built ${tag} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        });
      })();
      done.set(name, p);
      return p;
    };
    const results = await Promise.allSettled(TEST_IMAGE_NAMES.map((name) => build(name)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    // Earlier builds still used by containers when they were replaced: drop the ones now unused.
    await run('docker', ['image', 'prune', '--force', '--filter', `label=${INPUTS_HASH_LABEL}`], {
      quiet: true,
      allowFailure: true,
    });
  } finally {
    release();
  }
}

// ---- inputs ----------------------------------------------------------------------------------

function inputsHash(name: TestImageName, parentHash: string): string {
  const h = createHash('sha256');
  h.update(`status-test-image\0${name}\0${parentHash}\0`);
  if (name === 'base') {
    const cfg = baseConfig();
    h.update(
      JSON.stringify({ ...cfg, caBundle: undefined, aptConf: undefined, version: BASE_RECIPE_VERSION }),
    );
    for (const [file, content] of cfg.aptConf) h.update(`\0apt:${file}\0${content}`);
    h.update('\0ca\0');
    h.update(cfg.caBundle);
    return h.digest('hex');
  }
  // The node image copies the host's Node.js and npm (see nodeContext): their versions are inputs.
  if (name === 'node') h.update(`\0host-node:${process.version}\0npm:${hostNpm().version}\0`);
  const dir = path.join(IMAGES_DIR, name);
  for (const file of listFiles(dir)) {
    const full = path.join(dir, file);
    const executable = (statSync(full).mode & 0o111) !== 0;
    h.update(`\0file:${file}:${executable ? 'x' : '-'}\0`);
    h.update(readFileSync(full));
  }
  return h.digest('hex');
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.name === 'node_modules') continue;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

interface BaseConfig {
  suite: string;
  mirror: string;
  securityMirror: string;
  /** Files of the host's /etc/apt/apt.conf.d that configure acquisition (proxy, mirror, validity). */
  aptConf: [string, string][];
  caBundle: Buffer;
}

let cachedBaseConfig: BaseConfig | undefined;

function baseConfig(): BaseConfig {
  if (cachedBaseConfig) return cachedBaseConfig;
  const sources = hostAptSources();
  const mirror =
    process.env.STATUS_TEST_DEBIAN_MIRROR ??
    sources.find((s) => s.suites.includes(SUITE))?.uri ??
    'http://deb.debian.org/debian';
  const securityMirror =
    process.env.STATUS_TEST_DEBIAN_SECURITY_MIRROR ??
    sources.find((s) => s.suites.includes(`${SUITE}-security`))?.uri ??
    'http://deb.debian.org/debian-security';
  const aptConf: [string, string][] = [];
  const confDir = '/etc/apt/apt.conf.d';
  if (existsSync(confDir)) {
    for (const file of readdirSync(confDir).sort()) {
      const full = path.join(confDir, file);
      if (!statSync(full).isFile()) continue;
      const content = readFileSync(full, 'utf8');
      if (/^\s*Acquire\s*::/im.test(content)) aptConf.push([file, content]);
    }
  }
  if (existsSync('/etc/apt/apt.conf'))
    aptConf.push(['00host-apt.conf', readFileSync('/etc/apt/apt.conf', 'utf8')]);
  if (!existsSync(HOST_CA_BUNDLE)) throw new Error(`${HOST_CA_BUNDLE} is missing: install ca-certificates`);
  cachedBaseConfig = {
    suite: SUITE,
    mirror,
    securityMirror,
    aptConf,
    caBundle: readFileSync(HOST_CA_BUNDLE),
  };
  return cachedBaseConfig;
}

interface AptSource {
  uri: string;
  suites: string[];
}

/** The host's Debian sources (one-line .list and deb822 .sources), binary entries only. */
function hostAptSources(): AptSource[] {
  const out: AptSource[] = [];
  const files: string[] = [];
  if (existsSync('/etc/apt/sources.list')) files.push('/etc/apt/sources.list');
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).sort()) if (/\.(list|sources)$/.test(f)) files.push(path.join(dir, f));
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string): string | undefined =>
          stanza.match(new RegExp(`^${name}:\\s*(.+)$`, 'mi'))?.[1]?.trim();
        if (!(field('Types') ?? '').split(/\s+/).includes('deb')) continue;
        if ((field('Enabled') ?? 'yes').toLowerCase() === 'no') continue;
        const uri = field('URIs')?.split(/\s+/)[0];
        if (uri) out.push({ uri, suites: (field('Suites') ?? '').split(/\s+/) });
      }
    } else {
      for (const line of text.split('\n')) {
        const m = line.match(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/);
        if (m?.[1] && m[2]) out.push({ uri: m[1], suites: [m[2]] });
      }
    }
  }
  return out.filter((s) => /^https?:\/\//.test(s.uri));
}

// ---- builds ----------------------------------------------------------------------------------

async function buildBase(hash: string, log: (line: string) => void): Promise<void> {
  const cfg = baseConfig();
  const work = mkdtempSync(path.join(os.tmpdir(), 'status-test-base-'));
  const rootfs = path.join(work, 'rootfs');
  try {
    await debootstrap(cfg, rootfs, log);
    customizeRootfs(rootfs, cfg);
    log('docker import');
    const changes = [
      `LABEL ${INPUTS_HASH_LABEL}=${hash}`,
      'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'ENV LANG=C.UTF-8',
      'ENV DEBIAN_FRONTEND=noninteractive',
      `ENV NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}`,
      'CMD ["bash"]',
    ];
    await pipeline(
      ['tar', ['--numeric-owner', '-C', rootfs, '-c', '.']],
      ['docker', ['import', ...changes.flatMap((c) => ['--change', c]), '-', testImageTag('base')]],
      log,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Where the pristine debootstrap result is kept (a tarball), so re-making the base takes seconds. */
function debootstrapCacheFile(cfg: BaseConfig): string {
  const dir = process.env.STATUS_TEST_CACHE_DIR ?? '/var/cache/status-test';
  const key = createHash('sha256').update(`${cfg.suite}\0minbase\0${cfg.mirror}`).digest('hex').slice(0, 16);
  return path.join(dir, `debootstrap-${cfg.suite}-minbase-${key}.tar`);
}

const DEBOOTSTRAP_CACHE_MAX_AGE_MS = 14 * 24 * 3600_000;

async function debootstrap(cfg: BaseConfig, rootfs: string, log: (line: string) => void): Promise<void> {
  const cache = debootstrapCacheFile(cfg);
  if (existsSync(cache) && Date.now() - statSync(cache).mtimeMs < DEBOOTSTRAP_CACHE_MAX_AGE_MS) {
    log(`debootstrap: reusing ${cache}`);
    mkdirSync(rootfs, { recursive: true });
    await run('tar', ['--numeric-owner', '-xpf', cache, '-C', rootfs], { onLine: log });
    return;
  }
  log(`debootstrap --variant=minbase ${cfg.suite} from ${cfg.mirror}`);
  await run('debootstrap', ['--variant=minbase', cfg.suite, rootfs, cfg.mirror], {
    onLine: (line) => {
      // Keep the log readable: one line per phase, not one per package.
      if (!/^I: (Retrieving|Validating|Extracting|Unpacking|Configuring) \S+( \S+)?\.*$/.test(line))
        log(line);
    },
  });
  try {
    mkdirSync(path.dirname(cache), { recursive: true });
    const partial = `${cache}.${process.pid}.partial`;
    await run('tar', ['--numeric-owner', '-cf', partial, '-C', rootfs, '.'], { onLine: log });
    renameSync(partial, cache);
    log(`debootstrap: cached in ${cache}`);
  } catch (err) {
    log(`debootstrap: not cached (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`);
  }
}

function customizeRootfs(rootfs: string, cfg: BaseConfig): void {
  const write = (file: string, content: string | Buffer, mode = 0o644): void => {
    const full = path.join(rootfs, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    chmodSync(full, mode);
  };
  // Sources: the host's mirror (whatever the host's apt can reach, containers can too).
  write(
    'etc/apt/sources.list',
    [
      `deb ${cfg.mirror} ${cfg.suite} main`,
      `deb ${cfg.mirror} ${cfg.suite}-updates main`,
      `deb ${cfg.securityMirror} ${cfg.suite}-security main`,
      '',
    ].join('\n'),
  );
  for (const [file, content] of cfg.aptConf) write(`etc/apt/apt.conf.d/${file}`, content);
  // TLS through the machine's CA: the bundle replaces the (absent) system one and is kept under
  // /usr/local/share/ca-certificates so update-ca-certificates keeps it when ca-certificates is installed.
  write('etc/ssl/certs/ca-certificates.crt', cfg.caBundle);
  write(IMAGE_CA_BUNDLE.slice(1), cfg.caBundle);
  write(
    'etc/apt/apt.conf.d/90status-test',
    [
      `Acquire::https::CAInfo "/etc/ssl/certs/ca-certificates.crt";`,
      'Acquire::Retries "3";',
      'APT::Install-Recommends "false";',
      'APT::Install-Suggests "false";',
      // Like the official debian images: no .debs kept in the layers.
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };',
      'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";',
      '',
    ].join('\n'),
  );
  // Smaller, faster installs: no documentation or translations.
  write(
    'etc/dpkg/dpkg.cfg.d/90status-test-nodoc',
    [
      'path-exclude /usr/share/doc/*',
      'path-include /usr/share/doc/*/copyright',
      'path-exclude /usr/share/man/*',
      'path-exclude /usr/share/info/*',
      'path-exclude /usr/share/locale/*',
      'path-exclude /usr/share/lintian/*',
      '',
    ].join('\n'),
  );
  // dpkg without fsync after every file: image layers are written once, and it is much faster.
  write('etc/dpkg/dpkg.cfg.d/90status-test-unsafe-io', 'force-unsafe-io\n');
  // No daemons started by package scripts during image builds (as in the official debian images).
  write('usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', 0o755);
  for (const dir of ['var/lib/apt/lists', 'var/cache/apt/archives']) {
    const full = path.join(rootfs, dir);
    if (!existsSync(full)) continue;
    for (const f of readdirSync(full)) {
      if (f === 'partial' || f === 'lock') continue;
      rmSync(path.join(full, f), { recursive: true, force: true });
    }
  }
  // Docker provides these at run time.
  rmSync(path.join(rootfs, 'etc/hostname'), { force: true });
  writeFileSync(path.join(rootfs, 'etc/resolv.conf'), '');
}

async function buildFromDockerfile(
  name: TestImageName,
  hash: string,
  log: (line: string) => void,
): Promise<void> {
  const context = name === 'node' ? nodeContext() : null;
  const dir = context ?? path.join(IMAGES_DIR, name);
  try {
    await dockerBuild(name, hash, dir, log);
  } finally {
    if (context) rmSync(context, { recursive: true, force: true });
  }
}

async function dockerBuild(name: TestImageName, hash: string, dir: string, log: (line: string) => void) {
  await run(
    'docker',
    [
      'build',
      '--pull=false',
      '--force-rm',
      '--label',
      `${INPUTS_HASH_LABEL}=${hash}`,
      '--tag',
      testImageTag(name),
      dir,
    ],
    // The classic builder: it uses local base images as they are, never asking a registry.
    { env: { ...process.env, DOCKER_BUILDKIT: '0' }, onLine: log },
  );
}

/** The host's npm (the one next to the running Node.js, else `npm root -g`). */
function hostNpm(): { dir: string; version: string } {
  const nextToNode = path.resolve(path.dirname(process.execPath), '../lib/node_modules/npm');
  const dir = existsSync(path.join(nextToNode, 'package.json'))
    ? nextToNode
    : path.join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm');
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
  return { dir, version };
}

/**
 * Build context of the node image: its directory plus the host's Node.js binary and npm. Debian's
 * bookworm nodejs is 18, and Vite 8 (the frontend build) needs Node.js 20.19 or later; nothing can
 * be pulled here, so the image carries the same Node.js as the host (same Debian, same glibc).
 */
function nodeContext(): string {
  const ctx = mkdtempSync(path.join(os.tmpdir(), 'status-test-node-'));
  cpSync(path.join(IMAGES_DIR, 'node'), ctx, { recursive: true });
  copyFileSync(process.execPath, path.join(ctx, 'node-bin'));
  chmodSync(path.join(ctx, 'node-bin'), 0o755);
  cpSync(hostNpm().dir, path.join(ctx, 'npm'), { recursive: true, dereference: true });
  return ctx;
}

// ---- docker and processes --------------------------------------------------------------------

async function imageInputsHash(tag: string): Promise<string | undefined> {
  const r = await run('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', tag], {
    quiet: true,
    allowFailure: true,
  });
  if (r.code !== 0) return undefined;
  const labels = JSON.parse(r.stdout.trim() || 'null') as Record<string, string> | null;
  return labels?.[INPUTS_HASH_LABEL];
}

async function imageId(tag: string): Promise<string | undefined> {
  const r = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], {
    quiet: true,
    allowFailure: true,
  });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

interface RunOptions {
  env?: NodeJS.ProcessEnv;
  onLine?: (line: string) => void;
  /** Collect stdout instead of reporting it line by line. */
  quiet?: boolean;
  allowFailure?: boolean;
}

interface RunResult {
  code: number;
  stdout: string;
}

const TAIL_LINES = 40;

function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    let stdout = '';
    const lines = (stream: NodeJS.ReadableStream, collect: boolean): void => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (collect) stdout += chunk;
        buf += chunk;
        const parts = buf.split(/\r?\n|\r/);
        buf = parts.pop() ?? '';
        for (const line of parts) emit(line);
      });
      stream.on('end', () => {
        if (buf) emit(buf);
      });
    };
    const emit = (line: string): void => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      if (!opts.quiet && line.trim()) opts.onLine?.(line);
    };
    lines(child.stdout, opts.quiet === true);
    lines(child.stderr, false);
    child.on('error', (err) => reject(new Error(`${cmd} could not start: ${err.message}`)));
    child.on('close', (code, signal) => {
      const exit = code ?? 128;
      if (exit !== 0 && !opts.allowFailure) {
        reject(
          new Error(
            `${cmd} ${args.slice(0, 3).join(' ')}... failed (${signal ?? `exit ${exit}`}); last output:\n${tail.join('\n')}`,
          ),
        );
        return;
      }
      resolve({ code: exit, stdout });
    });
  });
}

/** `a | b`, failing when either side fails. */
function pipeline(a: [string, string[]], b: [string, string[]], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const left = spawn(a[0], a[1], { stdio: ['ignore', 'pipe', 'pipe'] });
    const right = spawn(b[0], b[1], { stdio: ['pipe', 'pipe', 'pipe'] });
    left.stdout.pipe(right.stdin);
    const output: string[] = [];
    for (const s of [left.stderr, right.stdout, right.stderr]) {
      s.setEncoding('utf8');
      s.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim()) output.push(line);
      });
    }
    right.stdin.on('error', () => undefined); // EPIPE when docker dies first; reported by its exit code
    const codes: (number | null)[] = [null, null];
    let pending = 2;
    const settle = (i: number, code: number | null): void => {
      codes[i] = code;
      pending -= 1;
      if (pending > 0) return;
      for (const line of output) log(line);
      if (codes[0] !== 0 || codes[1] !== 0) {
        reject(
          new Error(
            `${a[0]} | ${b[0]} ${b[1][0] ?? ''} failed (exit ${codes[0]}, ${codes[1]}):\n${output.join('\n')}`,
          ),
        );
      } else resolve();
    };
    left.on('error', (err) => reject(err));
    right.on('error', (err) => reject(err));
    left.on('close', (code) => settle(0, code));
    right.on('close', (code) => settle(1, code));
  });
}

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

/** A machine-wide lock so concurrent test runs do not build the same images twice at once. */
async function acquireLock(log: (line: string) => void): Promise<() => void> {
  const file = path.join(os.tmpdir(), 'status-test-images.lock');
  const deadline = Date.now() + 30 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSafe(file));
    if (!Number.isInteger(holder) || holder <= 0 || !processAlive(holder)) {
      rmSync(file, { force: true }); // stale: its owner is gone
      continue;
    }
    if (Date.now() > deadline) throw new Error(`test images: ${file} held by pid ${holder} for 30 minutes`);
    if (!announced) {
      log(`test images: waiting for pid ${holder} (another run is building them)`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('test images: internal error (missing value)');
  return value;
}

// ---- script ----------------------------------------------------------------------------------

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const started = Date.now();
  const stamp = (): string => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
  ensureTestImages({ log: (line) => console.log(`${stamp()} ${line}`) }).then(
    () => {
      console.log(`${stamp()} test images ready: ${TEST_IMAGE_NAMES.map((n) => testImageTag(n)).join(' ')}`);
    },
    (err: unknown) => {
      console.error(`${stamp()} test images FAILED: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
