import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../types.js';
import { renderConsole } from '../test/render.js';

const task: TaskInfo = { id: 'task-9', kind: 'up', services: [], startedAt: Date.now(), state: 'running' };

describe('ProgressPanel', () => {
  it('shows pulls per service and per layer with byte totals, and start-up per service with the engine’s words', async () => {
    const { api } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    act(() => {
      api.emitTask({ task, type: 'task-start' });
      const layer = (id: string, current: number, total: number) => ({
        id,
        status: 'Downloading',
        current,
        total,
        done: false,
      });
      api.emitTask({
        task,
        type: 'progress',
        event: {
          type: 'pull',
          service: 'postgres',
          image: 'postgres:17.2',
          summary: {
            layers: [layer('layer-a', 2_000_000, 10_000_000), layer('layer-b', 1_000_000, 5_000_000)],
            current: 3_000_000,
            total: 15_000_000,
            done: false,
          },
        },
      });
      api.emitTask({
        task,
        type: 'progress',
        event: {
          type: 'service',
          service: 'status-backend',
          phase: 'waiting',
          message: 'waiting for postgres to be healthy',
          elapsedMs: 4000,
        },
      });
    });
    const card = screen.getByRole('region', { name: 'Starting the platform' });
    const bar = within(card).getByRole('progressbar', { name: 'Download of postgres:17.2 for postgres' });
    expect(bar).toHaveAttribute('value', '3000000');
    expect(bar).toHaveAttribute('max', '15000000');
    expect(within(card).getByText('3.0 MB / 15 MB')).toBeInTheDocument();
    expect(within(card).getByRole('progressbar', { name: 'Layer layer-a' })).toHaveAttribute(
      'max',
      '10000000',
    );
    expect(within(card).getByText('waiting for postgres to be healthy')).toBeInTheDocument();
    expect(within(card).getByText('Waiting')).toBeInTheDocument();
    // the engine's 4 s so far, counting on while the wait lasts
    const row = within(card).getByText('waiting for postgres to be healthy').closest('li') as HTMLElement;
    const seconds = Number(/(\d+)s$/.exec(row.textContent ?? '')?.[1]);
    expect(seconds).toBeGreaterThanOrEqual(4);
  });

  it('cancels the running task', async () => {
    const { api, user } = renderConsole();
    act(() => api.emitTask({ task, type: 'task-start' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(api.called('cancel')).toEqual([{ method: 'cancel', args: ['task-9'] }]);
  });

  it('on failure shows the reason, what to do, and the failing service’s last log lines', async () => {
    const { api } = renderConsole();
    act(() => {
      api.emitTask({ task, type: 'task-start' });
      api.emitTask({
        task,
        type: 'task-end',
        ok: false,
        error: {
          code: 'SERVICE_UNHEALTHY',
          message: 'postgres did not become healthy within 120 s.',
          hint: 'Look at its last log lines below; free disk space if it says so.',
        },
        lastLines: {
          service: 'postgres',
          lines: ['FATAL: could not write to file', 'No space left on device'],
        },
      });
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('postgres did not become healthy within 120 s.');
    expect(alert).toHaveTextContent(
      'What to do: Look at its last log lines below; free disk space if it says so.',
    );
    expect(within(alert).getByLabelText('Last log lines of postgres:')).toHaveTextContent(
      'No space left on device',
    );
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
  });

  it('folds a finished start to one line with a dismiss button; skipped services are not shown as a success', async () => {
    const { api, user } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const phase = (service: string, phase: string) =>
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'service', service, phase, message: '' } as never,
      });
    act(() => {
      api.emitTask({ task, type: 'task-start' });
      phase('postgres', 'healthy');
      phase('grafana', 'healthy');
      phase('nodered', 'skipped');
    });
    const card = screen.getByRole('region', { name: 'Starting the platform' });
    expect(within(card).getByText('Skipped')).toHaveClass('tone-neutral');
    expect(within(card).getAllByText('Healthy')[0]).toHaveClass('tone-ok');
    expect(within(card).getByText('Skipped')).toBeVisible();

    act(() => api.emitTask({ task, type: 'task-end', ok: true }));
    expect(within(card).getByText('2 services done · 1 skipped')).toBeInTheDocument();
    // the per-service list is folded away, still there under "Details"
    const details = within(card).getByText('Details').closest('details') as HTMLDetailsElement;
    expect(details.open).toBe(false);
    expect(within(details).getByText('Skipped')).toHaveClass('tone-neutral');
    await user.click(within(card).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Starting the platform' })).toBeNull();
  });

  it('keeps a failed task fully open until dismissed', async () => {
    const { api } = renderConsole();
    act(() => {
      api.emitTask({ task, type: 'task-start' });
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'service', service: 'postgres', phase: 'failed', message: 'exited (1)' } as never,
      });
      api.emitTask({
        task,
        type: 'task-end',
        ok: false,
        error: { code: 'X', message: 'postgres failed.' } as never,
      });
    });
    const card = await screen.findByRole('region', { name: 'Starting the platform' });
    expect(card.querySelector('details.task-details')).toBeNull();
    expect(within(card).getByText('exited (1)')).toBeVisible();
    expect(within(card).getByRole('button', { name: 'Dismiss' })).toBeInTheDocument();
  });

  it('a start that left optional services behind succeeds, stays open and names them, with their logs', async () => {
    const { api, stores, user } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const phase = (service: string, p: string, message: string) =>
      api.emitTask({
        task,
        type: 'progress',
        event: { type: 'service', service, phase: p, message } as never,
      });
    act(() => {
      api.emitTask({ task, type: 'task-start' });
      phase('postgres', 'healthy', 'healthy');
      phase('reverse-proxy', 'healthy', 'healthy');
      phase(
        'grafana',
        'degraded',
        'grafana is unhealthy: its health check failed 20 times. STATUS runs without it; its logs are in the console.',
      );
      phase('director', 'degraded', 'not started: registry failed; STATUS runs without director');
      api.emitTask({ task: { ...task, state: 'running' }, type: 'task-end', ok: true });
    });
    const card = screen.getByRole('region', { name: 'Starting the platform' });
    expect(card).toHaveClass('task-ok');
    expect(card).not.toHaveClass('task-collapsed');
    expect(within(card).getByRole('status')).toHaveTextContent('Done, degraded');
    expect(within(card).getByText('2 services done', { exact: false })).toBeInTheDocument();
    expect(within(card).getByText('2 degraded')).toBeInTheDocument();
    expect(
      within(card).getByText(
        /STATUS is running without grafana, director: they did not pass their health check/,
      ),
    ).toBeInTheDocument();
    const row = within(card)
      .getByText(/grafana is unhealthy/)
      .closest('li') as HTMLElement;
    expect(within(row).getByText('Degraded')).toHaveClass('tone-warn');
    await user.click(within(row).getByRole('button', { name: 'Logs of grafana' }));
    expect(stores.nav.getState().view).toBe('logs');
  });
  it('a failed start leaves no "Downloading" or "Waiting for sizes…" behind, and a later Start replaces its panel', async () => {
    const { api } = renderConsole();
    await screen.findByRole('row', { name: 'postgres' });
    const failedTask: TaskInfo = { ...task, id: 'task-failed' };
    const pull = (service: string, layers: { id: string; current: number; total: number }[]) => ({
      type: 'pull' as const,
      service,
      image: `${service}:1`,
      summary: {
        layers: layers.map((l) => ({ ...l, status: 'Downloading', done: false })),
        current: layers.reduce((n, l) => n + l.current, 0),
        total: layers.reduce((n, l) => n + l.total, 0),
        done: false,
      },
    });
    act(() => {
      api.emitTask({ task: failedTask, type: 'task-start' });
      api.emitTask({ task: failedTask, type: 'progress', event: pull('grafana', []) });
      api.emitTask({
        task: failedTask,
        type: 'progress',
        event: pull('postgres', [{ id: 'layer-a', current: 1_000_000, total: 4_000_000 }]),
      });
      api.emitTask({
        task: failedTask,
        type: 'task-end',
        ok: false,
        error: {
          code: 'IMAGE_PULL_FAILED',
          message: 'Could not download grafana:1.',
          hint: 'Check the network.',
        },
      });
    });
    const panel = screen.getByRole('region', { name: 'Starting the platform' });
    expect(panel).not.toHaveTextContent('Waiting for sizes');
    expect(panel).not.toHaveTextContent('Downloading');
    expect(panel).toHaveTextContent('Stopped at 1.0 MB of 4.0 MB');

    const nextTask: TaskInfo = { ...task, id: 'task-next' };
    act(() => {
      api.emitTask({ task: nextTask, type: 'task-start' });
      api.emitTask({ task: nextTask, type: 'task-end', ok: true });
    });
    const panels = screen.getAllByRole('region', { name: 'Starting the platform' });
    expect(panels).toHaveLength(1);
    expect(panels[0]).not.toHaveTextContent('Could not download grafana:1.');
  });
});
