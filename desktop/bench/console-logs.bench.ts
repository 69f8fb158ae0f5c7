// The admin console under a log flood, in Chromium: `status-desktop serve`'s server in this process
// over a fake launcher (no engine) that sends 100,000 mixed log lines (levels, ANSI colours, JSON,
// stack traces) at 10,000 lines a second to the Logs view. Measures frame times (requestAnimationFrame
// deltas collected in the page), dropped frames, the lines shown at the end and the page's JS heap;
// then the console's CPU while idle with the platform "running" (status snapshots and stats polling)
// from CDP Performance.getMetrics TaskDuration over 10 s. Prints a table.
//   npm run bench:console          (in desktop/; `npm run bench` runs it after the startup bench)
//   BENCH_LINES=200000 BENCH_RATE=20000 npm run bench:console
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import type { CDPSession, Page } from 'playwright-core';
import { createBenchLauncher, type BenchLauncher } from '../test/console/bench-launcher.js';
import { ensureConsoleBuilt, launchChromium, openConsole, serveConsole } from '../test/console/harness.js';

const TOTAL = Number(process.env.BENCH_LINES ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 10_000);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const FRAME_MS = 1000 / 60;
const SCROLL_STEPS = 60;
let LOAD_AT_START: number[] = [];
/** BENCH_PROFILE=file.cpuprofile also records the page's CPU profile during the flood. */
const PROFILE = process.env.BENCH_PROFILE;

// Page scripts as text: tsx would wrap named functions in a helper the page does not have.
/** Records every requestAnimationFrame delta into window.__frames until `running` turns false. */
const FRAME_RECORDER = `(() => {
  const frames = { deltas: [], running: true };
  window.__frames = frames;
  let last = 0;
  const loop = (now) => {
    frames.deltas.push(now - last);
    last = now;
    if (frames.running) requestAnimationFrame(loop);
  };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(loop); });
})()`;

/** The Logs view's line counter ("100,000 lines"), as a number. */
const SHOWN_LINES = `(() => {
  const text = document.querySelector('.logs-counts')?.textContent ?? '';
  return Number((/^([\\d,.\\s]+) lines?/.exec(text)?.[1] ?? '0').replace(/\\D/g, ''));
})()`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

/** The parts of a CDP Profiler.Profile read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
}

/** Functions by self time (share of all samples), from a CDP CPU profile. */
function hottest(profile: CpuProfile, top: number): [string, string][] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples ?? []) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const where = frame.url ? `${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples?.length ?? 1;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => [name, `${((count / total) * 100).toFixed(1)}%`]);
}

async function heapUsed(cdp: CDPSession, collect: boolean): Promise<number> {
  if (collect) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
}

/** The console's main-thread busy time over `ms`, as a share of one core. */
async function idleCpu(page: Page, cdp: CDPSession, ms: number): Promise<number> {
  const before = await taskSeconds(cdp);
  const started = Date.now();
  await page.waitForTimeout(ms);
  const after = await taskSeconds(cdp);
  return ((after - before) / ((Date.now() - started) / 1000)) * 100;
}

/** Waits (with a deadline) until the Logs view's counter says `count` lines. */
async function linesShown(page: Page, count: number, deadlineMs: number): Promise<number> {
  // Polled from here: the console's CSP forbids the eval that waitForFunction(string) needs.
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const shown = (await page.evaluate(SHOWN_LINES)) as number;
    if (shown >= count) return shown;
    if (Date.now() > deadline) throw new Error(`the Logs view showed ${shown} of ${count} lines`);
    await page.waitForTimeout(250);
  }
}

async function main(): Promise<void> {
  LOAD_AT_START = loadavg();
  await ensureConsoleBuilt((line) => console.error(line));
  const launcher: BenchLauncher = createBenchLauncher({ statusEveryMs: 5000 });
  const server = await serveConsole(launcher);
  const browser = await launchChromium();
  try {
    const { page, errors } = await openConsole(browser, server);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 30_000 });
    await page.locator('table.services tbody tr[data-service]').nth(9).waitFor();
    await page.getByRole('button', { name: 'Logs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Logs' }).waitFor();
    // The Logs view follows the logs (one subscription), then the flood starts.
    const deadline = Date.now() + 10_000;
    while (launcher.logFollowers() === 0) {
      if (Date.now() > deadline) throw new Error('the Logs view never subscribed to the log stream');
      await page.waitForTimeout(50);
    }
    const heapBefore = await heapUsed(cdp, true);

    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await page.evaluate(FRAME_RECORDER);
    const flood = await launcher.flood({ total: TOTAL, perSecond: RATE });
    const floodEnd = Date.now();
    const shown = await linesShown(page, TOTAL, 180_000);
    const shownAfterMs = Date.now();
    const deltas = (await page.evaluate(
      '(() => { window.__frames.running = false; return window.__frames.deltas; })()',
    )) as number[];
    const profile = PROFILE ? (await cdp.send('Profiler.stop')).profile : undefined;
    const heapAfter = await heapUsed(cdp, false);
    const heapAfterGc = await heapUsed(cdp, true);
    const rows = await page.locator('.log-line').count();

    const sorted = [...deltas].sort((a, b) => a - b);
    const dropped = deltas.reduce((sum, d) => sum + Math.max(0, Math.round(d / FRAME_MS) - 1), 0);
    const longFrames = deltas.filter((d) => d > 50).length;

    const cpuLogsIdle = await idleCpu(page, cdp, IDLE_MS);

    // Scrolling back through the 100,000 lines with the mouse wheel (follow pauses by itself).
    const box = await page.getByRole('log', { name: 'Log lines' }).boundingBox();
    if (!box) throw new Error('the log list is not on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.evaluate(FRAME_RECORDER);
    for (let i = 0; i < SCROLL_STEPS; i++) await page.mouse.wheel(0, -1500);
    const scrollDeltas = (await page.evaluate(
      '(() => { window.__frames.running = false; return window.__frames.deltas; })()',
    )) as number[];
    const scrollSorted = [...scrollDeltas].sort((a, b) => a - b);
    // Rows are 20 px high (LogsView's ROW_HEIGHT).
    const scrolledRows = await page
      .getByRole('log', { name: 'Log lines' })
      .evaluate((el) => (el.scrollHeight - el.clientHeight - el.scrollTop) / 20);
    await page.getByRole('button', { name: 'Overview', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.waitForTimeout(1000); // let the page change settle before the idle window
    const cpuOverviewIdle = await idleCpu(page, cdp, IDLE_MS);

    const table: [string, string][] = [
      [
        'log lines sent',
        `${flood.sent.toLocaleString('en')} in ${(flood.ms / 1000).toFixed(1)} s (${Math.round(flood.sent / (flood.ms / 1000)).toLocaleString('en')}/s)`,
      ],
      ['lines shown at the end (counter)', shown.toLocaleString('en')],
      ['all shown after the last one was sent', `≤ ${ms(shownAfterMs - floodEnd)} (polled every 250 ms)`],
      ['log rows in the DOM (virtualised)', String(rows)],
      ['frames measured', String(deltas.length)],
      ['frame time p50', ms(percentile(sorted, 50))],
      ['frame time p95', ms(percentile(sorted, 95))],
      ['frame time p99', ms(percentile(sorted, 99))],
      ['frame time max', ms(sorted.at(-1) ?? NaN)],
      [
        'dropped frames (at 60 Hz)',
        `${dropped} (${((dropped / (dropped + deltas.length)) * 100).toFixed(1)}%)`,
      ],
      ['frames over 50 ms', String(longFrames)],
      [
        `scrolling back ${Math.round(scrolledRows).toLocaleString('en')} rows from the end: frame p50 / p95 / max`,
        `${ms(percentile(scrollSorted, 50))} / ${ms(percentile(scrollSorted, 95))} / ${ms(scrollSorted.at(-1) ?? NaN)}`,
      ],
      ['JS heap before (after GC)', mib(heapBefore)],
      ['JS heap after the flood', mib(heapAfter)],
      ['JS heap after the flood (after GC)', mib(heapAfterGc)],
      [
        `CPU idle on Logs, ${TOTAL.toLocaleString('en')} lines held (${IDLE_MS / 1000} s)`,
        `${cpuLogsIdle.toFixed(2)} % of one core`,
      ],
      [
        `CPU idle on Overview, platform running (${IDLE_MS / 1000} s)`,
        `${cpuOverviewIdle.toFixed(2)} % of one core`,
      ],
      ['uncaught page errors', String(errors.length)],
    ];
    const width = Math.max(...table.map(([k]) => k.length));
    console.log(
      `\nLoad average at the start: ${LOAD_AT_START.map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`,
    );
    console.log(
      `\nConsole logs bench: ${TOTAL.toLocaleString('en')} lines at ${RATE.toLocaleString('en')}/s, Chromium ${browser.version()}, 1280×800\n`,
    );
    for (const [key, value] of table) console.log(`  ${key.padEnd(width)}  ${value}`);
    console.log('');
    if (profile) {
      await writeFile(PROFILE!, JSON.stringify(profile));
      console.log(`CPU profile of the flood: ${PROFILE} (open in Chrome DevTools). Most self time:`);
      for (const [name, share] of hottest(profile, 15)) console.log(`  ${share.padStart(6)}  ${name}`);
      console.log('');
    }
    if (errors.length) console.log(`page errors:\n  ${errors.join('\n  ')}`);
  } finally {
    await browser.close();
    await server.close();
    launcher.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
