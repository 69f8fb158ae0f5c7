// Long work as it happens: image pulls per service and per layer (bars and byte totals), start-up
// per service with the engine's words and elapsed time, Cancel; on failure, the reason, what to
// do and the failing service's last log lines. Lives outside the pages, so it survives navigation.
// A task that succeeded shrinks to one line (details folded away) until dismissed; a failure stays open.
// A start that succeeded without some optional services (phase `degraded`: Grafana, Node-RED…) stays
// open too, naming them, each with a link to its logs.
import { AlertTriangle, CheckCircle2, ChevronDown, FileText, Loader, X, XCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { IconButton } from '../components/IconButton.js';
import { formatBytes, formatDuration } from '../lib/format.js';
import { useNow } from '../lib/use-now.js';
import { useConsole, useConsoleStore } from '../stores/console.js';
import type { PullProgress, ServiceProgress, TaskState } from '../stores/tasks.js';

export function ProgressPanel() {
  const order = useConsoleStore('tasks', (s) => s.order);
  const tasks = useConsoleStore('tasks', (s) => s.tasks);
  const shown = order.map((id) => tasks[id]).filter((t): t is TaskState => !!t);
  if (shown.length === 0) return null;
  return (
    <div className="progress-stack">
      {shown.map((task) => (
        <TaskCard key={task.info.id} task={task} />
      ))}
    </div>
  );
}

const FINISHED_PHASES = new Set([
  'healthy',
  'started',
  'completed',
  'stopped',
  'removed',
  'up-to-date',
  'image-ready',
  'skipped',
  'degraded',
]);

function TaskCard({ task }: { task: TaskState }) {
  const { t } = useTranslation();
  const { tasks } = useConsole();
  const running = !task.end;
  const now = useNow(1000, running);
  const elapsed = (task.end?.at ?? now) - task.info.startedAt;
  const title = t(`task.${task.info.kind}`, {
    services: task.info.services.join(', '),
    count: task.info.services.length,
  });
  const pulls = Object.entries(task.pulls);
  const services = Object.entries(task.services);
  const degraded = services.filter(([, p]) => p.phase === 'degraded').map(([service]) => service);
  const collapsed = task.end?.ok === true && degraded.length === 0;
  const skipped = services.filter(([, p]) => p.phase === 'skipped').length;

  const details = (
    <>
      {running && task.info.state === 'queued' && <p className="muted small">{t('progress.queued')}</p>}

      {task.end?.ok && degraded.length > 0 && (
        <p className="note note-warn">{t('progress.degradedNote', { services: degraded.join(', ') })}</p>
      )}

      {task.end && !task.end.ok && task.end.error && (
        <div role="alert" className="note note-error">
          <p className="note-title">{task.end.error.message}</p>
          {task.end.error.hint && (
            <p>
              <strong>{t('common.whatToDo')}</strong> {task.end.error.hint}
            </p>
          )}
          {task.end.lastLines && task.end.lastLines.lines.length > 0 && (
            <>
              <p>{t('progress.lastLines', { service: task.end.lastLines.service })}</p>
              <pre
                className="last-lines"
                aria-label={t('progress.lastLines', { service: task.end.lastLines.service })}
              >
                {task.end.lastLines.lines.join('\n')}
              </pre>
            </>
          )}
        </div>
      )}

      {pulls.length > 0 && (
        <div className="pulls">
          <h3>{t('progress.pulls')}</h3>
          {pulls.map(([service, pull]) => (
            <PullRow key={service} service={service} pull={pull} ended={!running} />
          ))}
        </div>
      )}

      {task.steps && (
        <ol className="phases" aria-label={t('progress.steps')}>
          {task.steps.map((s, i) => (
            <li key={i}>{s.message}</li>
          ))}
        </ol>
      )}
      {task.upgrade &&
        task.upgrade.outcome !== 'rolled-back' &&
        task.upgrade.outcome !== 'rollback-failed' && <p className="note">{task.upgrade.message}</p>}

      {task.images && <ImagesRow images={task.images} />}

      {services.length > 0 && (
        <ul className="phases" aria-label={t('progress.services')}>
          {services.map(([service, p]) => (
            <PhaseRow key={service} service={service} progress={p} now={now} running={running} />
          ))}
        </ul>
      )}

      {Object.entries(task.builds).map(([service, line]) => (
        <p key={service} className="small mono muted">
          {t('progress.building', { service })} {line}
        </p>
      ))}
      {task.warnings.map((w, i) => (
        <p key={i} className="note note-warn">
          {w}
        </p>
      ))}
    </>
  );

  return (
    <section
      className={`card task ${task.end ? (task.end.ok ? `task-ok${collapsed ? ' task-collapsed' : ''}` : 'task-failed') : 'task-running'}`}
      aria-label={title}
    >
      <header className="task-header">
        <h2>
          {running ? (
            <Loader size={16} className="spin" aria-hidden />
          ) : task.end?.ok && degraded.length > 0 ? (
            <AlertTriangle size={16} className="text-warn" aria-hidden />
          ) : task.end?.ok ? (
            <CheckCircle2 size={16} className="text-ok" aria-hidden />
          ) : (
            <XCircle size={16} className="text-bad" aria-hidden />
          )}{' '}
          {title}
        </h2>
        {task.end?.ok && services.length > 0 && (
          <span className="small muted">
            {t('progress.servicesDone', { count: services.length - skipped - degraded.length })}
            {skipped > 0 && <> · {t('progress.servicesSkipped', { count: skipped })}</>}
            {degraded.length > 0 && (
              <>
                {' · '}
                <span className="text-warn">
                  {t('progress.servicesDegraded', { count: degraded.length })}
                </span>
              </>
            )}
          </span>
        )}
        <span className="muted" aria-label={t('progress.elapsed')}>
          {formatDuration(elapsed)}
        </span>
        <span className="visually-hidden" role="status">
          {running
            ? t('progress.running')
            : task.end?.ok
              ? degraded.length > 0
                ? t('progress.doneDegraded')
                : t('progress.done')
              : t('progress.failed')}
        </span>
        {running ? (
          <button
            type="button"
            className="btn btn-small"
            disabled={task.cancelling}
            onClick={() => void tasks.getState().cancel(task.info.id)}
          >
            {task.cancelling ? t('progress.cancelling') : t('action.cancel')}
          </button>
        ) : (
          <IconButton label={t('common.dismiss')} onClick={() => tasks.getState().dismiss(task.info.id)}>
            <X size={14} aria-hidden />
          </IconButton>
        )}
      </header>

      {collapsed ? (
        <details className="task-details">
          <summary className="small muted">{t('progress.details')}</summary>
          {details}
        </details>
      ) : (
        details
      )}
    </section>
  );
}

/** An image bundle's payload: which step, and bytes so far of the whole. */
function ImagesRow({ images }: { images: NonNullable<TaskState['images']> }) {
  const { t } = useTranslation();
  const label = t(`progress.images.${images.step}`);
  return (
    <div className="pull">
      <span>{label}</span>
      {images.total ? (
        <progress value={images.bytes} max={images.total} aria-label={label} />
      ) : (
        <progress aria-label={label} />
      )}
      <span className="small muted">
        {images.total
          ? t('progress.images.bytesOf', {
              bytes: formatBytes(images.bytes),
              total: formatBytes(images.total),
            })
          : formatBytes(images.bytes)}
      </span>
    </div>
  );
}

function PhaseRow({
  service,
  progress,
  now,
  running,
}: {
  service: string;
  progress: ServiceProgress;
  now: number;
  running: boolean;
}) {
  const { t } = useTranslation();
  const { nav } = useConsole();
  const finished = FINISHED_PHASES.has(progress.phase) || progress.phase === 'failed';
  const troubled = progress.phase === 'degraded' || progress.phase === 'failed';
  // The engine's elapsed time at the event, then counting on while the phase lasts.
  const elapsed =
    progress.elapsedMs !== undefined
      ? progress.elapsedMs + (running && !finished ? Math.max(0, now - progress.at) : 0)
      : undefined;
  return (
    <li className={`phase phase-${progress.phase}`} data-service={service}>
      <span className="phase-service">{service}</span>
      <span className={`badge tone-${phaseTone(progress.phase, finished)}`}>
        {t(`phase.${progress.phase}`)}
      </span>
      <span className="phase-message">{progress.message}</span>
      {elapsed !== undefined && <span className="muted small">{formatDuration(elapsed)}</span>}
      {troubled && (
        <IconButton
          label={t('action.logsOf', { service })}
          onClick={() => nav.getState().openLogs([service])}
        >
          <FileText size={14} aria-hidden />
        </IconButton>
      )}
    </li>
  );
}

/** Skipped is not a success: neutral, not green. Degraded (an optional service left behind): a warning. */
function phaseTone(phase: string, finished: boolean): 'bad' | 'warn' | 'neutral' | 'ok' | 'progress' {
  if (phase === 'failed') return 'bad';
  if (phase === 'degraded') return 'warn';
  if (phase === 'skipped') return 'neutral';
  return finished ? 'ok' : 'progress';
}

/** `ended`: the task is over, so a pull that did not finish is not "downloading" or "waiting" any more. */
function PullRow({ service, pull, ended }: { service: string; pull: PullProgress; ended: boolean }) {
  const { t } = useTranslation();
  const { summary } = pull;
  const total = summary.total;
  const label = t('progress.pullOf', { service, image: pull.image });
  const amount = summary.done
    ? t('progress.pullDone')
    : ended
      ? total > 0
        ? t('progress.pullStoppedAt', { current: formatBytes(summary.current), total: formatBytes(total) })
        : t('progress.pullStopped')
      : total > 0
        ? `${formatBytes(summary.current)} / ${formatBytes(total)}`
        : t('progress.pullWaiting');
  return (
    <details className="pull">
      <summary>
        <ChevronDown size={14} aria-hidden className="chevron" />
        <span className="pull-name">
          {service} <span className="mono small muted">{pull.image}</span>
        </span>
        <progress aria-label={label} max={total || 1} value={summary.done ? total || 1 : summary.current} />
        <span className="small">{amount}</span>
      </summary>
      {pull.retry && (
        <p className="small text-warn">
          {t('progress.pullRetry', { attempt: pull.retry.attempt, error: pull.retry.error })}
        </p>
      )}
      <ul className="layers" aria-label={t('progress.layersOf', { service })}>
        {summary.layers.map((layer) => (
          <li key={layer.id}>
            <span className="mono small">{layer.id}</span>
            <progress
              aria-label={t('progress.layer', { id: layer.id })}
              max={layer.total || 1}
              value={layer.done ? layer.total || 1 : layer.current}
            />
            <span className="small muted">
              {ended && !layer.done ? t('progress.pullStopped') : layer.status}
              {layer.total > 0 && !layer.done
                ? ` ${formatBytes(layer.current)} / ${formatBytes(layer.total)}`
                : ''}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}
