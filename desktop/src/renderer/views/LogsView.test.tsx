import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleLogLine } from '../types.js';
import { FakeApi } from '../test/fake-api.js';
import { renderConsole } from '../test/render.js';

const line = (service: string, text: string, time = Date.UTC(2026, 10, 26, 20, 0, 0)): ConsoleLogLine => ({
  service,
  stream: 'stdout',
  time,
  text,
});

// Lines land in the same tick in tests (the app batches per animation frame).
const sync = { schedule: (flush: () => void) => flush() };

async function openLogs(api = new FakeApi(), capacity?: number) {
  const out = renderConsole({ api, view: 'logs', logs: { ...sync, ...(capacity ? { capacity } : {}) } });
  await screen.findByRole('log', { name: 'Log lines' });
  return out;
}

const logList = () => screen.getByRole('log', { name: 'Log lines' });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('LogsView', () => {
  it('shows the backlog then live lines, with ANSI colours', async () => {
    const api = new FakeApi();
    api.backlog = [
      line('postgres', 'database system is ready'),
      line('grafana', '\x1b[31mred alert\x1b[0m done'),
    ];
    await openLogs(api);
    expect(await within(logList()).findByText('database system is ready')).toBeInTheDocument();
    const red = within(logList()).getByText('red alert');
    expect(red).toHaveClass('ansi-fg-1');
    act(() => api.emitLogs([line('postgres', 'checkpoint complete')]));
    expect(within(logList()).getByText('checkpoint complete')).toBeInTheDocument();
    expect(screen.getByText(/^3 lines/)).toBeInTheDocument();
  });

  it('merges the services picked and reloads with the tail size chosen', async () => {
    const api = new FakeApi();
    const { user } = await openLogs(api);
    await waitFor(() => expect(api.called('logs')).toHaveLength(1));
    await user.click(screen.getByRole('checkbox', { name: 'postgres' }));
    await user.click(screen.getByRole('checkbox', { name: 'grafana' }));
    await waitFor(() =>
      expect(api.called('logs').at(-1)?.args[0]).toEqual({ services: ['postgres', 'grafana'], tail: 1000 }),
    );
    await user.selectOptions(screen.getByRole('combobox', { name: 'Lines' }), 'all');
    await waitFor(() =>
      expect(api.called('logs').at(-1)?.args[0]).toEqual({ services: ['postgres', 'grafana'], tail: 'all' }),
    );
  });

  it('searches with highlighting and moves to the next and previous match', async () => {
    const api = new FakeApi();
    api.backlog = [
      line('backend', 'ERROR connection refused'),
      line('backend', 'info: retrying'),
      line('backend', 'error again: Connection reset'),
    ];
    const { user } = await openLogs(api);
    await within(logList()).findByText('info: retrying');
    await user.type(screen.getByRole('searchbox', { name: 'Search logs' }), 'connection');
    const marks = logList().querySelectorAll('mark');
    expect([...marks].map((m) => m.textContent)).toEqual(['connection', 'Connection']);
    await user.click(screen.getByRole('button', { name: 'Next match' }));
    expect(screen.getByText('1 of 2 matching lines')).toBeInTheDocument();
    expect(logList().querySelector('.current-match')).toHaveTextContent('ERROR connection refused');
    await user.click(screen.getByRole('button', { name: 'Previous match' }));
    expect(screen.getByText('2 of 2 matching lines')).toBeInTheDocument();
    expect(logList().querySelector('.current-match')).toHaveTextContent('error again');
  });

  it('filters by the level read from the text', async () => {
    const api = new FakeApi();
    api.backlog = [
      line('backend', 'ERROR boom'),
      line('backend', 'level=info msg=ok'),
      line('backend', 'DEBUG noise'),
    ];
    const { user } = await openLogs(api);
    await within(logList()).findByText('DEBUG noise');
    await user.click(screen.getByRole('checkbox', { name: 'Debug' }));
    await user.click(screen.getByRole('checkbox', { name: 'Info' }));
    expect(within(logList()).queryByText('DEBUG noise')).toBeNull();
    expect(within(logList()).queryByText('level=info msg=ok')).toBeNull();
    expect(within(logList()).getByText('ERROR boom')).toBeInTheDocument();
    // new lines go through the same filter
    act(() => api.emitLogs([line('backend', 'WARN disk 91%'), line('backend', 'DEBUG more noise')]));
    expect(within(logList()).getByText('WARN disk 91%')).toBeInTheDocument();
    expect(within(logList()).queryByText('DEBUG more noise')).toBeNull();
  });

  it('keeps memory bounded: past the cap the oldest lines go, and the console says how many', async () => {
    const api = new FakeApi();
    await openLogs(api, 50);
    await waitFor(() => expect(api.logSubscribers).toBe(1));
    act(() => api.emitLogs(Array.from({ length: 120 }, (_, i) => line('nodered', `msg ${i}`))));
    expect(screen.getByText(/^50 lines/)).toBeInTheDocument();
    expect(screen.getByText(/70 older lines dropped \(at most 50 kept\)/)).toBeInTheDocument();
  });

  it('downloads what it shows as <service>-<date>.log, without colour codes', async () => {
    const api = new FakeApi();
    api.backlog = [line('postgres', '\x1b[32mready\x1b[0m'), line('postgres', 'listening')];
    let saved: { name: string; blob: Blob } | undefined;
    let blob: Blob | undefined;
    URL.createObjectURL = vi.fn((b: Blob) => {
      blob = b;
      return 'blob:logs';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      if (blob) saved = { name: this.download, blob };
    });
    const { user } = await openLogs(api);
    await user.click(screen.getByRole('checkbox', { name: 'postgres' }));
    await within(logList()).findByText('listening');
    await user.click(screen.getByRole('button', { name: 'Download' }));
    expect(saved?.name).toMatch(/^postgres-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.log$/);
    const text = await saved?.blob.text();
    expect(text).toBe('2026-11-26T20:00:00.000Z ready\n2026-11-26T20:00:00.000Z listening\n');
  });

  it('follows by default and pauses on request', async () => {
    const { user } = await openLogs();
    const follow = screen.getByRole('button', { name: 'Pause' });
    expect(follow).toHaveAttribute('aria-pressed', 'true');
    await user.click(follow);
    expect(screen.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('renders only the rows in view: follows the newest, and a match far up is scrolled to', async () => {
    const api = new FakeApi();
    const { user } = await openLogs(api);
    await waitFor(() => expect(api.logSubscribers).toBe(1));
    act(() =>
      api.emitLogs(Array.from({ length: 5000 }, (_, i) => line('backend', i === 10 ? 'needle' : `msg ${i}`))),
    );
    expect(screen.getByText(/^5,000 lines/)).toBeInTheDocument();
    expect(logList().querySelectorAll('.log-row').length).toBeLessThan(100);
    expect(within(logList()).getByText('msg 4999')).toBeInTheDocument();
    expect(within(logList()).queryByText('needle')).toBeNull();
    await user.type(screen.getByRole('searchbox', { name: 'Search logs' }), 'needle');
    await user.click(screen.getByRole('button', { name: 'Next match' }));
    expect(logList().querySelector('.current-match')).toHaveTextContent('needle');
    expect(screen.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('pauses when the operator scrolls up, and follows again at the bottom', async () => {
    const api = new FakeApi();
    await openLogs(api);
    await waitFor(() => expect(api.logSubscribers).toBe(1));
    act(() => api.emitLogs(Array.from({ length: 1000 }, (_, i) => line('backend', `msg ${i}`))));
    const list = logList();
    const scrollTo = (top: number) =>
      act(() => {
        list.scrollTop = top;
        list.dispatchEvent(new Event('scroll'));
      });
    // 1000 rows of 20 px in a 600 px viewport: the end is at 19,400
    scrollTo(19_400);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    scrollTo(2000);
    expect(screen.getByRole('button', { name: 'Follow' })).toHaveAttribute('aria-pressed', 'false');
    expect(within(list).getByText('msg 100')).toBeInTheDocument();
    scrollTo(19_400);
    expect(screen.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  });
});
