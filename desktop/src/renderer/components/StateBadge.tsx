// States in words, with an icon and a colour (never colour alone).
import { AlertTriangle, CircleCheck, CircleDashed, CircleSlash, Loader, PauseCircle } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { OverallState, ServiceState } from '../types.js';

const OVERALL_TONE: Record<OverallState, string> = {
  stopped: 'neutral',
  starting: 'progress',
  running: 'ok',
  degraded: 'bad',
  partial: 'warn',
};

const SERVICE_TONE: Record<ServiceState, string> = {
  missing: 'neutral',
  created: 'neutral',
  starting: 'progress',
  running: 'ok',
  healthy: 'ok',
  unhealthy: 'bad',
  restarting: 'bad',
  paused: 'warn',
  exited: 'neutral',
  dead: 'bad',
  removing: 'neutral',
};

function ToneIcon({ tone }: { tone: string }) {
  const props = { size: 14, 'aria-hidden': true } as const;
  if (tone === 'ok') return <CircleCheck {...props} />;
  if (tone === 'bad') return <AlertTriangle {...props} />;
  if (tone === 'warn') return <PauseCircle {...props} />;
  if (tone === 'progress') return <Loader {...props} className="spin" />;
  if (tone === 'neutral') return <CircleSlash {...props} />;
  return <CircleDashed {...props} />;
}

/** `optionalOnly`: degraded only by optional services (STATUS itself runs): a warning, not an error. */
export function OverallBadge({
  state,
  optionalOnly,
}: {
  state: OverallState | undefined;
  optionalOnly?: boolean;
}) {
  const { t } = useTranslation();
  const tone = !state ? 'neutral' : state === 'degraded' && optionalOnly ? 'warn' : OVERALL_TONE[state];
  return (
    <span className={`badge tone-${tone}`} data-state={state ?? 'unknown'}>
      <ToneIcon tone={tone} />
      {state ? t(`overall.${state}`) : t('overall.unknown')}
    </span>
  );
}

/**
 * `failed`: it exited on its own (a crash), not because it was asked to stop. `degraded`: an
 * optional service that is failing (STATUS runs without it): a warning, named "Degraded".
 */
export function ServiceStateBadge({
  state,
  failed,
  degraded,
}: {
  state: ServiceState;
  failed?: boolean;
  degraded?: boolean;
}) {
  const { t } = useTranslation();
  const tone = degraded ? 'warn' : failed ? 'bad' : SERVICE_TONE[state];
  return (
    <span className={`badge tone-${tone}`} data-state={degraded ? 'degraded' : state}>
      <ToneIcon tone={degraded ? 'bad' : tone} />
      {degraded ? t('state.degraded') : failed ? t('state.crashed') : t(`state.${state}`)}
    </span>
  );
}
