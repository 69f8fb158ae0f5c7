// serviceLogs / mergedLogs / lastLines against the real engine: containers labelled like Compose's,
// running status-test/node:1 (built by the test global setup; ST_LOGS_TEST_IMAGE overrides it).
import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStatusError } from '../errors.js';
import { LABEL } from '../labels.js';
import { lastLines, parseDuration, serviceLogs, toEngineSince, type LogLine } from './logs.js';
import { mergedLogs } from './merge.js';
import { compareTimeNs, timeNsToEngineTime } from './parse.js';

const IMAGE = process.env['ST_LOGS_TEST_IMAGE'] ?? 'status-test/node:1';
const docker = new Docker();
const project = `st-logs-${randomBytes(4).toString('hex')}`;
const sharedVolume = `${project}-shared`;

/** Runs `node -e script` as service `service` of the test project; resolves once started. */
async function run(
  service: string,
  script: string,
  opts: {
    tty?: boolean;
    env?: Record<string, string>;
    logDriver?: 'json-file' | 'local';
    binds?: string[];
  } = {},
): Promise<Docker.Container> {
  const container = await docker.createContainer({
    name: `${project}-${service}-1`,
    Image: IMAGE,
    Cmd: ['node', '-e', script],
    Tty: opts.tty === true,
    Env: Object.entries(opts.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABEL.project]: project,
      [LABEL.service]: service,
      [LABEL.number]: '1',
      [LABEL.oneoff]: 'False',
    },
    HostConfig: {
      LogConfig: { Type: opts.logDriver ?? 'json-file', Config: {} },
      ...(opts.binds ? { Binds: opts.binds } : {}),
    },
  });
  await container.start();
  return container;
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

/** Creates /tmp/go in the container (the "go on" signal of the scripts below), atomically. */
async function sendGo(container: Docker.Container, content = ''): Promise<void> {
  const script = `require('fs').writeFileSync('/tmp/go.tmp', ${JSON.stringify(content)}); require('fs').renameSync('/tmp/go.tmp', '/tmp/go')`;
  const exec = await container.exec({ Cmd: ['node', '-e', script] });
  await exec.start({ Detach: true });
}

/** A script that prints `before` lines, waits for /tmp/go, prints `after` lines and exits. */
const waitForGo = (name: string) => `
  const fs = require('fs');
  console.log('${name} before ünï');
  const timer = setInterval(() => {
    if (!fs.existsSync('/tmp/go')) return;
    clearInterval(timer);
    console.log('${name} after €uro 🚀');
    console.error('${name} after on stderr é');
    console.log('${name} last');
  }, 50);`;

// Lines longer than the engine's 16 KiB pieces. In LONG_OUT and LONG_ERR no character straddles a
// 16384-byte boundary; in LONG_CUT a '€' and a '🚀' do (see 'multi-byte characters on the cuts').
const LONG_OUT = `${'é'.repeat(8192)}${'🚀'.repeat(5000)} end €`;
const LONG_ERR = `${'x'.repeat(20000)} ünï €uro`;
const LONG_CUT = `${'a'.repeat(16383)}€${'b'.repeat(16382)}🚀${'c'.repeat(3000)} end`;
/** Prints LONG_CUT on stdout and on stderr, then a short line on each. */
const CUT_SCRIPT = `
  const long = ${JSON.stringify(LONG_CUT)};
  process.stdout.write(long + '\\n');
  setTimeout(() => process.stderr.write(long + '\\n'), 20);
  setTimeout(() => process.stdout.write('after 🚀\\n'), 40);
  setTimeout(() => process.stderr.write('after é\\n'), 60);`;
const WEB_LINES: ['out' | 'err', string][] = [
  ['out', 'ünïcödé €uro 🚀 line 1'],
  ['err', 'stderr: ünïcödé €uro 🚀'],
  ['out', ''],
  ['out', LONG_OUT],
  ['err', LONG_ERR],
  ['out', 'line after the long ones 🚀'],
  ['err', 'last stderr line €'],
  ['out', 'last stdout line é'],
];
const PRINT_LINES = `
  const lines = JSON.parse(process.env.LINES);
  let i = 0;
  const next = () => {
    if (i === lines.length) return;
    const [stream, text] = lines[i++];
    (stream === 'err' ? process.stderr : process.stdout).write(text + '\\n');
    setTimeout(next, 20);
  };
  next();`;

/**
 * The engine stamps a line when its log copier reads it, which can lag the write by tens of ms on
 * a loaded machine: turns are spaced well beyond that, so stamps keep the true order.
 */
const TURN_GAP_MS = 200;
/**
 * alpha and beta take turns through files in a shared volume: alpha prints line i, beta waits for
 * it and prints its line i, alpha waits for that... so their lines strictly alternate in time.
 */
const PING = `
  const TURN_GAP_MS = ${TURN_GAP_MS};
  const fs = require('fs');
  let i = 0;
  const step = () => {
    console.log('alpha ' + i + ' é');
    fs.writeFileSync('/shared/a' + i, '');
    if (++i === 8) return;
    const wait = setInterval(() => {
      if (fs.existsSync('/shared/b' + (i - 1))) { clearInterval(wait); setTimeout(step, TURN_GAP_MS); }
    }, 5);
  };
  step();`;
const PONG = `
  const TURN_GAP_MS = ${TURN_GAP_MS};
  const fs = require('fs');
  let i = 0;
  const poll = () => {
    const wait = setInterval(() => {
      if (!fs.existsSync('/shared/a' + i)) return;
      clearInterval(wait);
      setTimeout(() => {
        console.error('beta ' + i + ' 🚀');
        fs.writeFileSync('/shared/b' + i, '');
        if (++i < 8) poll();
      }, TURN_GAP_MS);
    }, 5);
  };
  poll();`;
const textsOf = (lines: LogLine[], stream?: 'stdout' | 'stderr') =>
  lines.filter((l) => !stream || l.stream === stream).map((l) => l.text);
const expectInTimeOrder = (lines: LogLine[]) => {
  for (let i = 1; i < lines.length; i++)
    expect(compareTimeNs(lines[i - 1]!.timeNs!, lines[i]!.timeNs!), `line ${i}`).toBeLessThanOrEqual(0);
};

let startedAt = 0;
let web: LogLine[] = [];

beforeAll(async () => {
  try {
    await docker.getImage(IMAGE).inspect();
  } catch {
    throw new Error(
      `Test image ${IMAGE} is missing: build it with \`npx tsx desktop/test/images/build-images.ts\` (or set ST_LOGS_TEST_IMAGE).`,
    );
  }
  startedAt = Date.now();
  const containers = await Promise.all([
    run('web', PRINT_LINES, { env: { LINES: JSON.stringify(WEB_LINES) } }),
    run('tty', `process.stdout.write(${JSON.stringify(`tty ünï\n${LONG_OUT}\nno newline at the end 🚀`)})`, {
      tty: true,
    }),
    run('cut-json', CUT_SCRIPT),
    run('cut-local', CUT_SCRIPT, { logDriver: 'local' }),
    run('cut-tty-local', CUT_SCRIPT, { logDriver: 'local', tty: true }),
    run('alpha', PING, { binds: [`${sharedVolume}:/shared`] }),
    run('beta', PONG, { binds: [`${sharedVolume}:/shared`] }),
  ]);
  await Promise.all(containers.map((c) => c.wait()));
  web = await collect(serviceLogs(docker, project, 'web'));
});

afterAll(async () => {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.project}=${project}`] },
  });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  await docker
    .getVolume(sharedVolume)
    .remove()
    .catch(() => undefined);
});

describe('serviceLogs (real engine)', () => {
  it('returns exactly the lines printed on stdout and stderr, multi-byte characters and >16 KiB lines intact', () => {
    expect(textsOf(web, 'stdout')).toEqual(WEB_LINES.filter(([s]) => s === 'out').map(([, t]) => t));
    expect(textsOf(web, 'stderr')).toEqual(WEB_LINES.filter(([s]) => s === 'err').map(([, t]) => t));
    expect(textsOf(web)).toEqual(WEB_LINES.map(([, t]) => t)); // 20 ms apart: the engine keeps the order
    expect(web.every((l) => l.service === 'web' && l.container === `${project}-web-1`)).toBe(true);
  });

  it('puts the engine timestamps on every line, in order', () => {
    for (const line of web) {
      expect(line.timeNs).toMatch(/^\d{19}$/);
      expect(line.time).toBe(Number(BigInt(line.timeNs!) / 1_000_000n));
      expect(line.time).toBeGreaterThan(startedAt - 60_000);
      expect(line.time).toBeLessThan(Date.now() + 60_000);
    }
    expectInTimeOrder(web);
  });

  it('omits the times with timestamps: false', async () => {
    const lines = await collect(serviceLogs(docker, project, 'web', { tail: 2, timestamps: false }));
    expect(lines).toEqual([
      { service: 'web', container: `${project}-web-1`, stream: 'stderr', text: 'last stderr line €' },
      { service: 'web', container: `${project}-web-1`, stream: 'stdout', text: 'last stdout line é' },
    ]);
  });

  it('tail: the last N lines (a >16 KiB line counts as one)', async () => {
    // The engine's tail counts 16 KiB pieces, not lines: every N must still give N whole lines.
    for (let n = 1; n <= WEB_LINES.length + 1; n++) {
      expect(await collect(serviceLogs(docker, project, 'web', { tail: n })), `tail ${n}`).toEqual(
        web.slice(-n),
      );
    }
    // stdout and stderr are separate pipes: on a loaded machine the engine may receive the four lines
    // in another order than printed, so the expected tails come from the engine's own order.
    const cutAll = await collect(serviceLogs(docker, project, 'cut-local'));
    expect(cutAll.map((l) => l.text).sort()).toEqual([LONG_CUT, LONG_CUT, 'after 🚀', 'after é'].sort());
    for (const n of [1, 2, 3]) {
      expect(await collect(serviceLogs(docker, project, 'cut-local', { tail: n })), `cut tail ${n}`).toEqual(
        cutAll.slice(-n),
      );
    }
    expect(await collect(serviceLogs(docker, project, 'web', { tail: 0 }))).toEqual([]);
    expect(await collect(serviceLogs(docker, project, 'web', { tail: 'all' }))).toEqual(web);
  });

  it('since: lines at or after a point in time', async () => {
    const from = web[5]!;
    expect(
      await collect(serviceLogs(docker, project, 'web', { since: timeNsToEngineTime(from.timeNs!) })),
    ).toEqual(web.slice(5));
    expect(await collect(serviceLogs(docker, project, 'web', { since: '10m' }))).toEqual(web);
    expect(
      await collect(serviceLogs(docker, project, 'web', { since: new Date(Date.now() + 60_000) })),
    ).toEqual([]);
    expect(
      await collect(serviceLogs(docker, project, 'web', { since: Math.floor(startedAt / 1000) - 1 })),
    ).toEqual(web);
  });

  it('a TTY container: raw stream, \\r\\n line ends, 16 KiB pieces rejoined, last line without newline', async () => {
    const lines = await collect(serviceLogs(docker, project, 'tty'));
    expect(textsOf(lines)).toEqual(['tty ünï', LONG_OUT, 'no newline at the end 🚀']);
    expect(lines.every((l) => l.stream === 'stdout' && l.timeNs !== undefined)).toBe(true);
  });

  it('multi-byte characters on the 16 KiB cuts: intact with the local driver, U+FFFD with json-file (engine behaviour)', async () => {
    const local = await collect(serviceLogs(docker, project, 'cut-local'));
    expect(textsOf(local, 'stdout')).toEqual([LONG_CUT, 'after 🚀']);
    expect(textsOf(local, 'stderr')).toEqual([LONG_CUT, 'after é']);
    const ttyLocal = await collect(serviceLogs(docker, project, 'cut-tty-local'));
    expect(textsOf(ttyLocal).sort()).toEqual([LONG_CUT, LONG_CUT, 'after 🚀', 'after é'].sort());
    // json-file stores every 16 KiB piece as a JSON string: Go replaces the cut character's bytes with
    // U+FFFD before we ever see them. The lines are otherwise whole, with no timestamp inside.
    const json = await collect(serviceLogs(docker, project, 'cut-json'));
    for (const stream of ['stdout', 'stderr'] as const) {
      const [long, short, ...rest] = textsOf(json, stream);
      expect(rest).toEqual([]);
      expect(long).toMatch(/^a{16383}(€|\uFFFD+)b{16382}(🚀|\uFFFD+)c{3000} end$/u);
      expect(short).toBe(stream === 'stdout' ? 'after 🚀' : 'after é');
    }
  });

  it('an unknown service is NOT_FOUND, naming it and listing the known services', async () => {
    const error = await collect(serviceLogs(docker, project, 'nope')).catch((e: unknown) => e);
    expect(isStatusError(error, 'NOT_FOUND')).toBe(true);
    if (!isStatusError(error)) return;
    expect(error.message).toContain('"nope"');
    expect(error.hint).toContain('alpha, beta, cut-json, cut-local, cut-tty-local, tty, web');
  });

  it('lastLines: the last N lines as text', async () => {
    expect(await lastLines(docker, project, 'web', 2)).toEqual(['last stderr line €', 'last stdout line é']);
    expect(await lastLines(docker, project, 'web', 0)).toEqual([]);
  });

  it('follow: lines printed after subscribing arrive, and the iterator ends when the container exits', async () => {
    const container = await run('follow', waitForGo('f'));
    const seen: string[] = [];
    for await (const line of serviceLogs(docker, project, 'follow', { follow: true })) {
      seen.push(`${line.stream}:${line.text}`);
      if (line.text === 'f before ünï') await sendGo(container); // printed only after this
    }
    expect(seen.filter((l) => l.startsWith('stdout:'))).toEqual([
      'stdout:f before ünï',
      'stdout:f after €uro 🚀',
      'stdout:f last',
    ]);
    expect(seen.filter((l) => l.startsWith('stderr:'))).toEqual(['stderr:f after on stderr é']);
    expect((await container.inspect()).State.Running).toBe(false);
  });

  it('follow: aborting the signal ends the iterator and closes the stream', async () => {
    await run('forever', `console.log('up'); setInterval(() => {}, 1e6);`);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of serviceLogs(docker, project, 'forever', {
      follow: true,
      tail: 5,
      signal: controller.signal,
    })) {
      seen.push(line.text);
      controller.abort();
    }
    expect(seen).toEqual(['up']);
    // Leaving the loop early (break) closes it too.
    for await (const line of serviceLogs(docker, project, 'forever', { follow: true })) {
      expect(line.text).toBe('up');
      break;
    }
  });
});

describe('mergedLogs (real engine)', () => {
  it('not following: all lines of two services in time order, each service in its own order', async () => {
    const lines = await collect(mergedLogs(docker, project, ['alpha', 'beta']));
    expect(lines).toHaveLength(16);
    expectInTimeOrder(lines);
    expect(textsOf(lines.filter((l) => l.service === 'alpha'))).toEqual(
      Array.from({ length: 8 }, (_, i) => `alpha ${i} é`),
    );
    expect(textsOf(lines.filter((l) => l.service === 'beta'))).toEqual(
      Array.from({ length: 8 }, (_, i) => `beta ${i} 🚀`),
    );
    // They took turns, so in time order they alternate.
    expect(lines.map((l) => l.service)).toEqual(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? 'beta' : 'alpha')),
    );
    // tail applies per container.
    const tail = await collect(mergedLogs(docker, project, ['beta', 'alpha'], { tail: 2 }));
    expect(tail.map((l) => l.text).sort()).toEqual(['alpha 6 é', 'alpha 7 é', 'beta 6 🚀', 'beta 7 🚀']);
    expectInTimeOrder(tail);
  });

  it('following: backlog in time order, then live lines of both, no line lost or repeated; ends when both exit', async () => {
    const [one, two] = await Promise.all([run('one', waitForGo('one')), run('two', waitForGo('two'))]);
    // Wait until both have printed their first line (the backlog).
    for (const service of ['one', 'two']) {
      while ((await lastLines(docker, project, service, 1)).length === 0)
        await new Promise((r) => setTimeout(r, 50));
    }
    const seen: LogLine[] = [];
    let sent = false;
    for await (const line of mergedLogs(docker, project, ['one', 'two'], { follow: true })) {
      seen.push(line);
      if (seen.length === 2 && !sent) {
        sent = true;
        await Promise.all([sendGo(one!), sendGo(two!)]);
      }
    }
    expectInTimeOrder(seen.slice(0, 2));
    expect(
      seen
        .slice(0, 2)
        .map((l) => l.text)
        .sort(),
    ).toEqual(['one before ünï', 'two before ünï']);
    expect(seen.map((l) => l.text).sort()).toEqual(
      ['one', 'two']
        .flatMap((n) => [`${n} after on stderr é`, `${n} after €uro 🚀`, `${n} before ünï`, `${n} last`])
        .sort(),
    );
    for (const name of ['one', 'two']) {
      expect(textsOf(seen.filter((l) => l.service === name && l.stream === 'stdout'))).toEqual([
        `${name} before ünï`,
        `${name} after €uro 🚀`,
        `${name} last`,
      ]);
    }
  });

  it('an empty service list means every service of the project', async () => {
    const lines = await collect(mergedLogs(docker, project, [], { tail: 1 }));
    expect(new Set(lines.map((l) => l.service))).toEqual(
      new Set([
        'alpha',
        'beta',
        'cut-json',
        'cut-local',
        'cut-tty-local',
        'tty',
        'web',
        'follow',
        'forever',
        'one',
        'two',
      ]),
    );
    expectInTimeOrder(lines);
  });
});

describe('option parsing', () => {
  it('parses durations like the docker CLI', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('10')).toBeUndefined();
    expect(parseDuration('m')).toBeUndefined();
    expect(parseDuration('10m junk')).toBeUndefined();
  });

  it('turns since into the engine format', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 0);
    expect(toEngineSince('10m', now)).toBe(`${now / 1000 - 600}.000`);
    expect(toEngineSince(new Date(1_700_000_000_123))).toBe('1700000000.123');
    expect(toEngineSince(1_700_000_000)).toBe('1700000000');
    expect(toEngineSince(1_700_000_000.5)).toBe('1700000000.500');
    expect(toEngineSince('1700000000.25')).toBe('1700000000.25');
    expect(toEngineSince('2026-01-01T12:00:00Z')).toBe(`${now / 1000}.000`);
    expect(() => toEngineSince('yesterday')).toThrow(/Cannot read "yesterday"/);
  });
});
